"""The array ranking (tui.core.index.engine.ranking) against Whoosh scoring every match itself.

A real index of 1,200 generated articles in several segments, with deletions: for each query
the top 20 must be Whoosh's top 20 (up to ties), with Whoosh's scores, and the total exact.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tui.core.index import ArticleIndex
from tui.core.index import search as search_module
from tui.core.index.engine import ranking
from tui.core.index.engine.translate import expand_words, to_whoosh
from tui.core.index.query import parse_query
from tui.core.index.store import article_body

WORDS = [
    "minister",
    "election",
    "prime",
    "government",
    "vote",
    "council",
    "budget",
    "border",
    "trade",
    "market",
    "energy",
    "harbour",
    "railway",
    "school",
    "hospital",
    "court",
    "police",
    "storm",
    "river",
    "festival",
    "museum",
    "election",
    "elected",
    "electric",
    "electorate",
    "ministry",
    "ministers",
    "mayor",
    "senate",
    "treaty",
    "summit",
    "tariff",
]
FILLER = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "on",
    "for",
    "with",
    "as",
    "by",
    "at",
    "from",
    "that",
    "this",
    "it",
    "was",
    "were",
    "has",
    "have",
    "said",
    "after",
    "before",
    "over",
    "under",
    "about",
    "into",
    "more",
    "most",
    "other",
    "some",
    "such",
    "only",
    "also",
    "new",
    "old",
]
TOTAL = 1200


def _article(rng: random.Random, number: int) -> str:
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 900))
    title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randrange(2, 6)))
    sentences = []
    for _ in range(rng.randrange(3, 12)):
        words = [
            rng.choice(WORDS) if rng.random() < 0.25 else rng.choice(FILLER)
            for _ in range(rng.randrange(5, 25))
        ]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), "prime minister")
        sentences.append(" ".join(words).capitalize() + ".")
    dated = f"{day:%B} {day.day}, {day.year}\n\n" if number % 7 else ""
    return f"# {title}\n\nBy Reporter {number % 13}\n\n{dated}" + " ".join(sentences) + "\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    root = tmp_path_factory.mktemp("ranking")
    corpus = root / "corpus"
    corpus.mkdir()
    rng = random.Random(7)
    opened = ArticleIndex.open(corpus, root / "index", entities="none")
    # Three updates make several segments (batches grow 50, 100, 200 ...); then some
    # articles are removed, so segments hold deleted documents.
    for start, end in ((0, 450), (450, 900), (900, TOTAL)):
        for number in range(start, end):
            (corpus / f"a{number:05d}.txt").write_text(_article(rng, number), encoding="utf-8")
        opened.update()
    for number in range(0, TOTAL, 37):
        (corpus / f"a{number:05d}.txt").unlink()
    opened.update()
    return opened


QUERIES = [
    "minister",
    "minister election",
    "minister OR harbour",
    '"prime minister"',
    '"prime minister"~3',
    '"minister election"',
    "title:election",
    "author:reporter",
    "date:2025-01..2025-06",
    "after:2025-03-04",
    "before:2024-05-07",
    "elect*",
    "minist*",
    "ministr~",
    "electio~2",
    "minister date:2025",
    "elect* treaty",
    "(harbour OR railway) summit",
    "title:(budget OR tariff)",
    "nosuchword",
]


def _whoosh_ranking(index: ArticleIndex, text: str) -> tuple[list[tuple[int, float]], int]:
    """Every match scored by Whoosh, best first, ties by document number (as it collects)."""
    searcher = index._searcher_now()
    query = to_whoosh(parse_query(text).tree)
    expand_words(query, searcher.reader())
    collector = search_module.top_collector(None)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    ranked = sorted(((int(d), float(s)) for d, s in results.items()), key=lambda x: (-x[1], x[0]))
    return ranked, len(results)


def _arrays(index: ArticleIndex, text: str, limit: int | None = 20) -> ranking.Ranked:
    searcher = index._searcher_now()
    query = to_whoosh(parse_query(text).tree)
    expand_words(query, searcher.reader())
    found = ranking.rank(searcher, query, limit)
    assert found is not None, f"{text!r} was left to Whoosh"
    return found


def _assert_same_top(ours: list[tuple[int, float]], whoosh: list[tuple[int, float]]) -> None:
    top = whoosh[: len(ours)]
    assert len(ours) == len(top)
    for (_, score), (_, expected) in zip(ours, top, strict=True):
        assert math.isclose(score, expected, rel_tol=1e-9, abs_tol=1e-12)
    if not top:
        return
    # Documents scoring above the last kept score must be the same ones; at that score,
    # any of the tied documents may fill the remaining places.
    cut = top[-1][1]
    above = {d for d, s in whoosh if s > cut and not math.isclose(s, cut, rel_tol=1e-9)}
    kept = {d for d, _ in ours}
    assert above <= kept
    tied = {d for d, s in whoosh if math.isclose(s, cut, rel_tol=1e-9)}
    assert kept - above <= tied


def test_the_index_has_several_segments_and_deletions(index: ArticleIndex) -> None:
    reader = index._searcher_now().reader()
    segments = [segment for segment, _ in reader.leaf_readers()]
    assert len(segments) >= 3
    assert any(segment.has_deletions() for segment in segments)


@pytest.mark.parametrize("text", QUERIES)
def test_top_20_and_total_are_those_of_whoosh_scoring_every_match(
    index: ArticleIndex, text: str
) -> None:
    whoosh, total = _whoosh_ranking(index, text)
    ours = _arrays(index, text)
    assert ours.total == total
    assert ours.timed_out is False
    _assert_same_top(ours.hits, whoosh)


def test_common_queries_match_many_articles(index: ArticleIndex) -> None:
    # The comparison above means little unless the queries really rank many matches.
    assert _arrays(index, "minister").total > 300
    assert _arrays(index, '"prime minister"').total > 200
    assert _arrays(index, "date:2025-01..2025-06").total > 100


def test_without_a_limit_every_match_comes_back_in_order(index: ArticleIndex) -> None:
    whoosh, total = _whoosh_ranking(index, "minister election")
    ours = _arrays(index, "minister election", limit=None)
    assert len(ours.hits) == total == ours.total
    assert {d for d, _ in ours.hits} == {d for d, _ in whoosh}
    scores = [s for _, s in ours.hits]
    assert scores == sorted(scores, reverse=True)


def test_not_removes_every_article_with_the_word(index: ArticleIndex) -> None:
    searcher = index._searcher_now()

    def docs(text: str) -> set[int]:
        return set(searcher.docs_for_query(to_whoosh(parse_query(text).tree)))

    expected = docs("minister") - docs("election")
    ours = _arrays(index, "minister NOT election", limit=None)
    assert {d for d, _ in ours.hits} == expected
    assert ours.total == len(expected)


def test_a_phrase_needs_the_words_in_order_and_next_to_each_other(index: ArticleIndex) -> None:
    searcher = index._searcher_now()
    ours = _arrays(index, '"prime minister"', limit=None)
    for docnum, _ in ours.hits[:50]:
        body = article_body(searcher, docnum).lower()
        title = searcher.stored_fields(docnum).get("title", "").lower()
        assert "prime minister" in body or "prime minister" in title
    reversed_phrase = _arrays(index, '"minister prime"', limit=None)
    assert reversed_phrase.total < ours.total


def test_an_unknown_query_part_is_left_to_whoosh(index: ArticleIndex) -> None:
    from whoosh.query import Every

    searcher = index._searcher_now()
    assert ranking.rank(searcher, Every(), 20) is None


def test_search_uses_the_arrays_and_falls_back_to_whoosh(
    index: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    real = ranking.rank

    def counting(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        calls.append(found)
        return found

    monkeypatch.setattr(ranking, "rank", counting)
    fast = index.search("minister election", limit=20)
    assert calls and all(found is not None for found in calls)
    monkeypatch.setattr(ranking, "rank", lambda *args, **kwargs: None)
    slow = index.search("minister election", limit=20)
    assert fast.total == slow.total
    assert [hit.id for hit in fast.hits] == [hit.id for hit in slow.hits]
    assert [hit.snippet for hit in fast.hits] == [hit.snippet for hit in slow.hits]


def test_sorting_by_date_ranks_every_match(index: ArticleIndex) -> None:
    results = index.search("minister", limit=30, sort="date")
    dates = [hit.published for hit in results.hits if hit.published is not None]
    assert dates == sorted(dates, reverse=True)
    assert results.total == _arrays(index, "minister").total


def test_searching_after_dropping_pages_finds_the_same(index: ArticleIndex) -> None:
    first = index.search('"prime minister"', limit=20)
    index._ix.storage.drop_pages()
    again = index.search('"prime minister"', limit=20)
    assert [hit.id for hit in first.hits] == [hit.id for hit in again.hits]
    assert first.total == again.total


def test_arrays_of_replaced_segments_are_let_go(tmp_path: Path) -> None:
    import gc

    gc.collect()
    before = len(ranking._SEGMENT_ARRAYS)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rng = random.Random(7)
    opened = ArticleIndex.open(corpus, tmp_path / "index")
    for round_number in range(6):
        for number in range(round_number * 10, round_number * 10 + 10):
            (corpus / f"b{number:05d}.txt").write_text(_article(rng, number), encoding="utf-8")
        opened.update()
        assert opened.search("minister", limit=5).total > 0
    gc.collect()
    live = len(list(opened._searcher_now().reader().leaf_readers()))
    assert len(ranking._SEGMENT_ARRAYS) - before <= live
    opened.close()


def test_corpus_folder_is_real(index: ArticleIndex) -> None:
    files = list(Path(index.corpus).glob("*.txt"))
    assert len(files) == TOTAL - len(range(0, TOTAL, 37))


def test_remembered_expansions_stay_within_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.index.engine import translate as query_module

    monkeypatch.setattr(query_module, "_EXPANSIONS", {})
    monkeypatch.setattr(query_module, "_expansion_terms", 0)
    monkeypatch.setattr(query_module, "_EXPANSION_TERMS_KEPT", 1_000)
    for number in range(50):
        terms = [f"w{number}-{i}".encode() for i in range(9)]
        query_module._remember_expansion(("Prefix", "body", f"w{number}", number), terms)
        kept = sum(len(found) for found in query_module._EXPANSIONS.values())
        assert kept <= 1_000
    assert ("Prefix", "body", "w49", 49) in query_module._EXPANSIONS
    query_module._remember_expansion(("Prefix", "body", "c", 0), [b"x"] * 11)
    assert ("Prefix", "body", "c", 0) not in query_module._EXPANSIONS
