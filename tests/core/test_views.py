"""Reading views (is:unread, is:read, is:bookmarked): reading them and searching with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import built_index
from tui.core.index import ArticleIndex, QueryError
from tui.core.views import ReadingView, search_view, split_view, unread_count, without_view


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    return built_index(tmp_path_factory.mktemp("views"))


def test_a_query_without_view_terms_is_left_alone() -> None:
    assert split_view('putin "is:unread" title:is') == ('putin "is:unread" title:is', None)


def test_view_terms_are_taken_out_of_the_query() -> None:
    rest, view = split_view("is:unread person:putin")
    assert rest == "person:putin"
    assert view == ReadingView((("unread", True),))


def test_negated_view_terms_want_the_opposite() -> None:
    for query in ("putin NOT is:read", "putin -is:read"):
        rest, view = split_view(query)
        assert rest == "putin"
        assert view == ReadingView((("read", False),))


def test_dangling_and_is_dropped() -> None:
    assert split_view("putin AND is:bookmarked AND peace")[0] == "putin AND peace"
    assert split_view("is:unread AND putin")[0] == "putin"


def test_an_unknown_view_is_an_error_that_points_at_it() -> None:
    with pytest.raises(QueryError) as error:
        split_view("putin is:later")
    assert "unread, read, bookmarked" in error.value.message
    assert error.value.position == 9


def test_views_cannot_be_ored_or_grouped() -> None:
    with pytest.raises(QueryError, match="OR-ed"):
        split_view("putin OR is:unread")
    with pytest.raises(QueryError, match="parentheses"):
        split_view("(putin is:unread)")


def test_without_view_is_safe_on_a_bad_view() -> None:
    assert without_view("is:unread putin") == "putin"
    assert without_view("is:nonsense") == "is:nonsense"


def test_admits_combines_every_term() -> None:
    view = ReadingView((("unread", True), ("bookmarked", True)))
    assert view.admits("a", read=set(), bookmarks={"a"})
    assert not view.admits("a", read={"a"}, bookmarks={"a"})
    assert not view.admits("a", read=set(), bookmarks=set())


def test_search_with_a_view_keeps_ranked_order_and_counts_only_admitted(
    index: ArticleIndex,
) -> None:
    plain = [hit.id for hit in index.search("putin").hits]
    assert set(plain) == {"putin-peace.md", "kremlin-ceasefire.md"}
    results, ids = search_view(index, "is:unread putin", read={plain[0]}, bookmarks=set())
    assert [hit.id for hit in results.hits] == [plain[1]] == ids
    assert results.total == 1
    assert results.query == "is:unread putin"
    read_only, _ = search_view(index, "putin is:read", read={plain[0]}, bookmarks=set())
    assert [hit.id for hit in read_only.hits] == [plain[0]]


def test_a_view_alone_lists_matching_articles_newest_first(index: ArticleIndex) -> None:
    results, ids = search_view(
        index, "is:bookmarked", read=set(), bookmarks={"oil-prices.md", "putin-peace.md"}
    )
    assert set(ids) == {"oil-prices.md", "putin-peace.md"}
    dates = [hit.published for hit in results.hits]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert results.total == 2


def test_a_view_alone_respects_the_limit_but_counts_all(index: ArticleIndex) -> None:
    results, ids = search_view(index, "is:unread", read=set(), bookmarks=set(), limit=2)
    assert len(results.hits) == 2
    assert results.total == len(ids) == len(index.listing())


def test_unread_count_of_a_saved_query(index: ArticleIndex) -> None:
    assert unread_count(index, "putin", read=set(), bookmarks=set()) == 2
    assert unread_count(index, "putin", read={"putin-peace.md"}, bookmarks=set()) == 1
    assert unread_count(index, "is:read", read={"putin-peace.md"}, bookmarks=set()) == 0


def test_a_bad_rest_of_query_is_still_reported(index: ArticleIndex) -> None:
    with pytest.raises(QueryError):
        search_view(index, 'is:unread "unclosed', read=set(), bookmarks=set())


def test_library_highlights_ignore_view_terms(tmp_path: Path) -> None:
    from tests.helpers import write_corpus
    from tui.core.library import Library

    library = Library(write_corpus(tmp_path), tmp_path / "index")
    library.open()
    library.update()
    opened = library.open_article("putin-peace.md", "is:unread putin")
    assert not isinstance(opened, Exception)
    assert hasattr(opened, "body_matches") and opened.body_matches  # type: ignore[union-attr]
    library.close()
