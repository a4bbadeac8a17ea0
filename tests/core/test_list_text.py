"""What the list and reader show of a text: snippets cut for a width, URLs broken at
separators, first-line titles, and every hit of a query in ranked order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.corpus import CorpusFile, quick_title
from tui.core.index import ArticleIndex
from tui.core.index.snippets import ELLIPSIS, fit_snippet
from tui.widgets.reader import line_of_offset, wrap_url


def test_a_snippet_whose_match_fits_is_left_alone() -> None:
    text = "The harbour master counted ships at dawn."
    assert fit_snippet(text, [(4, 11)], 40) == (text, [(4, 11)])


def test_a_snippet_is_cut_so_its_first_match_shows_with_context() -> None:
    text = "Officials from several ministries met on Tuesday to discuss the lighthouse budget."
    start = text.index("lighthouse")
    cut, matches = fit_snippet(text, [(start, start + 10)], 30)
    assert cut.startswith(ELLIPSIS)
    s, e = matches[0]
    assert cut[s:e] == "lighthouse"
    assert e + 4 <= 30, "the match and some context after it fit the width"
    assert s >= 4, "some context before the match is kept"
    assert cut[len(ELLIPSIS) - 1 : len(ELLIPSIS)] == ELLIPSIS and cut[1] != " "


def test_every_match_moves_with_the_cut() -> None:
    text = "a " * 40 + "storm " + "b " * 5 + "storm again"
    first = text.index("storm")
    second = text.index("storm", first + 1)
    cut, matches = fit_snippet(text, [(first, first + 5), (second, second + 5)], 30)
    assert [cut[s:e] for s, e in matches] == ["storm", "storm"]


def test_urls_break_after_separators() -> None:
    url = "https://www.example.com/2026/03/12/a-rather-long-headline-about-ships"
    lines = wrap_url(url, 24).split("\n")
    assert "".join(lines) == url
    assert all(len(line) <= 24 for line in lines)
    assert all(line[-1] in "/-._" for line in lines[:-1]), lines


def test_a_url_without_separators_is_folded_at_the_width() -> None:
    url = "https://" + "x" * 50
    lines = wrap_url(url, 20).split("\n")
    assert "".join(lines) == url and all(len(line) <= 20 for line in lines)


def test_line_of_offset_follows_wrapping() -> None:
    text = "one two three four five six seven eight nine ten"
    assert line_of_offset(text, 0, 10) == 0
    # one two | three four | five six | seven | eight nine | ten
    assert line_of_offset(text, text.index("ten"), 10) == 5
    assert line_of_offset(text, text.index("seven"), 10) == 3


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("# Ships Return to Port\n\nBy A. Writer\n", "Ships Return to Port"),
        ("\n\nShips Return to Port\n\nThe ships came back.", "Ships Return to Port"),
        ("The ships came back on Tuesday after a long voyage.\n", None),
    ],
)
def test_quick_titles_read_the_first_line(tmp_path: Path, head: str, title: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_text(head, encoding="utf-8")
    stat = path.stat()
    file = CorpusFile("a.txt", str(path), stat.st_size, stat.st_mtime_ns)
    assert quick_title(file) == title


def test_quick_titles_leave_other_kinds_to_the_parser(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"title": "x"}', encoding="utf-8")
    assert quick_title(CorpusFile("a.json", str(path), 14, 0)) is None


def test_hit_ids_are_every_hit_in_the_order_search_ranks_them(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(40):
        words = " ".join(["lighthouse"] * (1 + n % 5))
        (corpus / f"a{n:02d}.md").write_text(
            f"# Report {n}\n\nMarch {1 + n % 28}, 2026\n\n{words} and harbour news {n}.\n",
            encoding="utf-8",
        )
    with ArticleIndex.open(corpus, tmp_path / "index") as index:
        index.update()
        for sort in ("relevance", "date"):
            page = index.search("lighthouse", limit=10, sort=sort, snippets=0)  # type: ignore[arg-type]
            every = index.search("lighthouse", limit=100, sort=sort, snippets=0)  # type: ignore[arg-type]
            ids = index.hit_ids("lighthouse", sort=sort)  # type: ignore[arg-type]
            assert page.total == 40 and len(page.hits) == 10
            assert ids == [hit.id for hit in every.hits]
            assert ids[:10] == [hit.id for hit in page.hits]
