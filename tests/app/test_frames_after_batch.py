"""A screen laid out while the app holds a batch update is drawn once the batch ends.

Textual drops a frame drawn during a batch (`App._display` skips it) while the compositor
takes it as written: at start-up the first screen's titles reached the terminal only with a
later full layout. `tui.textual_fixes` defers the drawing instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Size

from tests.helpers import ready, wait_until
from tui.app import BroadsheetApp


async def test_a_layout_during_a_batch_is_drawn_after_it_not_dropped(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        batches_of_frames: list[int] = []
        real_display = BroadsheetApp._display

        def recording_display(app: BroadsheetApp, screen: Any, renderable: Any) -> None:
            if renderable is not None:
                batches_of_frames.append(app._batch_count)
            real_display(app, screen, renderable)

        monkeypatch.setattr(BroadsheetApp, "_display", recording_display)
        with app.batch_update():
            app.screen._refresh_layout(Size(100, 30))  # as a resize lays the screen out
            await pilot.pause()  # the drawing Textual schedules for after the layout
            assert batches_of_frames == []
        await wait_until(pilot, lambda: bool(batches_of_frames), timeout=5)
        assert set(batches_of_frames) == {0}
        app.screen._refresh_layout(Size(120, 40))
