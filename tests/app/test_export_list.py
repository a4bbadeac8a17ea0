"""X exports the list on screen (the hits of a search here) to a file and says where."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ready, search_for, wait_until
from tui.app import BroadsheetApp


async def test_x_exports_the_hits_of_the_search_as_markdown(
    corpus: Path,
    app_factory: Callable[..., BroadsheetApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await search_for(pilot, "ceasefire")
        await pilot.press("enter", "X")
        await pilot.press("enter")  # Markdown, the first choice
        await wait_until(pilot, lambda: any(out.glob("broadsheet-*.md")))
        await wait_until(
            pilot, lambda: any("Exported 1 article" in n.message for n in app._notifications)
        )
        [written] = out.glob("broadsheet-*.md")
        text = written.read_text(encoding="utf-8")
        assert text.startswith("# ") and "ceasefire" in text.lower()
        assert text.count("\n# ") == 0, "only the one hit, not the whole corpus"
        assert any(str(written) in n.message for n in app._notifications)
