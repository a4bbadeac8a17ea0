"""Fixtures for driving the real app with Pilot, on a real index in a temporary folder."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import SEEDS
from tui.app import BroadsheetApp
from tui.core.config import Config

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


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The sample corpus, copied."""
    return make_corpus(tmp_path / "corpus")


@pytest.fixture
def app_factory(tmp_path: Path) -> Callable[..., BroadsheetApp]:
    """Build the app the way the CLI does, with private index and state folders."""

    def build(corpus: Path, **options: object) -> BroadsheetApp:
        return BroadsheetApp(
            corpus,
            tmp_path / "index",
            config=Config(),
            state_path=tmp_path / "state" / "state.json",
            **options,  # type: ignore[arg-type]
        )

    return build


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
