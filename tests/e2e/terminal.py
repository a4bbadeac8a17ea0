"""Driving the real `broadsheet` program in tmux and reading its screen back."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BROADSHEET = [sys.executable, "-m", "tui"]
"""The program under test: this interpreter's Broadsheet, wherever it is installed."""
SGR = re.compile(r"\x1b\[[0-9;:]*m")
EXIT_MARK = "broadsheet-exit="
EXIT_LINE = re.compile(EXIT_MARK + r"(\d+)")


def strip_sgr(text: str) -> str:
    """The screen text without colour and style sequences."""
    return SGR.sub("", text)


class Terminal:
    """One tmux session on a private server, running one command."""

    def __init__(
        self, command: str, *, width: int = 120, height: int = 40, env: dict[str, str] | None = None
    ) -> None:
        self.socket = f"broadsheet-test-{uuid.uuid4().hex[:8]}"
        self.session = "t"
        # A program reads COLUMNS and LINES before its terminal's own size, and xdist's
        # workers set them (80x24): inherited, they shrank a 120x40 screen to 80x24.
        inherited = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        environment = {**inherited, **(env or {})}
        wrapped = f"sh -c {shlex.quote(command + '; echo; echo ' + EXIT_MARK + '$?; sleep 600')}"
        self._run(
            "new-session", "-d", "-x", str(width), "-y", str(height), "-s", self.session,
            wrapped, env=environment,
        )  # fmt: skip

    def _run(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=env, timeout=30
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def send(self, *keys: str) -> None:
        """Press keys (tmux key names, e.g. 'Enter', 'Escape', 'q')."""
        self._run("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        """Type literal text."""
        self._run("send-keys", "-t", self.session, "-l", text)

    def screen(self, colours: bool = False) -> str:
        """The visible screen, optionally with its SGR colour sequences."""
        args = ["capture-pane", "-p", "-t", self.session]
        if colours:
            args.append("-e")
        return self._run(*args)

    def wait_for(
        self, predicate: Callable[[str], bool] | str, timeout: float = 30.0, colours: bool = False
    ) -> str:
        """Wait until the screen satisfies the predicate (or contains the text)."""
        check = predicate if callable(predicate) else (lambda s, t=predicate: t in s)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen(colours=colours)
            if check(strip_sgr(screen)):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting; the screen was:\n{strip_sgr(screen)}")

    def wait_exit(self, timeout: float = 15.0) -> int:
        """Wait for the command to end and return its exit status.

        The command runs under `sh -c '...; echo broadsheet-exit=$?'`, so the status is
        read off the screen: tmux does not always learn it from the process itself.
        """
        screen = self.wait_for(lambda s: EXIT_LINE.search(s) is not None, timeout=timeout)
        match = EXIT_LINE.search(strip_sgr(screen))
        assert match is not None
        return int(match.group(1))

    def pipe_output(self, path: Path) -> None:
        """From now on, append every byte the program writes to `path` (tmux pipe-pane)."""
        path.touch()
        self._run("pipe-pane", "-o", "-t", self.session, f"cat >> {shlex.quote(str(path))}")

    def close(self) -> None:
        """Kill the tmux server."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


def tmux_available() -> bool:
    """True when tmux is installed."""
    return shutil.which("tmux") is not None


def broadsheet_command(
    corpus: Path, home: Path, *extra: str, term: str | None = None, cache: Path | None = None
) -> str:
    """A shell command that runs the installed broadsheet with private XDG folders
    (the cache folder may be shared, to reuse one recognizer cache)."""
    env = {
        "XDG_CACHE_HOME": cache or home / "cache",
        "XDG_DATA_HOME": home / "data",
        "XDG_CONFIG_HOME": home / "config",
    }
    assignments = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in env.items())
    if term:
        assignments += f" TERM={shlex.quote(term)}"
    args = " ".join(shlex.quote(a) for a in (*BROADSHEET, str(corpus), *extra))
    return f"env {assignments} {args}"
