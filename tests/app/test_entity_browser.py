"""Pilot tests: the entity browser holds every recognised name, however rarely mentioned."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from pathlib import Path

from tests.helpers import answered, make_corpus, open_entity_browser, ready, wait_until
from tui.app import BroadsheetApp
from tui.screens.entity_browser import MAX_SHOWN, entity_query

SIZE = (120, 40)
FIRST = [a + b for a, b in product(("Bal", "Cor", "Dun", "Fel", "Gar", "Hol"), ("an", "ek", "is", "or", "um", "et"))]  # fmt: skip
LAST = [a + b for a, b in product(("Vess", "Tarn", "Mordl", "Quill", "Brack", "Selv"), ("ard", "ing", "owe", "iter", "ence", "amp"))]  # fmt: skip
RARE = "Odalys Threnody"


def _crowded(folder: Path) -> Path:
    """The seed corpus and 26 articles naming 1,296 people twice each: more than the 1,000
    names the browser used to hold, all mentioned more often than RARE (mentioned once)."""
    names = [f"{first} {last}" for first, last in product(FIRST, LAST)]
    files = []
    per_article = 100
    for number in range(26):
        chunk = names[(number * per_article // 2) % len(names) :][:per_article]
        if len(chunk) < per_article:
            chunk += names[: per_article - len(chunk)]
        body = " ".join(f"Mr {name} spoke to reporters." for name in chunk)
        if number == 7:
            body += f" Ms {RARE} declined to comment."
        files.append(
            (f"crowd{number:02d}.txt", f"Crowd report {number}\n\nJune 2, 2025\n\n{body}\n")
        )
    return make_corpus(folder, *files)


async def test_a_name_mentioned_once_is_found_by_typing(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(_crowded(tmp_path / "corpus"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        browser = await open_entity_browser(pilot)
        assert len(browser.entities) > 1_000
        rare = next(e for e in browser.entities if e.name == RARE)
        assert rare.count == 1
        assert browser.entities.index(rare) > 1_000  # below every name mentioned twice
        assert len(browser.shown) == MAX_SHOWN and rare not in browser.shown
        await pilot.press(*"threnod")
        await wait_until(pilot, lambda: browser.shown == [rare])
        await pilot.press("enter")
        await answered(pilot, entity_query(rare))
        assert [h.id for h in app.main_screen.results.hits] == ["crowd07.txt"]  # type: ignore[union-attr]
