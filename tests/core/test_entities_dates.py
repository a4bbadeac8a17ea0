"""Resolving DATE expressions to calendar days relative to the publication date."""

from __future__ import annotations

import datetime

import pytest

from tui.core.entities import resolve_date

PUBLISHED = datetime.date(2026, 4, 12)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sunday", datetime.date(2026, 4, 12)),
        ("Saturday", datetime.date(2026, 4, 11)),
        ("Monday", datetime.date(2026, 4, 6)),
        ("last Sunday", datetime.date(2026, 4, 5)),
        ("next Monday", datetime.date(2026, 4, 13)),
    ],
)
def test_weekday_resolves_to_most_recent_such_day(text: str, expected: datetime.date) -> None:
    assert resolve_date(text, PUBLISHED) == expected


def test_month_day_takes_the_published_year() -> None:
    assert resolve_date("Feb. 28", PUBLISHED) == datetime.date(2026, 2, 28)


def test_month_day_well_after_publication_takes_the_previous_year() -> None:
    assert resolve_date("Dec. 20", PUBLISHED) == datetime.date(2025, 12, 20)


def test_month_day_soon_after_publication_stays_in_the_year() -> None:
    assert resolve_date("May 5", PUBLISHED) == datetime.date(2026, 5, 5)


def test_early_month_in_a_december_article_is_next_year() -> None:
    assert resolve_date("Jan. 5", datetime.date(2025, 12, 20)) == datetime.date(2026, 1, 5)


def test_full_date_ignores_publication() -> None:
    assert resolve_date("Dec. 12, 2025", None) == datetime.date(2025, 12, 12)
    assert resolve_date("12 December 2025", PUBLISHED) == datetime.date(2025, 12, 12)


def test_iso_date() -> None:
    assert resolve_date("2026-01-05", None) == datetime.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", datetime.date(2026, 4, 12)),
        ("yesterday", datetime.date(2026, 4, 11)),
        ("Tomorrow", datetime.date(2026, 4, 13)),
        ("three days ago", datetime.date(2026, 4, 9)),
        ("2 weeks ago", datetime.date(2026, 3, 29)),
    ],
)
def test_relative_days(text: str, expected: datetime.date) -> None:
    assert resolve_date(text, PUBLISHED) == expected


def test_published_datetime_is_accepted() -> None:
    published = datetime.datetime(2026, 4, 12, 23, 59, tzinfo=datetime.UTC)
    assert resolve_date("Sunday", published) == datetime.date(2026, 4, 12)


@pytest.mark.parametrize("text", ["March", "2026", "last week", "the 1990s", "Feb. 30, 2026"])
def test_imprecise_or_impossible_dates_do_not_resolve(text: str) -> None:
    assert resolve_date(text, PUBLISHED) is None


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve_date("Sunday", None) is None
    assert resolve_date("Feb. 28", None) is None
