"""The reader holds the cyclic garbage collector until its first frame is drawn."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import ready
from tui import startup_gc
from tui.app import BroadsheetApp


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_a_held_collector_runs_again_once_released_with_what_existed_frozen() -> None:
    code = (
        "import gc\n"
        "from tui import startup_gc\n"
        "startup_gc.hold()\n"
        "held = gc.isenabled()\n"
        "startup_gc.release()\n"
        "print(held, gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    assert _run(code) == "False True True"


def test_release_without_hold_leaves_the_collector_as_it_was() -> None:
    # An app run by the tests or a benchmark: nothing is frozen, a disabled collector stays so.
    code = (
        "import gc\n"
        "from tui import startup_gc\n"
        "startup_gc.release()\n"
        "enabled = gc.isenabled()\n"
        "gc.disable()\n"
        "startup_gc.release()\n"
        "print(enabled, gc.isenabled(), gc.get_freeze_count())"
    )
    assert _run(code) == "True False 0"


@pytest.fixture
def held_collector() -> Iterator[None]:
    """The collector held as the command line holds it; whatever the test leaves is undone."""
    startup_gc.hold()
    yield
    startup_gc.release()
    gc.unfreeze()
    gc.enable()


async def test_the_app_releases_the_collector_after_its_first_frame(
    held_collector: None, corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    assert not gc.isenabled()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
