"""Pilot tests: leaving the reader for the browser, a pager, an editor and a command.

BROWSER, PAGER and EDITOR point at small scripts that record what they were given. Under
Pilot the display cannot lend its terminal (App.suspend is unsupported headless), so the
pager and editor run without one; the notice says so, and these tests check it does.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.helpers import make_corpus, ready, search_for, wait_until
from tui.app import BroadsheetApp
from tui.core.state import StateStore
from tui.screens import PipePrompt
from tui.widgets import ReaderPane

SIZE = (130, 40)
MOSCOW_URL = "https://www.themoscowtimes.com/"
WIRE = [
    {
        "title": "Harbour pilots walk out at dawn",
        "author": "Mara Quint",
        "date": "2026-04-02",
        "url": "https://example.org/wire/harbour-pilots",
        "body": "Harbour pilots stopped work at dawn over night-shift pay.",
    },
    {
        "title": "Ferry timetable cut for winter",
        "url": "https://example.org/wire/ferry",
        "body": "The island ferry will sail twice a day from November.",
    },
]


def recorder(folder: Path, name: str, status: int = 0) -> Path:
    """A script that writes its arguments (one a line) and its input to files, then exits."""
    script = folder / name
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/{name}.args"\n'
        f'cat > "{folder}/{name}.stdin" 2>/dev/null\n'
        f"exit {status}\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.fixture
def tools(tmp_path: Path) -> Path:
    folder = tmp_path / "tools"
    folder.mkdir()
    return folder


@pytest.fixture
def wire_corpus(tmp_path: Path) -> Path:
    lines = "\n".join(json.dumps(record) for record in WIRE) + "\n"
    return make_corpus(tmp_path / "corpus", ("wire.jsonl", lines))


def notices(app: BroadsheetApp) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


def reader(app: BroadsheetApp) -> ReaderPane:
    return app.main_screen.query_one(ReaderPane)


async def open_hit(pilot: Pilot[None], app: BroadsheetApp, query: str) -> None:
    """Search, go to the results, open the first hit."""
    await search_for(pilot, query)
    await pilot.press("enter", "enter")
    await wait_until(pilot, lambda: reader(app).article is not None)
    await pilot.pause()


async def test_O_opens_the_url_in_the_browser_named_by_BROWSER(
    wire_corpus: Path, tools: Path, app_factory: Callable[..., BroadsheetApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("BROWSER", str(recorder(tools, "browser")))
    app = app_factory(wire_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "harbour")
        await pilot.press("O")
        await wait_until(pilot, lambda: (tools / "browser.args").exists())
        assert (tools / "browser.args").read_text().splitlines() == [WIRE[0]["url"]]
        await wait_until(pilot, lambda: any("Opened the original" in n for n in notices(app)))
        assert app.clipboard == ""


async def test_O_copies_the_url_when_the_browser_fails(
    wire_corpus: Path, tools: Path, app_factory: Callable[..., BroadsheetApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("BROWSER", str(recorder(tools, "browser", status=1)))
    app = app_factory(wire_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "harbour")
        await pilot.press("O")
        await wait_until(pilot, lambda: app.clipboard == WIRE[0]["url"])
        assert (tools / "browser.args").exists()
        assert any("copied the URL" in n for n in notices(app))


async def test_O_without_a_display_copies_the_url_and_starts_nothing(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "pezeshkian")
        await pilot.press("O")
        await wait_until(pilot, lambda: app.clipboard.startswith(MOSCOW_URL))
        assert any("No browser could be started" in n for n in notices(app))


async def test_v_opens_the_whole_jsonl_file_in_PAGER_with_its_arguments(
    wire_corpus: Path, tools: Path, app_factory: Callable[..., BroadsheetApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("PAGER", f"{recorder(tools, 'pager')} -R")
    app = app_factory(wire_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "ferry")
        assert reader(app).article.entry is not None  # type: ignore[union-attr]
        await pilot.press("v")
        await wait_until(pilot, lambda: (tools / "pager.args").exists())
        args = (tools / "pager.args").read_text().splitlines()
        assert args[0] == "-R"
        assert Path(args[1]).resolve() == (wire_corpus / "wire.jsonl").resolve()
        # Headless, the terminal cannot be lent: said, not hidden.
        assert any("ran without a terminal" in n for n in notices(app))
        await pilot.press("j")  # the reader still answers keys afterwards
        assert app.screen is app.main_screen


async def test_V_opens_the_file_in_EDITOR_and_reports_a_failing_one(
    corpus: Path, tools: Path, app_factory: Callable[..., BroadsheetApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("EDITOR", str(recorder(tools, "editor", status=3)))
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "pezeshkian")
        await pilot.press("V")
        await wait_until(pilot, lambda: (tools / "editor.args").exists())
        opened = Path((tools / "editor.args").read_text().strip())
        assert opened.resolve() == reader(app).article.path.resolve()  # type: ignore[union-attr]
        assert any("exited with status 3" in n for n in notices(app))


async def test_pipe_sends_the_article_as_text_and_shows_the_output(
    wire_corpus: Path, tools: Path, app_factory: Callable[..., BroadsheetApp], tmp_path: Path
) -> None:
    app = app_factory(wire_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "harbour")
        await pilot.press("vertical_line")
        await wait_until(pilot, lambda: isinstance(app.screen, PipePrompt))
        command = f"tee {tools}/piped.txt | tr a-z A-Z | head -n 2"
        app.screen.query_one(Input).value = command
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("HARBOUR PILOTS" in n for n in notices(app)))
        shown = next(n for n in notices(app) if "HARBOUR PILOTS" in n)
        assert "MARA QUINT" in shown and "NIGHT-SHIFT" not in shown  # only what it printed
        piped = (tools / "piped.txt").read_text().splitlines()
        assert piped[:4] == [WIRE[0]["title"], "Mara Quint", "2026-04-02T00:00:00", WIRE[0]["url"]]
        assert piped[5] == WIRE[0]["body"]
    saved = StateStore(tmp_path / "state" / "state.json").load()
    assert saved.pipe_command == command


async def test_pipe_offers_the_last_command_and_reports_a_failure(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        with app.reading.changes() as changing:
            changing.pipe_command = "echo oops >&2; exit 4"
        await open_hit(pilot, app, "pezeshkian")
        await pilot.press("vertical_line")
        await wait_until(pilot, lambda: isinstance(app.screen, PipePrompt))
        assert app.screen.query_one(Input).value == "echo oops >&2; exit 4"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("exited with status 4" in n for n in notices(app)))
        assert any("oops" in n for n in notices(app))


async def test_pipe_output_is_shown_inert(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "pezeshkian")
        await pilot.press("vertical_line")
        await wait_until(pilot, lambda: isinstance(app.screen, PipePrompt))
        app.screen.query_one(Input).value = r"printf '\033[2J[bold]x[/bold]\n'"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(": done" in n for n in notices(app)))
        shown = next(n.message for n in app._notifications if n.title.endswith(": done"))
        assert shown == "␛[2J[bold]x[/bold]"


async def test_escape_in_the_pipe_prompt_runs_nothing(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "pezeshkian")
        await pilot.press("vertical_line")
        await wait_until(pilot, lambda: isinstance(app.screen, PipePrompt))
        await pilot.press("x", "escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        assert app.reading.state.pipe_command is None


async def test_keys_that_need_an_article_wait_for_one(
    corpus: Path, tools: Path, app_factory: Callable[..., BroadsheetApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("PAGER", str(recorder(tools, "pager")))
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("v", "vertical_line")
        await pilot.pause()
        assert not (tools / "pager.args").exists()
        assert app.screen is app.main_screen


def test_recorder_scripts_run_here(tools: Path) -> None:
    """The tests above rely on /bin/sh scripts; make their failure obvious if it is missing."""
    script = recorder(tools, "probe")
    assert os.system(f"{script} a b </dev/null") == 0
    assert (tools / "probe.args").read_text() == "a\nb\n"


async def test_an_EDITOR_that_cannot_start_is_reported(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "/nonexistent/editor --wait")
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_hit(pilot, app, "pezeshkian")
        await pilot.press("V")
        await wait_until(
            pilot, lambda: any("Could not run /nonexistent/editor" in n for n in notices(app))
        )
        assert app.screen is app.main_screen
