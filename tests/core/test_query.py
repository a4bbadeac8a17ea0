"""Reading queries: the tree they become, and the message for each kind of mistake."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.index import QueryError, parse_query
from tui.core.index.engine.translate import to_whoosh
from tui.core.index.query import DateFilter, Group, Negation, Word
from tui.core.index.query_dates import DateTextError, parse_period

NOW = datetime(2026, 4, 15, 13, 30)


def error_of(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse_query(text, now=NOW)
    return caught.value


def test_words_default_to_and() -> None:
    tree = parse_query("putin kremlin").tree
    assert isinstance(tree, Group) and tree.operator == "and"
    assert [item.text for item in tree.items if isinstance(item, Word)] == ["putin", "kremlin"]


def test_or_binds_looser_than_and() -> None:
    tree = parse_query("a1 b1 OR c1").tree
    assert isinstance(tree, Group) and tree.operator == "or"
    assert isinstance(tree.items[0], Group) and tree.items[0].operator == "and"


def test_not_negates_the_next_clause() -> None:
    tree = parse_query("iran NOT israel").tree
    assert isinstance(tree, Group)
    assert isinstance(tree.items[1], Negation)


def test_a_leading_minus_negates_the_clause_it_opens() -> None:
    for query in ("iran -israel", 'iran -"west bank"', "iran -(israel OR gaza)", "iran -title:x"):
        tree = parse_query(query).tree
        assert isinstance(tree, Group), query
        assert isinstance(tree.items[1], Negation), query
    assert isinstance(parse_query("-israel").tree, Negation)


def test_a_minus_inside_a_word_or_alone_is_not_negation() -> None:
    assert parse_query("covid-19").tree == Word("covid-19", 0, 8, None, "word", 0)
    tree = parse_query("x-ray -- a - b").tree
    assert isinstance(tree, Group)
    assert not any(isinstance(item, Negation) for item in tree.items)


def test_a_minus_with_nothing_to_negate_says_so() -> None:
    assert "'-' at column 6 must be followed by" in error_of("iran -OR iraq").message


def test_parentheses_group() -> None:
    tree = parse_query("(putin OR trump) iran").tree
    assert isinstance(tree, Group) and tree.operator == "and"
    assert isinstance(tree.items[0], Group) and tree.items[0].operator == "or"


def test_quoted_words_are_a_phrase() -> None:
    tree = parse_query('"strait of hormuz"').tree
    assert tree == Word("strait of hormuz", 0, 18, None, "phrase", 1)


def test_phrase_may_allow_words_between() -> None:
    tree = parse_query('"peace talks"~3').tree
    assert isinstance(tree, Word) and tree.distance == 3


def test_trailing_star_is_a_prefix() -> None:
    tree = parse_query("sanction*").tree
    assert isinstance(tree, Word) and (tree.kind, tree.text) == ("prefix", "sanction")


def test_tilde_is_a_fuzzy_word() -> None:
    tree = parse_query("goverment~2").tree
    assert isinstance(tree, Word) and (tree.kind, tree.distance) == ("fuzzy", 2)


def test_author_field_means_byline() -> None:
    tree = parse_query("author:miller").tree
    assert isinstance(tree, Word) and tree.field == "byline"


def test_field_applies_to_a_group() -> None:
    tree = parse_query("title:(oil OR gas)").tree
    assert isinstance(tree, Group)
    assert {item.field for item in tree.items if isinstance(item, Word)} == {"title"}


def test_entity_fields_are_known() -> None:
    tree = parse_query('person:"vladimir putin" org:kremlin place:iran').tree
    assert isinstance(tree, Group)
    assert [item.field for item in tree.items if isinstance(item, Word)] == [
        "person",
        "org",
        "place",
    ]


def test_lowercase_operators_are_words() -> None:
    tree = parse_query("war and peace").tree
    assert isinstance(tree, Group) and len(tree.items) == 3


def test_only_stop_words_search_for_nothing() -> None:
    assert to_whoosh(parse_query("the of").tree) is None


def test_hyphenated_word_becomes_a_phrase() -> None:
    query = to_whoosh(parse_query("title:cease-fire").tree)
    assert type(query).__name__ == "Phrase"


def test_date_month() -> None:
    assert parse_query("date:2026-04").tree == DateFilter(
        datetime(2026, 4, 1), datetime(2026, 5, 1), 5
    )


def test_date_range() -> None:
    tree = parse_query("date:2026-04-01..2026-04-30").tree
    assert tree == DateFilter(datetime(2026, 4, 1), datetime(2026, 5, 1), 5)


def test_after_is_from_the_start_of_the_period() -> None:
    tree = parse_query('after:"last week"', now=NOW).tree
    assert tree == DateFilter(datetime(2026, 4, 8), None, 6)


def test_before_is_up_to_the_start_of_the_period() -> None:
    assert parse_query("before:2026").tree == DateFilter(None, datetime(2026, 1, 1), 7)


def test_after_yesterday() -> None:
    tree = parse_query("after:yesterday", now=NOW).tree
    assert tree == DateFilter(datetime(2026, 4, 14), None, 6)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("today", datetime(2026, 4, 15), datetime(2026, 4, 16)),
        ("3 days ago", datetime(2026, 4, 12), datetime(2026, 4, 13)),
        ("last month", datetime(2026, 3, 15), datetime(2026, 4, 16)),
        ("last year", datetime(2025, 4, 15), datetime(2026, 4, 16)),
        ("past 2 weeks", datetime(2026, 4, 1), datetime(2026, 4, 16)),
        ("this month", datetime(2026, 4, 1), datetime(2026, 5, 1)),
        ("April 2026", datetime(2026, 4, 1), datetime(2026, 5, 1)),
        ("April 12, 2026", datetime(2026, 4, 12), datetime(2026, 4, 13)),
        ("2026-04-12", datetime(2026, 4, 12), datetime(2026, 4, 13)),
    ],
)
def test_period_forms(text: str, start: datetime, end: datetime) -> None:
    assert parse_period(text, now=NOW) == (start, end)


def test_period_range_must_not_run_backwards() -> None:
    with pytest.raises(DateTextError, match="ends before it starts"):
        parse_period("2026-05..2026-04", now=NOW)


def test_unbalanced_quote_says_where() -> None:
    error = error_of('iran "strait of hormuz')
    assert error.message.startswith("unbalanced quote at column 6")
    assert error.position == 5


def test_unclosed_parenthesis_says_where() -> None:
    error = error_of("(putin OR trump")
    assert "'(' at column 1 is never closed" in error.message
    assert error.position == 0


def test_unopened_parenthesis_says_where() -> None:
    error = error_of("putin) iran")
    assert "')' at column 6 has no matching '('" in error.message


def test_empty_parentheses_are_refused() -> None:
    assert "empty parentheses at column 6" in error_of("iran () oil").message


@pytest.mark.parametrize(
    ("text", "column"),
    [("AND iran", 1), ("iran AND", 6), ("iran OR", 6), ("OR", 1), ("iran AND OR oil", 6)],
)
def test_lone_operator_says_where(text: str, column: int) -> None:
    error = error_of(text)
    assert f"at column {column}" in error.message
    assert "needs" in error.message


def test_lone_not_is_refused() -> None:
    assert "'NOT' at column 6 must be followed by" in error_of("iran NOT").message


def test_unknown_field_lists_the_fields() -> None:
    error = error_of("titel:iran")
    assert error.message == (
        "unknown field 'titel:' at column 1 (fields: title, author, source, person, org, "
        "place, entity, date, after, before)"
    )


def test_field_without_a_value_is_refused() -> None:
    assert "'title:' at column 6 needs" in error_of("iran title:").message


def test_bad_date_says_where_and_what_works() -> None:
    error = error_of("iran date:2026-13")
    assert error.message.startswith("bad date for 'date:' at column 11")
    assert "2026-04" in error.message


def test_unreadable_date_is_refused() -> None:
    assert "not a date" in error_of('after:"next blue moon"').message


def test_date_field_takes_no_group() -> None:
    assert "takes a date, not a group" in error_of("date:(2026 OR 2025)").message


def test_very_long_query_is_refused_without_parsing() -> None:
    error = error_of("a" * 10_000)
    assert "too long (10,000 characters; the limit is 1,000)" in error.message


def test_one_letter_prefix_is_refused() -> None:
    assert "too short" in error_of("iran a*").message


def test_star_inside_a_word_is_refused() -> None:
    assert "'*' at column 4 can only end a word" in error_of("gov*nment").message


def test_fuzzy_distance_is_capped() -> None:
    assert "~1 or ~2" in error_of("iran~5").message


def test_empty_query_is_refused() -> None:
    assert "empty" in error_of("   ").message


def test_urls_are_words_not_fields() -> None:
    tree = parse_query("https://example.com").tree
    assert isinstance(tree, Word)


QUERY_ALPHABET = 'abcxyz AND OR NOT ()"*~:-.,0123456789éß\u202e\x1b\ttitle:date:after:person:'


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=QUERY_ALPHABET, max_size=60))
def test_any_text_parses_or_gives_a_query_error(text: str) -> None:
    try:
        parsed = parse_query(text, now=NOW)
    except QueryError as error:
        assert error.message
        assert error.position is None or 0 <= error.position <= len(text)
        return
    to_whoosh(parsed.tree)


def test_prefix_and_fuzzy_words_expand_once_per_reader() -> None:
    from tui.core.index.engine.translate import FuzzyWord, PrefixWord

    class Reader:
        calls = 0

        def expand_prefix(self, fieldname: str, prefix: str) -> list[bytes]:
            Reader.calls += 1
            return [b"sanction", b"sanctions"]

    word = PrefixWord("body", "sanction")
    reader = Reader()
    assert list(word._btexts(reader)) == list(word._btexts(reader)) == [b"sanction", b"sanctions"]
    assert Reader.calls == 1
    assert isinstance(FuzzyWord("body", "ceasefir"), FuzzyWord)
