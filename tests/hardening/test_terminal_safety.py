"""Terminal safety: hostile titles, bylines, bodies and file names are printed as inert text by
every command, and shown inert by the reader in a real terminal (tmux) without changing its
state: no cleared screen, no clipboard write, no title change."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.e2e.terminal import Terminal, broadsheet_command, strip_sgr, tmux_available
from tests.hardening.conftest import broadsheet, cli_env
from tests.hardening.hostile import HOSTILE_TEXT, HostileCorpus, build_hostile_corpus
from tui.core.inert import inert_json

# Bytes a terminal acts on: C0 controls but newline, DEL, C1 controls in UTF-8, and the
# bidirectional overrides and isolates in UTF-8.
OBEYED = re.compile(
    rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
    rb"|\xd8\x9c|\xe2\x80[\x8e\x8f]"
)
HOSTILE_NAME = "evil\x1b]0;pwned-title\x07\x1b[2J[b]name\u202e.txt"


def assert_printable(output: bytes, what: str) -> None:
    """Nothing in `output` would be obeyed by a terminal (and it is valid UTF-8)."""
    found = OBEYED.search(output)
    assert found is None, f"{what} printed {found.group()!r}: {output[:400]!r}"
    output.decode("utf-8")


@pytest.fixture
def cli_corpus(tmp_path: Path) -> HostileCorpus:
    corpus = build_hostile_corpus(tmp_path / "corpus", outside=tmp_path / "outside")
    os.unlink(os.path.join(os.fsencode(corpus.root), b"caf\xe9 latin1 name.txt"))
    del corpus.articles["caf\udce9 latin1 name.txt"]
    (corpus.root / HOSTILE_NAME).write_text(
        f"Putin {HOSTILE_TEXT}\n\nBy Reuters {HOSTILE_TEXT}\n\nVladimir Putin met "
        f"officials in Moscow on Monday, {HOSTILE_TEXT} said the Kremlin.\n"
        + "\n\nThe talks went on for hours and ended without a deal, aides said."
        * 20
    )
    (corpus.root / f"binary-{HOSTILE_NAME}").write_bytes(b"\x00\x01\x02")
    return corpus


def run_every_command(
    corpus: HostileCorpus, home: Path
) -> dict[str, subprocess.CompletedProcess[bytes]]:
    """Each command that prints article text or file names, on the hostile corpus."""
    root = str(corpus.root)
    return {
        "index": broadsheet("index", root, home=home),
        "index --json": broadsheet("index", "--json", root, home=home),
        "search": broadsheet("search", "putin OR quokkazedn", "--corpus", root, home=home),
        "search --json": broadsheet("search", "putin", "--json", "--corpus", root, home=home),
        "bad query": broadsheet("search", f'"{HOSTILE_TEXT}', "--corpus", root, home=home),
        "entities": broadsheet("entities", str(corpus.root / HOSTILE_NAME), home=home),
        "entities --json": broadsheet(
            "entities", "--json", str(corpus.root / HOSTILE_NAME), home=home
        ),
        "entities -": broadsheet("entities", "-", home=home, input=f"Putin {HOSTILE_TEXT}"),
        "entities --jsonl": broadsheet(
            "entities",
            "--jsonl",
            home=home,
            input=json.dumps({"text": f"Vladimir Putin {HOSTILE_TEXT}"}) + "\n{bad\n",
        ),
        "entities of a binary": broadsheet(
            "entities", str(corpus.root / f"binary-{HOSTILE_NAME}"), home=home
        ),
        "missing corpus": broadsheet(str(home / HOSTILE_NAME), home=home),
        "missing corpus (index)": broadsheet("index", str(home / HOSTILE_NAME), home=home),
    }


def unsafe_output(runs: dict[str, subprocess.CompletedProcess[bytes]]) -> list[str]:
    """What each run printed that a terminal would obey, or a crash."""
    failures = []
    for what, run in runs.items():
        if b"Traceback" in run.stderr:
            failures.append(f"{what} crashed: {run.stderr.decode(errors='replace')[-300:]}")
        for stream, output in (("stdout", run.stdout), ("stderr", run.stderr)):
            try:
                assert_printable(output, f"{what} ({stream})")
            except (AssertionError, UnicodeDecodeError) as error:
                failures.append(str(error)[:300])
    return failures


JSON_OF_INDEX_AND_SEARCH = ("index --json", "search --json")


def test_every_command_prints_hostile_text_inert(cli_corpus: HostileCorpus, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    runs = run_every_command(cli_corpus, home)
    failures = unsafe_output(
        {what: run for what, run in runs.items() if what not in JSON_OF_INDEX_AND_SEARCH}
    )
    assert not failures, "\n".join(failures)
    assert runs["search"].returncode == 0 and runs["bad query"].returncode == 2
    assert "pwned-title" in runs["search"].stdout.decode()
    entities = json.loads(runs["entities --json"].stdout)
    assert any(entity["text"] == "Vladimir Putin" for entity in entities)


def test_json_of_index_and_search_is_inert_and_exact(
    cli_corpus: HostileCorpus, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    root = str(cli_corpus.root)
    unwritable = f"/proc/{HOSTILE_NAME}"
    runs = {
        "index --json": broadsheet("index", "--json", root, home=home),
        "search --json": broadsheet("search", "putin", "--json", "--corpus", root, home=home),
        "index, unwritable": broadsheet("index", root, "--index-dir", unwritable, home=home),
        "search, unwritable": broadsheet(
            "search", "x", "--corpus", root, "--index-dir", unwritable, home=home
        ),
    }
    failures = unsafe_output(runs)
    assert not failures, "\n".join(failures)
    # The JSON still carries the text exactly: escaped, not altered.
    hits = [json.loads(line) for line in runs["search --json"].stdout.splitlines()]
    assert HOSTILE_NAME in {hit["id"] for hit in hits}
    assert any("\x1b" in (hit["snippet"] or "") for hit in hits)  # exact, not made inert
    report = json.loads(runs["index --json"].stdout)
    assert f"binary-{HOSTILE_NAME}" in {item["id"] for item in report["skipped"]}


@given(st.text())
def test_inert_json_is_printable_and_parses_back_to_the_same_value(text: str) -> None:
    printed = inert_json(json.dumps({"text": text}, ensure_ascii=False))
    assert_printable(printed.encode("utf-8"), "inert_json")
    assert json.loads(printed) == {"text": text}


@pytest.fixture
def tmux_home(tmp_path: Path) -> Path:
    if not tmux_available():
        pytest.fail("tmux is not installed: run `make test`, which installs it")
    home = tmp_path / "home"
    home.mkdir()
    return home


class Watched:
    """A tmux pane with a known title and clipboard, running a shell we drive."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal

    def tmux(self, *args: str) -> str:
        return self.terminal._run(*args)

    def title(self) -> str:
        return self.tmux("display-message", "-p", "-t", "t", "#{pane_title}").strip()

    def buffers(self) -> str:
        return self.tmux("list-buffers")

    def history(self) -> str:
        return self.tmux("capture-pane", "-p", "-S", "-200", "-t", "t")


@pytest.fixture
def watched(tmux_home: Path) -> Iterator[Watched]:
    terminal = Terminal("bash --norc --noprofile", width=130, height=40, env=cli_env(tmux_home))
    try:
        watched = Watched(terminal)
        watched.tmux("set-option", "-g", "set-clipboard", "on")
        watched.tmux("set-option", "-g", "allow-rename", "on")
        watched.tmux("set-option", "-g", "allow-passthrough", "off")
        watched.tmux("select-pane", "-t", "t", "-T", "untouched-title")
        yield watched
    finally:
        terminal.close()


def test_the_reader_shows_hostile_text_inert_and_leaves_the_terminal_alone(
    cli_corpus: HostileCorpus, tmux_home: Path, watched: Watched
) -> None:
    terminal = watched.terminal
    terminal.type("echo BEFORE-THE-'READER'; PS1='$ '")  # waits for the output, not the command
    terminal.send("Enter")
    terminal.wait_for("BEFORE-THE-READER")
    # The check itself works: a raw escape sequence would change the title and clipboard.
    command = broadsheet_command(cli_corpus.root, tmux_home)
    terminal.type(f"{command}; echo READER-EXITED-$?")
    terminal.send("Enter")
    terminal.wait_for("skipped (S)", timeout=60)
    terminal.send("/")
    terminal.type("putin")
    terminal.wait_for(lambda s: re.search(r"\b\d+ hits?\b", s) is not None)
    terminal.send("Enter")
    terminal.send("Enter")
    screen = terminal.wait_for("pwned-title")
    assert "␛]0;pwned-title" in strip_sgr(screen), strip_sgr(screen)
    terminal.send("E")
    terminal.wait_for("Entities in this article")
    terminal.send("Escape")
    terminal.wait_for(lambda screen: "Entities in this article" not in screen)
    terminal.send("S")
    terminal.wait_for("Skipped files")
    screen = strip_sgr(terminal.screen())
    assert "evil\\x1b]0;pwned-title\\x07" in screen, screen
    assert "\u202e" not in screen
    terminal.send("Escape")
    terminal.wait_for(lambda screen: "Skipped files" not in screen)
    assert watched.title() == "untouched-title"
    assert watched.buffers() == ""
    terminal.send("q")
    terminal.wait_for("READER-EXITED-0")
    assert watched.title() == "untouched-title"
    assert watched.buffers() == ""
    assert "BEFORE-THE-READER" in watched.history()


def test_printing_hostile_text_raw_would_be_caught(watched: Watched, tmp_path: Path) -> None:
    """The checks above can fail: raw escape sequences do change the title and clipboard."""
    raw = tmp_path / "raw.txt"
    raw.write_text(HOSTILE_TEXT)
    watched.terminal.type(f"cat {raw}; echo; echo DONE-'RAW'")  # the output, not the command
    watched.terminal.send("Enter")
    watched.terminal.wait_for("DONE-RAW")
    assert watched.title() == "pwned-title"
    assert "pwned" in watched.tmux("show-buffer")


def test_a_hostile_corpus_folder_name_leaves_the_terminal_alone(
    tmp_path: Path, tmux_home: Path, watched: Watched
) -> None:
    root = tmp_path / "news\x1b]2;pwned-title\x07\x1b]52;c;cHduZWQ=\x07\u202e"
    root.mkdir()
    (root / "a.txt").write_text("A Story\n\nThe council met again on Monday.\n")
    plain = tmp_path / "plain"  # typed in the shell; the reader names the folder it resolves to
    plain.symlink_to(root)
    terminal = watched.terminal
    terminal.type(f"{broadsheet_command(plain, tmux_home)}; echo READER-EXITED-$?")
    terminal.send("Enter")
    screen = strip_sgr(terminal.wait_for("Choose an article", timeout=60))
    time.sleep(1)  # the indexing worker has finished and the header is drawn again
    screen = strip_sgr(terminal.screen())
    title, buffers = watched.title(), watched.buffers()
    terminal.send("q")
    terminal.wait_for("READER-EXITED-0")
    assert (title, buffers) == ("untouched-title", "")
    assert "news␛]2;pwned-title␇" in screen, screen
