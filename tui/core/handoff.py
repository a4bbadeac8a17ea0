"""Handing an article to the user's other tools: the browser, a pager, an editor, a command."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from .article import Article

PIPE_TIMEOUT = 20.0
"""Seconds a piped command may run before it is stopped."""
PIPE_OUTPUT_LIMIT = 64 * 1024
"""Bytes of a piped command's output kept for showing."""
BROWSER_WAIT = 5.0
"""Seconds to wait for a $BROWSER command to report failure before taking it as started."""


def article_text(article: Article) -> str:
    """The article as plain text: title, byline, date and URL lines, a blank line, the body."""
    lines = [article.title]
    if article.byline:
        lines.append(article.byline)
    if article.published is not None:
        lines.append(article.published.isoformat())
    if article.url:
        lines.append(article.url)
    return "\n".join(lines) + "\n\n" + article.body + "\n"


@dataclass(frozen=True)
class PipeResult:
    """What a command made of the article piped to it."""

    command: str
    returncode: int | None
    """None when the command could not be started or was stopped for taking too long."""
    output: str
    error: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        """True when the command ran and exited with status 0."""
        return self.returncode == 0 and not self.timed_out


def pipe_article(command: str, text: str, timeout: float = PIPE_TIMEOUT) -> PipeResult:
    """Run a shell command with the text on its standard input and collect what it prints.

    The command runs in its own session, with no terminal: on timeout the whole process
    group is stopped, so `sleep 100 | cat` does not outlive it.
    """
    try:
        process = subprocess.Popen(
            command,
            shell=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        return PipeResult(command, None, "", str(error))
    try:
        out, err = process.communicate(text.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop_group(process)
        out, err = process.communicate()
        return PipeResult(command, None, _decoded(out), _decoded(err), timed_out=True)
    return PipeResult(command, process.returncode, _decoded(out), _decoded(err))


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()


def _decoded(data: bytes) -> str:
    return data[:PIPE_OUTPUT_LIMIT].decode("utf-8", errors="replace")


def has_display() -> bool:
    """True where a graphical browser could open: a desktop session, macOS or Windows."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_url(url: str) -> bool:
    """Open the URL in the user's browser; False when none could be started.

    $BROWSER is honoured as Python's `webbrowser` reads it (commands separated by
    os.pathsep, `%s` standing for the URL), but run here with no terminal attached, so a
    browser's messages never land on the reader's screen. Without $BROWSER and without a
    display (an SSH session) no browser is tried: `webbrowser` would fall back to a text
    browser that fights the reader for the terminal.
    """
    chosen = os.environ.get("BROWSER", "")
    if chosen:
        return any(_run_browser(entry, url) for entry in chosen.split(os.pathsep) if entry)
    if not has_display():
        return False
    try:
        return webbrowser.open(url)
    except (webbrowser.Error, OSError):
        return False


def _run_browser(command: str, url: str) -> bool:
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    if not words:
        return False
    argv = [word.replace("%s", url) for word in words]
    if "%s" not in command:
        argv.append(url)
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    try:
        return process.wait(timeout=BROWSER_WAIT) == 0
    except subprocess.TimeoutExpired:
        return True  # still running: a browser that stays in the foreground


def program_command(variable: str, default: str, path: Path) -> list[str]:
    """The command that opens a file with the program named in an environment variable.

    `PAGER="less -R"` works as in a shell; an empty or unparsable variable gives the default.
    """
    try:
        words = shlex.split(os.environ.get(variable, ""))
    except ValueError:
        words = []
    return [*(words or [default]), str(path)]
