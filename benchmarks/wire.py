"""Bytes on the wire: what each action of the real program writes to its terminal.

The program runs in a detached tmux pane whose output is copied to a file with
`tmux pipe-pane`; each action's cost is how much that file grew from the key press until
the output settled. newsboat, driven the same way on the shared feed files, is the
yardstick; Broadsheet is measured on those same feeds too, so each ratio compares the same
articles (newsboat opens the newest feed item, a two-line summary, where the generated
corpus's first article fills the pane).
"""

from __future__ import annotations

import contextlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .app_measures import _remove_socket, expected_listing, private_environment
from .machine import ROOT
from .stats import median

SIZES = ((120, 40), (80, 24))
WIRE_ARTICLES = 3000
MOVES = 20
"""Cursor moves in the list; the median is reported."""
TYPING_GAP = 0.15
"""Seconds between typed characters: a person typing quickly."""
SEARCH_WORD = "voters"
FEEDS_SEARCH_WORD = "Petty"
"""A word of one long article of the shared feeds (5,235 characters, longer than a screen):
both programs search the feeds for it, open the hit and page down in it."""
QUIET = 1.0
"""Seconds without output after which an action counts as finished."""
START_WAIT = 3.0
"""Seconds to wait for an action's first byte (on a busy machine the app may lag)."""
SHOWN_WAIT = 60.0
"""Seconds to wait for what an action shows when it comes from a worker (an article, hits)."""
FEEDS = ROOT / ".." / "shared" / "data" / "feeds"
TARGETS_120x40 = {
    "start-up": 30_000,
    "list cursor move": 1_000,
    "open article": 20_000,
    "page down": 10_000,
    "search character (mean)": 8_000,
}
"""The issue's targets at 120x40, in bytes."""
WITHIN_3X = ("start-up", "list cursor move", "open article", "page down in the hit")
"""The targeted actions judged against newsboat on the same feeds (the first article of
the feeds is shorter than a screen in both, so paging is judged in the long hit)."""
UNLIKE = {"search character (mean)": "newsboat only echoes the letter, it searches on Enter"}
"""Actions both programs have in name but not in what they do, so left out of the ratios."""


class WirePane:
    """One program in a private tmux server, everything it writes copied to a file."""

    def __init__(self, command: str, width: int, height: int, env: dict[str, str]) -> None:
        self.socket = f"broadsheet-wire-{uuid.uuid4().hex[:8]}"
        self.folder = Path(tempfile.mkdtemp(prefix="broadsheet-wire-"))
        self.capture = self.folder / "wire.out"
        self.capture.touch()
        go = self.folder / "go"
        # The program waits for `go`, so pipe-pane is in place before its first byte.
        waiting = f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.02; done; exec {command}"
        self._tmux(
            "new-session", "-d", "-x", str(width), "-y", str(height), "-s", "w",
            f"sh -c {shlex.quote(waiting)}", env=env,
        )  # fmt: skip
        self._tmux("set-option", "-t", "w", "remain-on-exit", "on")
        self._tmux("pipe-pane", "-o", "-t", "w", f"cat >> {shlex.quote(str(self.capture))}")
        go.touch()

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, env=env, timeout=30, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def written(self) -> int:
        """Bytes the program has written so far."""
        return self.capture.stat().st_size

    def screen(self) -> str:
        """The visible text of the pane."""
        return self._tmux("capture-pane", "-p", "-t", "w")

    def keys(self, *keys: str, literal: bool = False) -> None:
        """Press tmux keys (or type literal text)."""
        self._tmux("send-keys", "-t", "w", *(["-l"] if literal else []), *keys)

    def settle(self, quiet: float = QUIET, timeout: float = 30.0) -> None:
        """Wait until nothing has been written for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        size, since = self.written(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.written()
            if now != size:
                size, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def wait_for(self, text: str | Callable[[str], bool], timeout: float = 120.0) -> None:
        """Wait until the pane shows `text` (or its text passes the check)."""
        check = text if callable(text) else (lambda screen: text in screen)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check(self.screen()):
                return
            time.sleep(0.05)
        raise RuntimeError(f"{text!r} never appeared; the pane shows:\n{self.screen()}")

    def cost(
        self, *keys: str, literal: bool = False, shows: str | Callable[[str], bool] | None = None
    ) -> int:
        """Bytes written by pressing `keys`, once the output has started and settled.

        With `shows`, also wait until the pane shows that text: on a busy machine a
        worker's answer (the article, the hits) can come later than a pause in the output.
        """
        before = self.written()
        self.keys(*keys, literal=literal)
        deadline = time.monotonic() + START_WAIT
        while self.written() == before and time.monotonic() < deadline:
            time.sleep(0.02)
        if shows is not None:
            self.wait_for(shows, timeout=SHOWN_WAIT)
        self.settle()
        return self.written() - before

    def alive(self) -> bool:
        """Whether the program is still running in the pane."""
        return self._tmux("display-message", "-p", "-t", "w", "#{pane_dead}").strip() != "1"

    def close(self) -> None:
        """Stop the server and remove the capture."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)
        _remove_socket(self.socket)
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def wire_pane(command: str, width: int, height: int, env: dict[str, str]) -> Iterator[WirePane]:
    """A `WirePane`, closed afterwards."""
    pane = WirePane(command, width, height, env)
    try:
        yield pane
    finally:
        pane.close()


@dataclass
class Actions:
    """Bytes per action of one program at one size."""

    program: str
    size: str
    bytes: dict[str, float] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)


def _check_alive(pane: WirePane, step: str) -> None:
    if not pane.alive():
        raise RuntimeError(f"the program ended at {step!r}; the pane shows:\n{pane.screen()}")


def _moves(pane: WirePane, down: str, up: str) -> list[int]:
    """Bytes of each of MOVES cursor moves: down half of them, then back up."""
    costs = [pane.cost(down) for _ in range(MOVES // 2)]
    costs += [pane.cost(up) for _ in range(MOVES - MOVES // 2)]
    return costs


def _hits_shown(screen: str) -> bool:
    """Whether the status line gives the hit count ("1 hit in", "780 hits in")."""
    return re.search(r"\b[\d,]+ hits? in ", screen) is not None


def _typing(
    pane: WirePane, word: str, shows: str | Callable[[str], bool] | None = None
) -> list[int]:
    """Bytes of each character typed TYPING_GAP apart (the last one until settled, and
    until the pane shows `shows`, when given)."""
    costs = []
    for number, char in enumerate(word):
        before = pane.written()
        pane.keys(char, literal=True)
        if number < len(word) - 1:
            time.sleep(TYPING_GAP)
        else:
            if shows is not None:
                pane.wait_for(shows, timeout=SHOWN_WAIT)
            pane.settle()
        costs.append(pane.written() - before)
    return costs


def measure_broadsheet(
    corpus: Path,
    index_dir: Path,
    width: int,
    height: int,
    env: dict[str, str],
    word: str = SEARCH_WORD,
) -> Actions:
    """Start-up, list moves, opening, paging, searching (for `word`) and returning."""
    program = Path(sys.executable).with_name("broadsheet")
    expect, first_title = expected_listing(corpus, index_dir)
    command = (
        f"{shlex.quote(str(program))} {shlex.quote(str(corpus))} "
        f"--index-dir {shlex.quote(str(index_dir))}"
    )
    actions = Actions("broadsheet", f"{width}x{height}")
    with wire_pane(command, width, height, env) as pane:
        pane.wait_for(first_title[:20])
        pane.settle(quiet=1.5, timeout=60)
        actions.bytes["start-up"] = pane.written()
        moves = _moves(pane, "Down", "Up")
        actions.bytes["list cursor move"] = median([float(m) for m in moves])
        actions.detail["list cursor moves"] = moves
        # What a step shows when it is done, where a worker answers it: the article's
        # title in the reader beside the list's, the hit count, the reader's match count.
        title, beside = first_title[:20], 2 if width >= 100 else 1

        def article_shown(screen: str) -> bool:
            # Wide, the title is in the list and the reader; narrow, the reader alone.
            return "Choose an article" not in screen and screen.count(title) >= beside

        actions.bytes["open article"] = pane.cost("Enter", shows=article_shown)
        steps: list[tuple[str, str, str | None]] = [
            ("page down", "Space", None), ("return to list", "Escape", None),
            ("focus search", "/", None),
        ]  # fmt: skip
        for name, key, shows in steps:
            actions.bytes[name] = pane.cost(key, shows=shows)
            _check_alive(pane, name)
        typed = _typing(pane, word, shows=_hits_shown)
        actions.detail["search characters"] = typed
        actions.bytes["search character (mean)"] = sum(typed) / len(typed)
        steps = [
            ("to results", "Enter", None), ("open hit", "Enter", "n to go to the first"),
            ("next match (n)", "n", "match 1 of"), ("page down in the hit", "Space", None),
            ("return to results", "Escape", None),
        ]  # fmt: skip
        for name, key, shows in steps:
            actions.bytes[name] = pane.cost(key, shows=shows)
            _check_alive(pane, name)
        actions.detail["articles"] = expect
        pane.keys("q")
    return actions


def _newsboat_files(folder: Path) -> tuple[Path, Path, Path, int]:
    """The urls file (every shared feed through `exec:cat`), config and cache paths."""
    feeds = sorted(FEEDS.resolve().rglob("*.xml"))
    urls = folder / "urls"
    lines = ['"query:All articles:title =~ \\".\\""']
    lines += [f'"exec:cat {feed}"' for feed in feeds]
    urls.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = folder / "config"
    config.write_text("refresh-on-startup yes\nshow-read-feeds yes\n", encoding="utf-8")
    return urls, config, folder / "cache.db", len(feeds)


def measure_newsboat(width: int, height: int, env: dict[str, str]) -> Actions:
    """The same actions in newsboat, where it has them (no search-as-you-type, no `n`)."""
    actions = Actions("newsboat", f"{width}x{height}")
    with tempfile.TemporaryDirectory(prefix="newsboat-wire-") as home:
        urls, config, cache, feeds = _newsboat_files(Path(home))
        command = " ".join(
            shlex.quote(part)
            for part in ("newsboat", "-u", str(urls), "-C", str(config), "-c", str(cache))
        )
        with wire_pane(command, width, height, env) as pane:
            pane.wait_for("All articles")
            pane.settle(quiet=1.5, timeout=60)
            actions.bytes["start-up"] = pane.written()
            actions.bytes["open feed (all articles)"] = pane.cost("Enter")
            moves = _moves(pane, "j", "k")
            actions.bytes["list cursor move"] = median([float(m) for m in moves])
            actions.detail["list cursor moves"] = moves
            actions.bytes["open article"] = pane.cost("Enter")
            actions.bytes["page down"] = pane.cost("Space")
            actions.bytes["return to list"] = pane.cost("q")
            actions.bytes["focus search"] = pane.cost("/")
            typed = _typing(pane, FEEDS_SEARCH_WORD)
            actions.detail["search characters"] = typed
            actions.bytes["search character (mean)"] = sum(typed) / len(typed)
            actions.bytes["to results"] = pane.cost("Enter")
            actions.bytes["open hit"] = pane.cost("Enter")
            actions.bytes["page down in the hit"] = pane.cost("Space")
            actions.detail["feeds"] = feeds
            pane.keys("Q")  # quit from anywhere
    return actions


def newsboat_available() -> bool:
    """Whether newsboat is installed (apt-get install newsboat)."""
    return shutil.which("newsboat") is not None


def build_index(corpus: Path, index_dir: Path, env: dict[str, str]) -> None:
    """`broadsheet index CORPUS --index-dir DIR`, as a reader would."""
    program = Path(sys.executable).with_name("broadsheet")
    subprocess.run(
        [str(program), "index", str(corpus), "--index-dir", str(index_dir)],
        env=env, check=True, capture_output=True,
    )  # fmt: skip


def _environment(home: Path) -> dict[str, str]:
    """Private XDG folders under `home`, as if over SSH, with a 256-colour TERM."""
    env = private_environment(home)
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        env.pop(name, None)
    # As if over SSH (the link this measures); TEXTUAL_ANIMATIONS, when set, still wins.
    env["SSH_CONNECTION"] = "127.0.0.1 50000 127.0.0.1 22"
    env["TERM"] = "xterm-256color"
    return env


def wire_measures(corpus: Path, index_dir: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """Every action at every size, for Broadsheet and (when installed) newsboat.

    Each run has fresh XDG folders: a reading state left by the run before (the article
    last opened, the cursor) would change what the next one starts on.
    """
    results: dict[str, Any] = {"articles": None, "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="broadsheet-wire-home-") as home:
        if not index_dir.is_dir() or not any(index_dir.glob("*.toc")):
            say(f"wire: indexing {corpus} ...")
            build_index(corpus, index_dir, _environment(Path(home) / "index"))
        feeds_index = Path(home) / "feeds-index"
        if newsboat_available():
            build_index(FEEDS.resolve(), feeds_index, _environment(Path(home) / "index"))
        for width, height in SIZES:
            size = f"{width}x{height}"
            env = _environment(Path(home) / f"broadsheet-{size}")
            ours = measure_broadsheet(corpus, index_dir, width, height, env)
            results["articles"] = ours.detail["articles"]
            say(f"wire: broadsheet {size}: {_brief(ours.bytes)}")
            row: dict[str, Any] = {"broadsheet": ours.bytes, "broadsheet_detail": ours.detail}
            if newsboat_available():
                theirs = measure_newsboat(width, height, _environment(Path(home) / f"nb-{size}"))
                say(f"wire: newsboat {size}: {_brief(theirs.bytes)}")
                # The ratio compares like with like: Broadsheet on the same feed files,
                # opening and paging the same (newest) item that newsboat does.
                same = measure_broadsheet(
                    FEEDS.resolve(), feeds_index, width, height,
                    _environment(Path(home) / f"feeds-{size}"), word=FEEDS_SEARCH_WORD,
                )  # fmt: skip
                say(f"wire: broadsheet on the feeds {size}: {_brief(same.bytes)}")
                row["newsboat"] = theirs.bytes
                row["newsboat_detail"] = theirs.detail
                row["broadsheet_feeds"] = same.bytes
                row["broadsheet_feeds_detail"] = same.detail
                row["ratio"] = {
                    action: same.bytes[action] / max(1.0, theirs.bytes[action])
                    for action in same.bytes
                    if action in theirs.bytes
                }
            else:
                row["newsboat"] = None
                row["newsboat_missing"] = "newsboat is not installed (apt-get install newsboat)"
            results["sizes"][size] = row
    return results


def _brief(values: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:,.0f} B" for name, value in values.items())


def wire_table(results: dict[str, Any]) -> str:
    """The Markdown rows: bytes per action, newsboat beside them, the ratio and target."""
    lines = []
    for size, row in results["sizes"].items():
        lines += [
            f"**{size}**, {results['articles']:,} articles:",
            "",
            "| action | Broadsheet | target | Broadsheet, shared feeds | newsboat, shared feeds "
            "| ratio on the feeds |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        theirs = row.get("newsboat") or {}
        same = row.get("broadsheet_feeds") or {}
        for action, value in row["broadsheet"].items():
            target = TARGETS_120x40.get(action) if size == "120x40" else None
            verdict = ""
            if target is not None:
                verdict = f"{'met' if value <= target else 'missed'} (<= {target / 1000:g} KB)"
            ratio = row.get("ratio", {}).get(action)
            judged = "-"
            if action in UNLIKE:
                judged = f"not alike: {UNLIKE[action]}"
            elif ratio is not None:
                judged = f"{ratio:.1f}x"
                if action in WITHIN_3X and size == "120x40":
                    judged += f" {'met' if ratio <= 3 else 'missed'}"
            lines.append(
                f"| {action} | {_kb(value)} | {verdict} | {_maybe_kb(same.get(action))} | "
                f"{_maybe_kb(theirs.get(action))} | {judged} |"
            )
        lines.append("")
    return "\n".join(lines)


def _maybe_kb(value: float | None) -> str:
    return "-" if value is None else _kb(value)


def _kb(value: float) -> str:
    return f"{value:,.0f} B" if value < 1000 else f"{value / 1000:,.1f} KB"
