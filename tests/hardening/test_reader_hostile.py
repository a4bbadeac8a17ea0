"""The reader on hostile corpora (Pilot): the skipped view, huge articles, hostile text."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from textual.content import Content
from textual.widgets import OptionList

from tests.hardening.conftest import HugeCorpus
from tests.hardening.hostile import HOSTILE_TEXT, HostileCorpus, article_text
from tests.helpers import ready, wait_until
from tui.app import BroadsheetApp
from tui.screens.entity_panel import EntityPanel
from tui.screens.skipped import SkippedScreen
from tui.widgets import ArticleList, ReaderPane
from tui.widgets.reader import MAX_RENDERED_CHARS

CONTROLS = {chr(code) for code in (*range(0, 32), *range(0x7F, 0xA0))} - {"\n"}
BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def screen_text(app: BroadsheetApp) -> str:
    """What the terminal would show now, as text (each cell's characters, row by row)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_inert(shown: str) -> None:
    """Nothing a terminal would obey is left in text on its way to the screen."""
    assert not (set(shown) & (CONTROLS | BIDI)), repr(shown)


async def open_by_id(pilot: object, app: BroadsheetApp, article_id: str) -> ReaderPane:
    articles = app.main_screen.query_one(ArticleList)
    index = next(n for n, entry in enumerate(articles.entries) if entry.id == article_id)
    articles.highlighted = index
    await pilot.press("enter")  # type: ignore[attr-defined]
    pane = app.main_screen.query_one(ReaderPane)
    await wait_until(
        pilot,  # type: ignore[arg-type]
        lambda: pane.article is not None and pane.article.id == article_id,
        timeout=60,
    )
    await pilot.pause()  # type: ignore[attr-defined]
    return pane


def without_undecodable_name(corpus: HostileCorpus) -> HostileCorpus:
    os.unlink(os.path.join(os.fsencode(corpus.root), b"caf\xe9 latin1 name.txt"))
    corpus.articles = {k: v for k, v in corpus.articles.items() if "\udce9" not in k}
    return corpus


async def test_skipped_view_lists_every_skipped_file_with_its_reason(
    hostile: HostileCorpus, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = without_undecodable_name(hostile)
    (corpus.root / "bad\x1b]0;pwned\x07[b]name\u202e\x9b.txt").write_bytes(b"\x00\x01")
    app = app_factory(corpus.root)
    async with app.run_test(size=(130, 50)) as pilot:
        await ready(pilot)
        # The corpus holds the same text under several names: D lists every copy.
        await pilot.press("D")
        await pilot.pause()
        listed = {entry.id for entry in app.main_screen.query_one(ArticleList).entries}
        assert listed - {corpus.unreadable} == set(corpus.articles)
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, SkippedScreen))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        text = "\n".join(shown)
        for ident, reasons in corpus.skipped.items():
            entry = next((s for s in shown if s.startswith(ident)), None)
            assert entry is not None, f"{ident!r} missing from the skipped view"
            assert any(reason in entry.lower() for reason in reasons), entry
        assert "bad\\x1b]0;pwned\\x07[b]name\\u202e\\x9b.txt" in text
        assert_inert(text.replace("\n", ""))
        await pilot.press("escape")
        assert app.is_running


async def test_hostile_titles_stay_inert_in_the_list_snippets_reader_and_entity_panel(
    hostile: HostileCorpus, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = without_undecodable_name(hostile)
    app = app_factory(corpus.root)
    async with app.run_test(size=(130, 50)) as pilot:
        await ready(pilot)
        articles = app.main_screen.query_one(ArticleList)
        assert "[bold red]LOUD[/]" in screen_text(app)
        assert_inert(screen_text(app).replace("\n", ""))
        await pilot.press("slash")
        await pilot.press(*corpus.articles["hostile.json"])
        await wait_until(pilot, lambda: [e.id for e in articles.entries] == ["hostile.json"])
        [hit] = articles.entries
        assert hit.snippet is not None
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold red]LOUD[/] [@click=app.quit]" in shown
        assert_inert(shown.replace("\n", ""))
        await pilot.press("enter", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: pane.article is not None)
        await pilot.pause()
        for widget in pane.query("Static"):
            assert_inert(str(widget.render()).replace("\n", ""))
        assert_inert(screen_text(app).replace("\n", ""))
        title = str(pane.query_one("#reader-title").render())
        assert "[bold red]LOUD[/]" in title and "␛]0;pwned-title" in title
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, EntityPanel))
        await pilot.pause()
        assert_inert(screen_text(app).replace("\n", ""))
        await pilot.press("escape")
        assert app.is_running


async def test_a_fifty_megabyte_article_opens_with_a_notice(
    huge_corpus: HugeCorpus, tmp_path: Path
) -> None:
    app = BroadsheetApp(huge_corpus.root, huge_corpus.index_dir, state_path=tmp_path / "state.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        pane = await open_by_id(pilot, app, huge_corpus.article_id)
        notice = str(pane.query_one("#reader-truncated").render())
        assert "This article is very long" in notice
        shown = sum(len(str(p.render())) for p in pane.query("Paragraph"))
        assert shown <= MAX_RENDERED_CHARS * 1.1
        await pilot.press("G", "g", "space")
        assert app.is_running


async def test_a_two_megabyte_line_opens_shortened_with_a_notice(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "line.txt").write_text("word " * 400_000)
    (root / "small.txt").write_text(article_text("Small", "tiny"))
    app = app_factory(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        pane = await open_by_id(pilot, app, "line.txt")
        body = str(pane.query_one("#p0").render())
        assert "more characters]" in body and len(body) < 30_000
        assert app.is_running


async def test_an_article_that_vanished_is_reported_without_obeying_its_name(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    name = "[@click=app.quit]gone[b]x\x1b]0;pwned\x07.txt"
    (root / name).write_text(article_text("Gone soon", "vanishing"))
    app = app_factory(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        (root / name).unlink()
        await pilot.press("g", "enter")
        await wait_until(pilot, lambda: bool(app._notifications))
        messages = [str(n.message) for n in app._notifications]
        assert any("Cannot open" in m for m in messages)
        # What a toast shows for each notification (textual.widgets._toast.Toast.render).
        shown = [
            (Content.from_markup(n.message) if n.markup else Content(n.message)).plain
            for n in app._notifications
        ]
        assert any("[@click=app.quit]gone[b]x" in text for text in shown), shown
        assert_inert("".join(shown))
        assert app.is_running


def test_hostile_text_is_hostile() -> None:
    assert "\x1b]52;" in HOSTILE_TEXT and "\u202e" in HOSTILE_TEXT
