"""Hits over time: per day for a short span, per month beyond, empty periods kept."""

from __future__ import annotations

from datetime import date, datetime

from tui.core.timeline import timeline_of


def test_a_short_span_is_counted_per_day_with_empty_days() -> None:
    timeline = timeline_of(
        [datetime(2026, 4, 1), datetime(2026, 4, 1, 18), datetime(2026, 4, 4), None]
    )
    assert timeline is not None
    assert timeline.unit == "day"
    assert timeline.counts == (2, 0, 0, 1)
    assert timeline.undated == 1
    assert timeline.describe() == "per day 2026-04-01 – 2026-04-04"


def test_a_long_span_is_counted_per_month_across_a_year_end() -> None:
    timeline = timeline_of([datetime(2025, 11, 30), datetime(2026, 2, 1), datetime(2026, 2, 9)])
    assert timeline is not None
    assert timeline.unit == "month"
    assert timeline.counts == (1, 0, 0, 2)
    assert (timeline.first, timeline.last) == (date(2025, 11, 1), date(2026, 2, 1))
    assert timeline.describe() == "per month 2025-11 – 2026-02"


def test_one_day_or_no_dates_is_no_timeline() -> None:
    assert timeline_of([]) is None
    assert timeline_of([None, None]) is None
    assert timeline_of([datetime(2026, 4, 1), datetime(2026, 4, 1, 9)]) is None


def test_the_day_span_sets_the_switch_to_months() -> None:
    dates = [datetime(2026, 1, 1), datetime(2026, 3, 1)]
    assert timeline_of(dates, day_span=62) is not None
    assert timeline_of(dates, day_span=62).unit == "day"  # type: ignore[union-attr]
    assert timeline_of(dates, day_span=30).unit == "month"  # type: ignore[union-attr]
