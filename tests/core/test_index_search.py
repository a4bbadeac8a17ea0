"""Searching a real on-disk index: query forms, ranking, snippets, offsets and suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import built_index
from tui.core.article import Article, Skipped
from tui.core.index import ArticleIndex, QueryError
from tui.core.index import search as search_module
from tui.core.index.engine import translate as query_module


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    return built_index(tmp_path_factory.mktemp("search"))


def found(index: ArticleIndex, query: str) -> set[str]:
    return {hit.id for hit in index.search(query).hits}


def test_single_word(index: ArticleIndex) -> None:
    assert found(index, "barcelona") == {"football-final.md"}


def test_words_are_stemmed(index: ArticleIndex) -> None:
    assert found(index, "governments") == {"kremlin-ceasefire.md", "football-final.md"}


def test_words_default_to_and(index: ArticleIndex) -> None:
    assert found(index, "putin peace") == {"putin-peace.md"}


def test_or(index: ArticleIndex) -> None:
    assert found(index, "barcelona OR berlin") == {"football-final.md", "election-berlin.md"}


def test_not(index: ArticleIndex) -> None:
    assert found(index, "putin NOT ceasefire") == {"putin-peace.md"}


def test_not_alone_finds_everything_else(index: ArticleIndex) -> None:
    assert found(index, "NOT putin") == {
        "oil-prices.md",
        "election-berlin.md",
        "football-final.md",
    }


def test_a_leading_minus_leaves_a_word_out_as_not_does(index: ArticleIndex) -> None:
    assert found(index, "putin -ceasefire") == found(index, "putin NOT ceasefire")
    assert found(index, "-putin") == found(index, "NOT putin")
    assert found(index, '-"strait of hormuz" -(barcelona OR tankers)') == found(
        index, 'NOT "strait of hormuz" NOT (barcelona OR tankers)'
    )


def test_parentheses(index: ArticleIndex) -> None:
    assert found(index, "(barcelona OR tankers) NOT oil") == {"football-final.md"}


def test_phrase(index: ArticleIndex) -> None:
    assert found(index, '"strait of hormuz"') == {"kremlin-ceasefire.md"}


def test_phrase_needs_the_words_in_order(index: ArticleIndex) -> None:
    assert found(index, '"hormuz strait"') == set()


def test_prefix(index: ArticleIndex) -> None:
    assert found(index, "elect*") == {"election-berlin.md"}


def test_fuzzy(index: ArticleIndex) -> None:
    assert found(index, "barcelonna~") == {"football-final.md"}


def test_title_field(index: ArticleIndex) -> None:
    assert found(index, "title:strait") == {"oil-prices.md"}


def test_author_field(index: ArticleIndex) -> None:
    assert found(index, "author:miller") == {"oil-prices.md"}


def test_source_field(index: ArticleIndex) -> None:
    assert found(index, 'source:"moscow times"') == {"putin-peace.md"}


def test_person_field_matches_a_surname(index: ArticleIndex) -> None:
    assert found(index, "person:putin") == {"kremlin-ceasefire.md", "putin-peace.md"}


def test_person_field_matches_a_full_name(index: ArticleIndex) -> None:
    assert found(index, 'person:"vladimir putin"') == {"kremlin-ceasefire.md", "putin-peace.md"}


def test_org_field(index: ArticleIndex) -> None:
    assert "kremlin-ceasefire.md" in found(index, "org:kremlin")


def test_place_field(index: ArticleIndex) -> None:
    assert "election-berlin.md" in found(index, "place:berlin")


def test_entity_searches_every_kind_of_name_at_once(index: ArticleIndex) -> None:
    # No field holds every name again: `entity:` is the people, organisations, places and
    # the other names (here "Russian" and "Iranian", nationalities) together.
    assert found(index, "entity:putin") == found(index, "person:putin")
    assert "kremlin-ceasefire.md" in found(index, "entity:kremlin")
    assert "election-berlin.md" in found(index, "entity:berlin")
    assert found(index, "person:russian OR org:russian OR place:russian") == set()
    assert found(index, "entity:russian") == {"kremlin-ceasefire.md"}
    assert found(index, 'entity:"vladimir putin" entity:iranian') == {
        "kremlin-ceasefire.md",
        "putin-peace.md",
    }
    assert found(index, "russian") >= found(index, "entity:russian")  # the body has it too


def test_date_month(index: ArticleIndex) -> None:
    assert found(index, "date:2026-04") == {"kremlin-ceasefire.md", "putin-peace.md"}


def test_date_range(index: ArticleIndex) -> None:
    assert found(index, "date:2026-03-01..2026-04-10") == {
        "oil-prices.md",
        "kremlin-ceasefire.md",
    }


def test_before_a_year(index: ArticleIndex) -> None:
    assert found(index, "before:2026") == {"football-final.md"}


def test_after_a_relative_date(index: ArticleIndex) -> None:
    from datetime import datetime

    results = index.search('after:"last week"', now=datetime(2026, 4, 15))
    assert {hit.id for hit in results.hits} == {"kremlin-ceasefire.md", "putin-peace.md"}


def test_date_combines_with_words(index: ArticleIndex) -> None:
    assert found(index, "strait date:2026-03") == {"oil-prices.md"}


def test_title_matches_rank_first(index: ArticleIndex) -> None:
    hits = index.search("strait").hits
    assert hits[0].id == "oil-prices.md"


def test_sort_by_date_puts_newest_first(index: ArticleIndex) -> None:
    hits = index.search("putin OR oil OR berlin", sort="date").hits
    assert [hit.id for hit in hits] == [
        "putin-peace.md",
        "kremlin-ceasefire.md",
        "oil-prices.md",
        "election-berlin.md",
    ]


def test_hits_carry_what_the_list_shows(index: ArticleIndex) -> None:
    hit = index.search("barcelona").hits[0]
    assert hit.title == "Madrid Win the Cup Final"
    assert hit.published is not None and hit.published.year == 2025
    assert hit.byline == "Luis Garcia"
    assert hit.score > 0
    assert hit.path.name == "football-final.md"


def test_results_count_and_time(index: ArticleIndex) -> None:
    results = index.search("putin")
    assert results.total == 2
    assert results.seconds >= 0
    assert results.complete


def test_limit_caps_hits_but_not_total(index: ArticleIndex) -> None:
    results = index.search("NOT zzzz", limit=2)
    assert len(results.hits) == 2
    assert results.total == 5


def test_snippet_offsets_point_at_matched_words(index: ArticleIndex) -> None:
    snippet = index.search("tankers").hits[0].snippet
    assert snippet is not None
    assert [snippet.text[s:e] for s, e in snippet.matches] == ["tankers"]


def test_snippet_marks_stemmed_variants(index: ArticleIndex) -> None:
    snippet = index.search("government").hits[0].snippet
    assert snippet is not None
    assert {snippet.text[s:e].lower() for s, e in snippet.matches} <= {"government", "governments"}
    assert snippet.matches


def test_snippet_marks_a_whole_phrase(index: ArticleIndex) -> None:
    snippet = index.search('"strait of hormuz"').hits[0].snippet
    assert snippet is not None
    assert [snippet.text[s:e] for s, e in snippet.matches] == ["Strait of Hormuz"]


def test_snippets_can_be_left_out(index: ArticleIndex) -> None:
    assert index.search("putin", snippets=0).hits[0].snippet is None


def test_match_offsets_cover_every_match_in_the_body(index: ArticleIndex) -> None:
    body = "Putin spoke. Then PUTIN left; putin's aides stayed."
    offsets = index.match_offsets("putin", body)
    assert [body[s:e] for s, e in offsets] == ["Putin", "PUTIN", "putin"]


def test_match_offsets_find_phrases(index: ArticleIndex) -> None:
    body = "Ships in the Strait of Hormuz; the strait again."
    assert [body[s:e] for s, e in index.match_offsets('"strait of hormuz"', body)] == [
        "Strait of Hormuz"
    ]


def test_match_offsets_find_prefixes_and_fuzzy_words(index: ArticleIndex) -> None:
    body = "Elections and electoral rolls; Barcelona won."
    offsets = index.match_offsets("elect* barcelonna~", body)
    assert [body[s:e] for s, e in offsets] == ["Elections", "electoral", "Barcelona"]


def test_match_offsets_skip_negated_words(index: ArticleIndex) -> None:
    body = "Putin and the Kremlin."
    assert [body[s:e] for s, e in index.match_offsets("putin NOT kremlin", body)] == ["Putin"]


def test_match_offsets_work_for_titles(index: ArticleIndex) -> None:
    title = "Oil Prices Climb as Strait Stays Tense"
    offsets = index.match_offsets("title:strait oil", title, field="title")
    assert [title[s:e] for s, e in offsets] == ["Oil", "Strait"]


def test_match_offsets_highlight_entity_field_names(index: ArticleIndex) -> None:
    body = "Vladimir Putin met Vladimir Smith."
    offsets = index.match_offsets('person:"vladimir putin"', body)
    assert [body[s:e] for s, e in offsets] == ["Vladimir Putin"]


def test_spelling_suggestion_for_a_misspelled_word(index: ArticleIndex) -> None:
    results = index.search("barcelnoa")
    assert results.total == 0
    assert results.suggestion == "barcelona"


def test_suggestion_keeps_the_rest_of_the_query(index: ArticleIndex) -> None:
    assert index.search("madrid barcelnoa date:2025").suggestion == "madrid barcelona date:2025"


def test_no_suggestion_when_the_query_finds_plenty(index: ArticleIndex) -> None:
    assert index.search("NOT zzzz").suggestion is None


def test_words_too_common_to_index_are_named_not_silently_missed(index: ArticleIndex) -> None:
    only_common = index.search('the "of the"')
    assert only_common.total == 0 and only_common.too_common == ("the", "of the")
    mixed = index.search("the strait")
    assert mixed.total > 0 and mixed.too_common == ("the",)
    assert index.search("strait person:the").too_common == ()  # names have no stop list


def test_bad_query_raises_query_error_with_position(index: ArticleIndex) -> None:
    with pytest.raises(QueryError) as caught:
        index.search('putin "peace')
    assert caught.value.position == 6


def test_prefix_expanding_too_far_is_refused(
    index: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query_module, "MAX_EXPANSION", 2)
    with pytest.raises(QueryError, match="'st\\*' at column 6 matches too many words"):
        index.search("iran st*")


def test_search_time_is_capped(index: ArticleIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "SEARCH_SECONDS", 0.0)
    results = index.search("NOT zzzz")
    assert results.total <= 5


def test_more_like_this_finds_related_articles(index: ArticleIndex) -> None:
    related = [hit.id for hit in index.more_like_this("putin-peace.md")]
    assert related and related[0] == "kremlin-ceasefire.md"
    assert "putin-peace.md" not in related


def test_more_like_this_of_an_unknown_article_is_empty(index: ArticleIndex) -> None:
    assert index.more_like_this("nope.md") == []


def test_top_entities_counts_articles(index: ArticleIndex) -> None:
    people = {item.key: item for item in index.top_entities("person")}
    assert people["vladimir putin"].count == 2
    assert people["vladimir putin"].name == "Vladimir Putin"
    assert people["vladimir putin"].kind == "person"


def test_top_entities_of_every_kind(index: ArticleIndex) -> None:
    kinds = {item.kind for item in index.top_entities()}
    assert kinds == {"person", "org", "place"}


def test_articles_mentioning_an_entity(index: ArticleIndex) -> None:
    mentions = [item.id for item in index.articles_mentioning("person", "vladimir putin")]
    assert mentions == ["putin-peace.md", "kremlin-ceasefire.md"]


def test_entities_are_stored_with_body_offsets(index: ArticleIndex) -> None:
    entities = index.entities_for("kremlin-ceasefire.md")
    article = index.load_article("kremlin-ceasefire.md")
    assert entities and isinstance(article, Article)
    assert all(article.body[e.start : e.end] == e.text for e in entities)


def test_entities_of_an_unknown_article_are_none(index: ArticleIndex) -> None:
    assert index.entities_for("nope.md") is None


def test_entities_are_not_stored_when_recognition_is_off(tmp_path: Path) -> None:
    from tests.helpers import open_index, write_corpus

    index = open_index(write_corpus(tmp_path), tmp_path, entities="none")
    index.update()
    assert index.entities_for("putin-peace.md") is None
    assert index.search("person:putin").total == 0


def test_load_article_reads_the_file(index: ArticleIndex) -> None:
    article = index.load_article("oil-prices.md")
    assert isinstance(article, Article)
    assert article.title == "Oil Prices Climb as Strait Stays Tense"


def test_load_article_of_a_missing_file_is_skipped(index: ArticleIndex) -> None:
    assert isinstance(index.load_article("gone.md"), Skipped)


def test_json_entries_load_by_their_id(tmp_path: Path) -> None:
    import json

    from tests.helpers import built_index as build

    entries = [
        {"title": "First Entry", "text": "Alpha text about walruses.", "date": "2026-01-02"},
        {"title": "Second Entry", "text": "Beta text about narwhals.", "date": "2026-01-03"},
    ]
    index = build(tmp_path, {"feed.json": json.dumps(entries)})
    hit = index.search("narwhals").hits[0]
    assert hit.id == "feed.json#1"
    loaded = index.load_article(hit.id)
    assert isinstance(loaded, Article) and loaded.title == "Second Entry"


SEARCH_ALPHABET = (
    'putinoilberlstrai AND OR NOT ()"*~:-.0123456789\u202etitle:date:after:person:source:'
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=SEARCH_ALPHABET, max_size=50))
def test_any_query_gives_results_or_a_query_error(index: ArticleIndex, text: str) -> None:
    try:
        results = index.search(text)
    except QueryError as error:
        assert error.message
        return
    assert results.total >= len(results.hits)
    for hit in results.hits:
        if hit.snippet is not None:
            assert all(0 <= s < e <= len(hit.snippet.text) for s, e in hit.snippet.matches)


def test_sort_by_date_puts_undated_articles_last(tmp_path: Path) -> None:
    from tests.helpers import ARTICLES as FIXTURES
    from tests.helpers import built_index as build

    index = build(tmp_path, {**FIXTURES, "undated.md": "# Undated Oil Note\n\nOil again.\n"})
    hits = index.search("oil", sort="date").hits
    assert [hit.id for hit in hits] == ["oil-prices.md", "undated.md"]


def test_index_deleted_under_a_reader_raises_index_unavailable(tmp_path: Path) -> None:
    import shutil

    from tests.helpers import built_index as build
    from tui.core.index import IndexUnavailable

    index = build(tmp_path)
    shutil.rmtree(index.folder)
    with pytest.raises(IndexUnavailable, match="cannot read the search index"):
        index.search("putin")


def test_no_suggestion_for_the_first_letters_of_a_word(index: ArticleIndex) -> None:
    assert index.search("kr").suggestion is None
    assert index.search("kre").suggestion is None


def test_short_words_are_corrected_by_one_edit_at_most(index: ArticleIndex) -> None:
    assert index.search("oill").suggestion == "oil"
    assert index.search("kremlim").suggestion == "kremlin"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('putin "peace', "unbalanced quote at column 7"),
        ("(putin OR oil", "'(' at column 1 is never closed"),
        ("putin)", "')' at column 6 has no matching '('"),
        ("putin AND", "'AND' at column 7 needs"),
        ("OR oil", "'OR' at column 1 needs"),
        ("oil NOT", "'NOT' at column 5 must be followed by"),
        ("titel:oil", "unknown field 'titel:' at column 1"),
        ("date:2026-02-30", "bad date for 'date:' at column 6"),
        ("x" * 10_000, "the query is too long"),
        ("o*", "the prefix 'o*' at column 1 is too short"),
    ],
)
def test_bad_queries_on_a_real_index_say_what_and_where(
    index: ArticleIndex, query: str, message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        index.search(query)
    assert message in caught.value.message


def test_match_offsets_of_a_bad_query_are_empty(index: ArticleIndex) -> None:
    assert index.match_offsets('putin "peace', "Putin wants peace.") == []


@pytest.mark.parametrize(
    "query", ["putin", "putin OR berlin", "peace talks", "NOT putin", "pri*", "ceasfire~"]
)
def test_top_hits_and_total_match_scoring_every_hit(index: ArticleIndex, query: str) -> None:
    from whoosh.query import Or

    from tui.core.index.engine.order import score_key
    from tui.core.index.engine.translate import AnyOf, to_whoosh
    from tui.core.index.query import parse_query

    searcher = index._searcher_now()
    whoosh_query = to_whoosh(parse_query(query).tree)
    every = searcher.search(whoosh_query, limit=None)
    when = searcher.reader().column_reader("when")
    # Best first; equal scores newest first, then by id (never by document number).
    expected = [
        article_id
        for _, _, article_id in sorted(
            (-score_key(score), -when[docnum], searcher.stored_fields(docnum)["id"])
            for docnum, score in every.items()
        )
    ]
    results = index.search(query, limit=2)
    assert results.total == len(expected)
    assert [hit.id for hit in results.hits] == expected[:2]
    assert not any(type(q) is Or for q in [whoosh_query, *whoosh_query.children()])
    assert AnyOf.matcher_type == Or.DEFAULT_MATCHER


def test_expanded_words_are_shared_with_snippets(index: ArticleIndex) -> None:
    from tui.core.index.engine.translate import expand_words, match_specs, to_whoosh
    from tui.core.index.query import parse_query

    reader = index._searcher_now().reader()
    parsed = parse_query("ceasfire~")
    expanded = expand_words(to_whoosh(parsed.tree), reader)
    body = {
        str(term) for (word, field), terms in expanded.items() if field == "body" for term in terms
    }
    assert "ceasefir" in body
    (spec,) = match_specs(parsed, "body", reader, expanded)
    assert spec.extra == frozenset(body) == match_specs(parsed, "body", reader)[0].extra


@pytest.mark.parametrize("sort", ["relevance", "date", "title"])
def test_an_index_with_nothing_committed_yet_answers_with_no_hits(
    tmp_path: Path, sort: str
) -> None:
    # What a second reader sees while the first update is still writing its first segment.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with ArticleIndex.open(corpus, tmp_path / "index") as empty:
        results = empty.search("fraud", sort=sort)
        assert (results.total, results.hits) == (0, [])
        assert empty.hit_ids("fraud", sort=sort) == []
