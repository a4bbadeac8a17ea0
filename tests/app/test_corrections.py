"""Pilot tests: the user hides, retypes and merges names from the entity panel and browser;
the highlights, lists and searches change at once, and each correction can be undone."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.helpers import answered, open_entity_browser, ready, styled_spans, wait_until
from tui.app import BroadsheetApp
from tui.screens.corrections import CorrectionsScreen
from tui.screens.entity_browser import EntityBrowser
from tui.screens.entity_panel import EntityPanel
from tui.screens.kind_chooser import KindChooser
from tui.widgets import ReaderPane

SIZE = (80, 24)
PLACE_STYLE = "italic $text-success"
ORG_STYLE = "underline $text-secondary"
PERSON_STYLE = "bold $text-accent"


def small_corpus(folder: Path) -> Path:
    """Two wire stories naming Tony Blair, Gordon Brown and Leeds."""
    folder.mkdir()
    (folder / "talks.txt").write_text(
        "Leeds Talks\n\nBy Wire Staff\n\n1/10/2025\n\n"
        "Prime Minister Tony Blair met Gordon Brown in Leeds on Tuesday.\n",
        encoding="utf-8",
    )
    (folder / "visit.txt").write_text(
        "Brown Visits\n\nBy Wire Staff\n\n2/10/2025\n\nGordon Brown visited Leeds on Friday.\n",
        encoding="utf-8",
    )
    return folder


async def open_talks(pilot: Pilot[None], app: BroadsheetApp) -> ReaderPane:
    """Open the first story and wait for its highlights."""
    app.main_screen.open_article("talks.txt")
    pane = app.main_screen.query_one(ReaderPane)
    await wait_until(pilot, lambda: bool(pane.entities) and bool(pane.query("#p0")))
    await pilot.pause()
    return pane


async def panel_at(pilot: Pilot[None], app: BroadsheetApp, name: str) -> EntityPanel:
    """Open the entity panel of the article on show, with the cursor on `name`."""
    await pilot.press("E")
    await wait_until(pilot, lambda: isinstance(app.screen, EntityPanel))
    panel = app.screen
    assert isinstance(panel, EntityPanel)
    await move_to(pilot, panel, name)
    return panel


async def searched(pilot: Pilot[None], app: BroadsheetApp, query: str) -> None:
    """Search as the entity panel's f does, and wait for the answer."""
    app.main_screen.search_for(query)
    await answered(pilot, query)


def spans_of(pane: ReaderPane) -> dict[str, set[str]]:
    return styled_spans(pane.query_one("#p0"))


async def move_to(pilot: Pilot[None], screen: EntityPanel | EntityBrowser, name: str) -> None:
    """Press down (or up) until the cursor is on `name`."""
    for key in ("home", *["down"] * 40):
        current = screen.current_name()
        if current is not None and current[2] == name:
            return
        await pilot.press(key)
    raise AssertionError(f"{name} is not in the list")


async def test_hiding_a_name_in_the_panel_takes_its_highlight_away_at_once(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(small_corpus(tmp_path / "corpus"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = await open_talks(pilot, app)
        assert PLACE_STYLE in spans_of(pane)["Leeds"]
        panel = await panel_at(pilot, app, "Leeds")
        await pilot.press("x")
        await pilot.pause()
        assert "Leeds" not in {item.name for item in panel.items.values()}
        assert "Leeds" not in spans_of(pane)  # behind the panel, already
        saved = json.loads((tmp_path / "state" / "corrections.json").read_text())
        assert [(c["action"], c["key"]) for c in saved["corrections"]] == [("hide", "leeds")]
        await pilot.press("z")
        await pilot.pause()
        assert "Leeds" in {item.name for item in panel.items.values()}
        assert PLACE_STYLE in spans_of(pane)["Leeds"]


async def test_retyping_a_name_restyles_it_and_moves_it_between_searches(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(small_corpus(tmp_path / "corpus"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = await open_talks(pilot, app)
        assert PERSON_STYLE in spans_of(pane)["Gordon Brown"]
        panel = await panel_at(pilot, app, "Gordon Brown")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, KindChooser))
        chooser = app.screen.query_one(OptionList)
        while chooser.highlighted_option is None or chooser.highlighted_option.id != "org":
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is panel)
        assert [item.name for item in panel.groups["org"]] == ["Gordon Brown"]
        assert ORG_STYLE in spans_of(pane)["Gordon Brown"]
        await pilot.press("escape")
        await searched(pilot, app, 'org:"Gordon Brown"')
        assert {hit.id for hit in app.main_screen.results.hits} == {"talks.txt", "visit.txt"}  # type: ignore[union-attr]
        await searched(pilot, app, 'person:"Gordon Brown"')
        assert app.main_screen.results is not None and app.main_screen.results.hits == []


async def test_merging_and_hiding_in_the_browser_change_its_counts_and_undo(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(small_corpus(tmp_path / "corpus"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        browser = await open_entity_browser(pilot)

        def counts() -> dict[str, int]:
            return {e.name: e.count for e in browser.entities}

        assert counts()["Tony Blair"] == 1 and counts()["Gordon Brown"] == 2
        await pilot.press("down")  # from the filter into the list
        await move_to(pilot, browser, "Tony Blair")
        await pilot.press("m")
        await move_to(pilot, browser, "Gordon Brown")
        await pilot.press("m")
        await wait_until(pilot, lambda: "Tony Blair" not in counts())
        assert counts()["Gordon Brown"] == 2  # the two stories, each counted once
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CorrectionsScreen))
        listed = app.screen.query_one(OptionList)
        await pilot.pause()
        assert "merged Tony Blair (person) into Gordon Brown (person)" in str(
            listed.get_option_at_index(0).prompt
        )
        await pilot.press("d")
        await pilot.pause()
        assert len(app.corrections) == 0
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is browser and "Tony Blair" in counts())
        await move_to(pilot, browser, "Leeds")
        await pilot.press("x")
        await wait_until(pilot, lambda: "Leeds" not in counts())
        await pilot.press("z")
        await wait_until(pilot, lambda: "Leeds" in counts())
        await pilot.press("escape")
        await searched(pilot, app, 'person:"Tony Blair"')
        assert [hit.id for hit in app.main_screen.results.hits] == ["talks.txt"]  # type: ignore[union-attr]


async def test_a_caption_is_highlighted_like_the_text_and_corrected_from_the_panel(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.main_screen.open_article("000_40f09a8b1627295c.txt")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: bool(pane.query("#c0")) and bool(pane.caption_entities))
        await pilot.pause()
        caption = styled_spans(pane.query_one("#c0"))
        assert PLACE_STYLE in caption["Turkmenistan"]
        assert PERSON_STYLE in caption["Vladimir Putin"]
        await pilot.press("e")  # highlighting off: the caption too
        await pilot.pause()
        assert "Turkmenistan" not in styled_spans(pane.query_one("#c0"))
        await pilot.press("e")
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, EntityPanel))
        panel = app.screen
        assert isinstance(panel, EntityPanel)
        (place,) = [item for item in panel.groups["place"] if item.name == "Turkmenistan"]
        assert place.in_captions == 1 and place.mentions == []
        await move_to(pilot, panel, "Turkmenistan")
        await pilot.press("x")
        await pilot.pause()
        assert "Turkmenistan" not in styled_spans(pane.query_one("#c0"))
        assert PERSON_STYLE in styled_spans(pane.query_one("#c0"))["Vladimir Putin"]
