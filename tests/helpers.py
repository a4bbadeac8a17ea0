"""Helpers shared by several test layers (fixtures stay in the conftest files)."""

from __future__ import annotations

import atexit
import contextlib
import functools
import gzip
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import InvalidRequirement, Requirement
from textual.pilot import Pilot
from whoosh import index as whoosh_index
from whoosh.filedb.structfile import StructFile

from tests.conftest import SEEDS
from tui.app import BroadsheetApp
from tui.cli import main as cli_main
from tui.core.entities import LABELS, Entity, gazetteer
from tui.core.files import write_atomically
from tui.core.index import ArticleIndex
from tui.core.index import updater as updater_module
from tui.core.index.engine import segments as engine_segments
from tui.core.trust import make_private_folder
from tui.screens.entity_browser import EntityBrowser
from tui.widgets import ReaderPane

REPO = Path(__file__).resolve().parents[1]


@functools.cache
def _name_table_cache() -> tuple[str, bytes] | None:
    """The recognizer's name-table cache file as this checkout writes it: (name, bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-tables-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    try:
        path = gazetteer._cache_path()
        if path is None:
            return None
        gazetteer._write_cache(path, gazetteer._tables())
        return (path.name, path.read_bytes()) if path.exists() else None
    finally:
        if saved is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = saved


def seed_name_tables(cache_home: Path) -> None:
    """Put the recognizer's name-table cache in `cache_home`, as a returning user has it.

    Every new Broadsheet process otherwise draws the tables again (about a second of CPU);
    the tables are the same for every test. Tests of the cache itself, and one end-to-end
    first launch, start without it.
    """
    cached = _name_table_cache()
    if cached is None:
        return
    name, data = cached
    folder = make_private_folder(cache_home / "broadsheet")
    write_atomically(folder / name, data)


@dataclass(frozen=True)
class CliResult:
    """What a run of the command line gave: its status and its output as text."""

    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environment(changes: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, input: str = "") -> CliResult:
    """Run `broadsheet ARGS` in this process (its `main(argv)`), in `cwd`, output captured."""
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO(input)
    with (
        contextlib.chdir(cwd),
        _environment(env or {}),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        saved_stdin, sys.stdin = sys.stdin, stdin
        try:
            code = cli_main(list(args))
        except SystemExit as leaving:  # argparse's usage errors
            code = leaving.code if isinstance(leaving.code, int) else 2
        finally:
            sys.stdin = saved_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli_process(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m tui ARGS` as a real process (for the few smoke tests that need one)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str = "broadsheet") -> dict[str, metadata.Distribution]:
    """Every installed distribution `root` needs at run time, transitively: extras and
    requirements whose markers do not hold here (`python_version < "3"`) left out."""
    found: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = _normalised(pending.pop())
        if name in found:
            continue
        distribution = metadata.distribution(name)
        found[name] = distribution
        for text in distribution.requires or []:
            try:
                requirement = Requirement(text)
            except InvalidRequirement:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            pending.append(requirement.name)
    return found


# The app under Pilot ----------------------------------------------------------------

LONG_ARTICLE = "Long Read on Shipping\n\nBy Ann Lee\n\nMarch 3, 2026\n\n" + "\n\n".join(
    f"Paragraph {n}: tankers crossed the Strait of Hormuz while insurers in London "
    f"weighed the risk of further attacks on shipping."
    for n in range(1, 80)
)


HOSTILE_ARTICLE = (
    "[bold]Loud[/] \x1b[2J Title [@click=app.quit]quit[/]\n\n"
    "By [link=file:///etc/passwd]Evil[/link]\n\n"
    "Body with [@click=app.quit]a click[/] and \x1b]52;c;aGVsbG8=\x07 and \u202eevil\u202c text.\n"
)


def make_corpus(folder: Path, *extra: tuple[str, str]) -> Path:
    """The seed articles plus extra (name, text) files."""
    shutil.copytree(SEEDS, folder)
    for name, text in extra:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


async def wait_until(
    pilot: Pilot[None], predicate: Callable[[], bool], timeout: float = 30.0
) -> None:
    """Let the app run until the predicate holds (fails the test on timeout)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for the app on {pilot.app.screen!r}")
        await pilot.pause(0.05)


async def ready(pilot: Pilot[None]) -> BroadsheetApp:
    """Wait until indexing has finished and the list is filled."""
    app = pilot.app
    assert isinstance(app, BroadsheetApp)
    await wait_until(pilot, lambda: app.main_screen.indexed)
    await pilot.pause()
    return app


async def article_shown(pilot: Pilot[None]) -> None:
    """Wait until the reading pane shows an article (one just asked to open)."""
    app = pilot.app
    assert isinstance(app, BroadsheetApp)
    reader = app.main_screen.query_one(ReaderPane)
    await wait_until(pilot, lambda: reader.article is not None)


async def open_entity_browser(pilot: Pilot[None]) -> EntityBrowser:
    """Press `p` and wait until the entity browser has its names."""
    app = pilot.app
    await pilot.press("p")
    await wait_until(
        pilot, lambda: isinstance(app.screen, EntityBrowser) and bool(app.screen.entities)
    )
    browser = app.screen
    assert isinstance(browser, EntityBrowser)
    return browser


async def answered(pilot: Pilot[None], text: str | None = None) -> None:
    """Wait until the list and status answer `text` (by default, whatever is in the box).

    Results for a half-typed query can arrive before the whole query is searched; waiting
    for the screen to say which query it answers keeps tests off those in-between states.
    """
    app = pilot.app
    assert isinstance(app, BroadsheetApp)
    screen = app.main_screen
    await wait_until(
        pilot,
        lambda: (
            screen.answered is not None
            and screen.answered == (screen.search_text if text is None else text)
        ),
    )
    await pilot.pause()


async def search_for(pilot: Pilot[None], text: str) -> None:
    """Type a query into the search box and wait for its answer."""
    await pilot.press("slash", *text)
    await answered(pilot, text)


# A small corpus and its index -------------------------------------------------------

ARTICLES: dict[str, str] = {
    "kremlin-ceasefire.md": """# Kremlin Welcomes Iran Ceasefire Deal

By Anna Petrova

April 8, 2026

The Kremlin said on Wednesday that it welcomed the ceasefire between Iran and Israel.

Russian President Vladimir Putin spoke with Iranian President Masoud Pezeshkian by phone.

Shipping through the Strait of Hormuz resumed as governments urged restraint.
""",
    "putin-peace.md": """# Putin Says Ready to Help Peace Efforts

By AFP

April 12, 2026

Vladimir Putin told his Iranian counterpart that Russia was ready to help mediate peace talks.

Putin emphasised his readiness to facilitate a political settlement, the Kremlin said.

Original url:

<https://www.themoscowtimes.com/2026/04/12/putin-says-ready-a92478>
""",
    "oil-prices.md": """# Oil Prices Climb as Strait Stays Tense

By John Miller

March 30, 2026

Oil prices rose sharply on Monday as traders worried about tankers in the Gulf.

Analysts at Goldman Sachs said supply from the strait could fall further.

Original url:

<https://www.reuters.com/markets/oil-prices-climb>
""",
    "election-berlin.md": """# Berlin Prepares for a Snap Election

By Clara Weber

February 3, 2026

Voters in Berlin will choose a new parliament after the coalition collapsed.

Chancellor candidates held rallies across Germany over the weekend.
""",
    "football-final.md": """# Madrid Win the Cup Final

By Luis Garcia

May 2, 2025

Real Madrid beat Barcelona in a dramatic cup final decided by penalties.

The government declared a holiday in the capital to celebrate the victory.
""",
}


def write_corpus(root: Path, articles: dict[str, str] | None = None) -> Path:
    """Write the fixture articles into `root/corpus` and return that folder."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in (ARTICLES if articles is None else articles).items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return corpus


def open_index(corpus: Path, root: Path, **options: object) -> ArticleIndex:
    """Open the index of `corpus` in `root/index`."""
    return ArticleIndex.open(corpus, root / "index", **options)  # type: ignore[arg-type]


def built_index(root: Path, articles: dict[str, str] | None = None) -> ArticleIndex:
    """A corpus written into `root` and its index brought up to date."""
    index = open_index(write_corpus(root, articles), root)
    index.update()
    return index


def bump_mtime(path: Path, seconds: int = 10) -> None:
    """Move a file's mtime forward without changing its content."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


# The entity recognizer's contract ----------------------------------------------------

NEWSY_WORDS = [
    "President",
    "Vladimir",
    "Putin",
    "Iran",
    "IRAN",
    "the",
    "The",
    "of",
    "Strait",
    "Hormuz",
    "Inc.",
    "U.S.",
    "al-",
    "bin",
    "$",
    "1.5",
    "billion",
    "%",
    "percent",
    "Feb.",
    "28",
    "Sunday",
    "2025",
    "'s",
    "’s",
    ".",
    ",",
    "\n",
    "—",
    "“",
    "Air",
    "Base",
    "Ministry",
    "Russian",
    "https://x.org/2026/04",
    "May",
    "&",
    "-",
    "St.",
    "Mr.",
]


def assert_contract(text: str, entities: list[Entity]) -> None:
    """Offsets slice exactly, spans are sorted and disjoint, labels are OntoNotes labels."""
    previous_end = 0
    for e in entities:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.start >= previous_end
        assert e.label in LABELS
        previous_end = e.end


# A planted pickle ------------------------------------------------------------------


class Planted:
    """What an attacker puts in a pickle: unpickling it creates the `marker` file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


def plant_table_of_contents(folder: Path, marker: Path) -> Path:
    """Overwrite the index's latest Whoosh table of contents with one whose schema, once
    unpickled, creates `marker`; returns the file."""
    toc = max(folder.glob("_MAIN_*.toc"), key=lambda path: int(path.stem.split("_")[-1]))
    stream = StructFile(io.BytesIO())
    for size in (whoosh_index._INT_SIZE, whoosh_index._LONG_SIZE, whoosh_index._FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(whoosh_index._CURRENT_TOC_VERSION)
    for part in (2, 7, 0):
        stream.write_varint(part)
    stream.write_string(pickle.dumps(Planted(marker)))
    toc.write_bytes(stream.file.getvalue())
    return toc


def styled_spans(widget: object) -> dict[str, set[str]]:
    """The styles over each piece of text a Static shows (its Content's spans), by text."""
    content = widget.visual  # type: ignore[attr-defined]
    found: dict[str, set[str]] = {}
    for span in content.spans:
        found.setdefault(content.plain[span.start : span.end], set()).add(str(span.style))
    return found


DOJ_RELEASES = (
    REPO / ".." / "shared" / "data" / "news" / "doj_opa_press_releases" / "articles.jsonl.gz"
)


def doj_releases(count: int, *, topic: str | None = None, skip: int = 0) -> list[dict[str, Any]]:
    """The first `count` real DOJ press releases (of one topic, when given) with long bodies."""
    found: list[dict[str, Any]] = []
    with gzip.open(DOJ_RELEASES, "rt", encoding="utf-8") as handle:
        for line in handle:
            release = json.loads(line)
            if len(release.get("body", "").split()) < 150:
                continue
            if topic is not None and topic not in (release.get("topics") or []):
                continue
            if skip:
                skip -= 1
                continue
            found.append(release)
            if len(found) == count:
                return found
    return found


def doj_markdown(count: int) -> dict[str, str]:
    """The first `count` real DOJ press releases as Markdown article files, by file name."""
    return {
        f"release-{n:03d}.md": f"# {r['title']}\n\nDate: {r['date']}\n\n{r['body']}\n"
        for n, r in enumerate(doj_releases(count))
    }


def index_in_batches(
    monkeypatch: pytest.MonkeyPatch, size: int, *, first: int | None = None, merged: int = 10
) -> None:
    """Updates in this process commit a segment per `size` articles (the first of `first`),
    none folded into another at commit; a tidying merges segments into `merged` articles."""
    monkeypatch.setattr(updater_module, "FIRST_BATCH", first or size)
    monkeypatch.setattr(updater_module, "MAX_BATCH", size)
    monkeypatch.setattr(engine_segments, "SMALL_SEGMENT", 0)
    monkeypatch.setattr(engine_segments, "MERGE_DOCS", merged)


def doj_bodies(ids: set[str]) -> dict[str, str]:
    """The bodies of the real DOJ press releases with these ids ("release_00459")."""
    found: dict[str, str] = {}
    with gzip.open(DOJ_RELEASES, "rt", encoding="utf-8") as handle:
        for line in handle:
            if any(ident in line[:40] for ident in ids):  # the id comes first: parse few
                release = json.loads(line)
                if release.get("id") in ids:
                    found[release["id"]] = release.get("body", "")
    return found


def _release_json(title: str, body: str, date: str, source: str) -> str:
    return json.dumps({"title": title, "body": body, "date": date, "source": source})


def write_copies_corpus(folder: Path) -> Path:
    """A corpus of real DOJ releases with planted copies (one JSON file each).

    Three tax releases, distinct stories on one subject: `tax-a` has an exact copy under
    another title and source (`tax-a-exact`) and wire copy with another opening line and a
    sign-off (`tax-a-wire`); `tax-b` has a copy with small edits (`tax-b-edited`); `tax-c`
    stands alone, as do three releases on other subjects (`other-0..2`).
    """
    folder.mkdir(parents=True, exist_ok=True)
    tax = doj_releases(3, topic="Tax")
    others = doj_releases(3, skip=40)
    for name, release in zip(("tax-a", "tax-b", "tax-c"), tax, strict=True):
        (folder / f"{name}.json").write_text(
            _release_json(release["title"], release["body"], release["date"], "Justice Dept"),
            encoding="utf-8",
        )
    a, b = tax[0], tax[1]
    (folder / "tax-a-exact.json").write_text(
        _release_json("Accountant charged", a["body"], a["date"], "Daily Wire"), encoding="utf-8"
    )
    sentences = re.split(r"(?<=[.!?])\s+", a["body"].strip())
    wire = "\n\n".join(
        ["MIAMI (Newswire) - Prosecutors said on Tuesday a case had been brought.",
         " ".join(sentences[1:]), "(Reporting by the Newswire desk.)"]
    )  # fmt: skip
    (folder / "tax-a-wire.json").write_text(
        _release_json("Florida tax case", wire, a["date"], "Newswire"), encoding="utf-8"
    )
    words = b["body"].split(" ")
    edited = " ".join(
        "reportedly" if number % 60 == 7 else word
        for number, word in enumerate(words)
        if number % 90 != 13
    )
    (folder / "tax-b-edited.json").write_text(
        _release_json("Tax preparer case", edited, b["date"], "Courier"), encoding="utf-8"
    )
    for number, release in enumerate(others):
        (folder / f"other-{number}.json").write_text(
            _release_json(release["title"], release["body"], release["date"], "Justice Dept"),
            encoding="utf-8",
        )
    return folder
