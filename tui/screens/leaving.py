"""Leaving the reader for the user's own tools: the browser, a pager, an editor, a command.

Mixed into the main screen, which supplies `opened` (the article in the reading pane)
and `reading` (the reading state).
"""

from __future__ import annotations

import signal
import subprocess
from typing import TYPE_CHECKING

from textual import work
from textual.app import SuspendNotSupported
from textual.worker import get_current_worker

from ..core.handoff import (
    PipeResult,
    article_text,
    open_url,
    pipe_article,
    program_command,
)
from ..core.inert import inert, inert_line
from .pipe_prompt import PipePrompt

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..core.library import OpenedArticle
    from ..core.state import Reading

PIPE_LINES_SHOWN = 12
"""Lines of a piped command's output shown in the notice."""
UNSUSPENDED_TIMEOUT = 60.0
"""Seconds a pager or editor may run where the terminal cannot be handed over."""


def run_in_terminal(argv: list[str]) -> int | OSError:
    """Run a program on the terminal the reader has lent it; its exit status, or why not.

    Nothing may escape from here: an exception inside `App.suspend()` would skip the
    reader's return to the screen. Ctrl+C belongs to the program (a pager uses it), so
    the reader only notes it meanwhile; the program itself gets the default handling.
    """
    previous = signal.signal(signal.SIGINT, _ignore_signal)
    try:
        return subprocess.run(argv, check=False).returncode
    except OSError as error:
        return error
    finally:
        signal.signal(signal.SIGINT, previous)


def run_without_terminal(argv: list[str]) -> int | OSError:
    """Run a program with no terminal (nothing to read, nowhere to draw), with a timeout."""
    try:
        return subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=UNSUSPENDED_TIMEOUT,
            check=False,
        ).returncode
    except subprocess.TimeoutExpired:
        return -1
    except OSError as error:
        return error


def _ignore_signal(signum: int, frame: object) -> None:
    """A handler that does nothing (unlike SIG_IGN, it is not inherited by the program)."""


class LeavesTheReader:
    """Actions that hand the open article to programs outside the reader."""

    opened: OpenedArticle | None
    reading: Reading

    def action_open_original(self) -> None:
        """Open the article's URL in the browser (or copy it where there is none)."""
        if self.opened is None or not self.opened.article.url:
            self._screen.notify("This article has no URL", severity="warning", timeout=3)
            return
        app = self._screen.app
        if app.is_web:
            # In a browser tab (broadsheet serve), the reader's own browser opens it.
            app.open_url(self.opened.article.url)
            return
        self.open_in_browser(self.opened.article.url)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_in_browser(self, url: str) -> None:
        """Start the browser off the UI thread (a $BROWSER command may take its time)."""
        opened = open_url(url)
        if not get_current_worker().is_cancelled:
            self._screen.app.call_from_thread(self._browser_tried, url, opened)

    def _browser_tried(self, url: str, opened: bool) -> None:
        screen = self._screen
        if opened:
            screen.notify("Opened the original in your browser", timeout=3)
            return
        screen.app.copy_to_clipboard(url)
        screen.notify(
            f"No browser could be started here; copied the URL instead (OSC 52): {inert_line(url)}",
            timeout=6,
            markup=False,
        )

    def action_pager(self) -> None:
        """Read the article's file in $PAGER (less by default)."""
        self._run_on_file("PAGER", "less")

    def action_editor(self) -> None:
        """Open the article's file in $EDITOR (vi by default)."""
        self._run_on_file("EDITOR", "vi")

    def _run_on_file(self, variable: str, default: str) -> None:
        """Hand the terminal to a program on the article's file, then take it back.

        An article that is one entry of a JSON Lines file opens the whole file.
        """
        if self.opened is None:
            return
        screen = self._screen
        app = screen.app
        argv = program_command(variable, default, self.opened.article.path)
        name = inert_line(argv[0])
        if app.is_web:
            screen.notify(
                f"${variable} cannot run in a browser tab: the reader has no terminal to lend it",
                severity="warning",
                timeout=5,
                markup=False,
            )
            return
        try:
            with app.suspend():
                outcome = run_in_terminal(argv)
        except SuspendNotSupported:
            # A display that cannot lend its terminal (headless, as under test): run the
            # program without one, so it still sees the file, and say so.
            outcome = run_without_terminal(argv)
            if not isinstance(outcome, OSError):
                screen.notify(
                    f"{name} ran without a terminal: this display cannot be suspended",
                    severity="warning",
                    timeout=4,
                    markup=False,
                )
        screen.refresh_bindings()
        if isinstance(outcome, OSError):
            screen.notify(
                f"Could not run {name} (${variable}): {inert_line(str(outcome))}",
                severity="error",
                markup=False,
            )
        elif outcome:
            screen.notify(f"{name} exited with status {outcome}", severity="warning", timeout=4)

    def action_pipe(self) -> None:
        """Ask for a command and pipe the article to it."""
        if self.opened is None:
            return
        self._screen.app.push_screen(
            PipePrompt(self.opened.article.title, self.reading.state.pipe_command),
            callback=self._pipe_command_chosen,
        )

    def _pipe_command_chosen(self, command: str | None) -> None:
        if not command or self.opened is None:
            return
        with self.reading.changes() as changing:
            changing.pipe_command = command
        self._screen.notify(f"Running: {inert_line(command)}", timeout=2, markup=False)
        self.pipe_to(command, article_text(self.opened.article))

    @work(thread=True, group="pipe", exit_on_error=False, description="pipe")
    def pipe_to(self, command: str, text: str) -> None:
        """Run the command with the article on its input (with a timeout), off the UI thread."""
        result = pipe_article(command, text)
        if not get_current_worker().is_cancelled:
            self._screen.app.call_from_thread(self._show_pipe_result, result)

    def _show_pipe_result(self, result: PipeResult) -> None:
        """What the command printed, briefly (as inert text)."""
        if result.timed_out:
            summary, severity = "stopped: it took too long", "error"
        elif result.returncode is None:
            summary, severity = "could not be started", "error"
        elif result.returncode:
            summary, severity = f"exited with status {result.returncode}", "error"
        else:
            summary, severity = "done", "information"
        shown = (result.output if result.ok else result.error or result.output).rstrip()
        lines = shown.splitlines()
        if len(lines) > PIPE_LINES_SHOWN:
            lines = [*lines[:PIPE_LINES_SHOWN], f"… {len(lines) - PIPE_LINES_SHOWN} more lines"]
        body = inert("\n".join(lines)) if lines else "(no output)"
        self._screen.notify(
            body,
            title=inert_line(f"{result.command}: {summary}"),
            severity=severity,  # type: ignore[arg-type]
            timeout=8 if result.ok else 12,
            markup=False,
        )

    @property
    def _screen(self) -> Screen[None]:
        return self  # type: ignore[return-value]
