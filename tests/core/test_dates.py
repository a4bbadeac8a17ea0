"""Reading published dates: the forms news uses, and never "today" for nonsense."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.dates import DateError, parse_date, parse_date_or_none


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("April 12, 2026", datetime(2026, 4, 12)),
        ("Dec. 12, 2025", datetime(2025, 12, 12)),
        ("12/04/2026", datetime(2026, 12, 4)),
        ("13/04/2026", datetime(2026, 4, 13)),
    ],
)
def test_naive_date_forms(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_iso_date_with_offset_is_timezone_aware() -> None:
    parsed = parse_date("2026-04-12T09:30:00+03:00")
    assert parsed.utcoffset() == timedelta(hours=3)
    assert (parsed.hour, parsed.minute) == (9, 30)


def test_rfc2822_date() -> None:
    parsed = parse_date("Sun, 12 Apr 2026 09:30:00 +0300")
    assert parsed.utcoffset() == timedelta(hours=3) and parsed.day == 12


def test_named_zone_abbreviation_is_understood() -> None:
    assert parse_date("12 Apr 2026 10:00 EST").utcoffset() == timedelta(hours=-5)


def test_day_first_setting() -> None:
    assert parse_date("12/04/2026", dayfirst=True) == datetime(2026, 4, 12)


@pytest.mark.parametrize("text", ["", "soon", "Tuesday", "April 12", "2026", "x" * 200])
def test_not_a_full_date_raises_date_error(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_unparseable_date_gives_none_and_a_note() -> None:
    assert parse_date_or_none("the other day") == (None, "not a date: 'the other day'")


@given(st.text(max_size=120))
def test_any_text_parses_or_raises_date_error(text: str) -> None:
    try:
        parsed = parse_date(text)
    except DateError:
        return
    assert isinstance(parsed, datetime)
