"""The reader and `broadsheet index` give the same counts for the same folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from rich.cells import cell_len

from tests.helpers import ready
from tests.helpers import run_cli as broadsheet
from tui.app import BroadsheetApp, middle_cut

SIZE = (120, 40)
STORY = "# {title}\n\nBy Staff\n\nMarch 3, 2026\n\nThe council met about the {word} today.\n"


def _folder(root: Path) -> Path:
    """Two articles, a JSON file of two entries, and four files that are not articles."""
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(STORY.format(title="One", word="harbour"), encoding="utf-8")
    (corpus / "two.md").write_text(STORY.format(title="Two", word="budget"), encoding="utf-8")
    entries = [{"title": f"Entry {w}", "text": f"An entry about the {w}."} for w in ("a", "b")]
    (corpus / "feed.json").write_text(json.dumps(entries), encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "LICENSE").write_text("MIT License\n\nPermission is granted.\n", encoding="utf-8")
    (corpus / "README").write_text("Saved pages.\n", encoding="utf-8")
    (corpus / "page.pdf").write_bytes(b"%PDF-1.4\n")
    return corpus


async def test_reader_header_counts_what_the_cli_reports(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = _folder(tmp_path)
    result = broadsheet(
        "index", str(corpus), "--index-dir", str(tmp_path / "cli-index"), "--json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["articles"], report["added"], len(report["skipped"])) == (4, 4, 4)
    text = broadsheet("index", str(corpus), "--index-dir", str(tmp_path / "cli-2"), cwd=tmp_path)
    assert text.stdout.startswith("added 4, updated 0, removed 0, unchanged 0, skipped 4 ")
    assert "; 4 articles in the index" in text.stdout

    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "4 articles · 4 skipped (S)" in app.sub_title
        assert len(app.main_screen.listing) == 4


def _header_text(app: BroadsheetApp) -> str:
    return str(app.main_screen.query_one("HeaderTitle").render())


async def test_a_narrow_header_gives_its_width_to_the_corpus_and_its_state(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = tmp_path / "a_corpus_folder_with_a_long_name_like_many_have"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"{n}.md").write_text(STORY.format(title=f"Story {n}", word="harbour"))
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    app = app_factory(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.pause()
        # "Broadsheet — " would push the state past the header's 62 columns, and so would
        # the whole of the folder's name: it is cut in the middle.
        text = _header_text(app)
        assert text.endswith(" · 3 articles · 1 skipped (S)") and len(text) == 62, text
        name = text.split(" · ")[0]
        assert name.startswith("a_corpus_fold") and name.endswith("_many_have") and "…" in name
        assert corpus.name not in text
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        text = _header_text(app)
        assert text.startswith("Broadsheet — " + corpus.name) and "1 skipped (S)" in text, text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert _header_text(app).endswith("1 skipped (S)")


def test_a_name_is_cut_in_the_middle_to_the_columns_it_is_given() -> None:
    assert middle_cut("doj_opa_press_releases", 12) == "doj_op…eases"
    assert middle_cut("short", 12) == "short"
    cut = middle_cut("日本語のフォルダ名前", 9)  # two columns a character
    assert cell_len(cut) <= 9 and cut.startswith("日本") and cut.endswith("名前")
