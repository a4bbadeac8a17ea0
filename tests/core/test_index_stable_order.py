"""Hits with equal scores come back in the same order from any build of the same folder.

Two indexes of one corpus folder: one built with every file present at once, one built as
the files arrived in the opposite order over three updates (other segments, document numbers
in another order). Whoosh would order ties by document number; here the order is the rounded
score, then newest first, then the article id, in both builds.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tui.core.index import ArticleIndex, SearchHit
from tui.core.index import search as search_module
from tui.core.index.engine.order import score_key

COUNT = 90
DAYS = ("March 3, 2025", "March 4, 2025", "")
"""Three dates (the last: undated), so many articles share a date and a score."""


def _article(number: int) -> str:
    """Articles alike in length and words: most of them score exactly alike."""
    day = DAYS[number % len(DAYS)]
    dated = f"{day}\n\n" if day else ""
    extra = " The harbour was calm." if number % 5 == 0 else " The market was calm."
    return (
        f"# Council report {number % 4}\n\nBy Reporter\n\n{dated}"
        f"The council met to discuss the budget and the harbour.{extra}\n"
    )


def _write(folder: Path, numbers: range) -> None:
    for number in numbers:
        (folder / f"n{number:03d}.txt").write_text(_article(number), encoding="utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[ArticleIndex, ArticleIndex]:
    root = tmp_path_factory.mktemp("stable")
    corpus = root / "corpus"
    corpus.mkdir()
    _write(corpus, range(COUNT))
    at_once = ArticleIndex.open(corpus, root / "at-once", entities="none")
    assert at_once.update().added == COUNT
    # The second build sees the files arrive last third first, then the others.
    aside = root / "aside"
    shutil.move(corpus, aside)
    corpus.mkdir()
    in_pieces = ArticleIndex.open(corpus, root / "in-pieces", entities="none")
    third = COUNT // 3
    for start in (2 * third, third, 0):
        for number in range(start, start + third):
            name = f"n{number:03d}.txt"
            shutil.move(aside / name, corpus / name)
        in_pieces.update()
    return at_once, in_pieces


def _ids(hits: list[SearchHit]) -> list[str]:
    return [hit.id for hit in hits]


def _docnum_order(index: ArticleIndex) -> list[str]:
    searcher = index._searcher_now()
    return [searcher.stored_fields(n)["id"] for n in range(searcher.reader().doc_count_all())]


def test_the_two_builds_number_the_articles_differently(
    builds: tuple[ArticleIndex, ArticleIndex],
) -> None:
    at_once, in_pieces = builds
    assert len(in_pieces.listing()) == len(at_once.listing()) == COUNT
    assert _docnum_order(at_once) != _docnum_order(in_pieces)


QUERIES = ["council", "harbour", "budget OR market", "council date:2025-03", "counc*", "councl~"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_both_builds_give_the_same_hits_in_the_same_order(
    builds: tuple[ArticleIndex, ArticleIndex], query: str, sort: Any
) -> None:
    at_once, in_pieces = builds
    first = at_once.search(query, limit=COUNT, sort=sort)
    second = in_pieces.search(query, limit=COUNT, sort=sort)
    assert first.total == second.total > 10
    assert _ids(first.hits) == _ids(second.hits)


@pytest.mark.parametrize("limit", [1, 7, 20, 31])
def test_a_cut_through_tied_hits_keeps_the_same_ones(
    builds: tuple[ArticleIndex, ArticleIndex], limit: int
) -> None:
    at_once, in_pieces = builds
    first = at_once.search("council", limit=limit)
    second = in_pieces.search("council", limit=limit)
    assert len(first.hits) == limit
    assert _ids(first.hits) == _ids(second.hits)
    assert _ids(first.hits) == _ids(at_once.search("council", limit=COUNT).hits)[:limit]


def test_ties_are_newest_first_then_by_id(builds: tuple[ArticleIndex, ArticleIndex]) -> None:
    hits = builds[1].search("council", limit=COUNT).hits
    keys = [
        (-score_key(hit.score), -(hit.published.timestamp() if hit.published else -1e18), hit.id)
        for hit in hits
    ]
    assert keys == sorted(keys)
    # The corpus really is full of ties: a few distinct scores for 90 articles.
    assert len({score_key(hit.score) for hit in hits}) < 10


def test_sorting_by_date_breaks_ties_by_score_then_id(
    builds: tuple[ArticleIndex, ArticleIndex],
) -> None:
    hits = builds[1].search("council", limit=COUNT, sort="date").hits
    keys = [
        (-(hit.published.timestamp() if hit.published else -1e18), -score_key(hit.score), hit.id)
        for hit in hits
    ]
    assert keys == sorted(keys)
    assert hits[-1].published is None


def test_whoosh_scoring_orders_ties_the_same_way(
    builds: tuple[ArticleIndex, ArticleIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    at_once, in_pieces = builds
    expected = {q: _ids(at_once.search(q, limit=COUNT).hits) for q in QUERIES}
    monkeypatch.setattr(search_module, "_rank_with_arrays", lambda *args: None)
    for query in QUERIES:
        for index in builds:
            assert _ids(index.search(query, limit=COUNT).hits) == expected[query], query
        assert _ids(in_pieces.search(query, limit=5).hits) == expected[query][:5], query


def test_scores_equal_to_nine_digits_are_ties() -> None:
    assert score_key(1.2345678901) == score_key(1.2345678904)
    assert score_key(1.2345678901) != score_key(1.2345679901)
    assert score_key(0.0) == 0.0
    assert score_key(None) == 0.0


@pytest.mark.parametrize("arrays", [True, False])
def test_a_segment_of_undated_articles_sorts_after_the_dated_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arrays: bool
) -> None:
    # The first update writes a segment with no date column at all (every article undated).
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(4):
        (corpus / f"u{number}.txt").write_text(f"# Undated {number}\n\nThe harbour at dusk.\n")
    index = ArticleIndex.open(corpus, tmp_path / "index", entities="none")
    index.update()
    for number in range(3):
        day = f"March {number + 3}, 2025"
        (corpus / f"d{number}.txt").write_text(f"# Dated {number}\n\n{day}\n\nThe harbour.\n")
    index.update()
    if not arrays:
        monkeypatch.setattr(search_module, "_rank_with_arrays", lambda *args: None)
    for sort in ("date", "relevance"):
        hits = index.search("harbour", limit=10, sort=sort).hits
        assert len(hits) == 7
        if sort == "date":
            assert _ids(hits) == [
                "d2.txt",
                "d1.txt",
                "d0.txt",
                "u0.txt",
                "u1.txt",
                "u2.txt",
                "u3.txt",
            ]
