"""Hits over time: how many articles fall in each month (or each day, for a short span)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

DAY_SPAN = 62
"""Up to this many days from first to last, hits are counted per day; beyond, per month."""


@dataclass(frozen=True)
class Timeline:
    """Counts per consecutive period (empty periods included), from `first` to `last`."""

    unit: str
    """"day" or "month"."""
    first: date
    last: date
    counts: tuple[int, ...]
    undated: int = 0
    """Articles with no date, left out of the counts."""

    def describe(self) -> str:
        """The span and unit in words, for the status line beside the sparkline."""
        if self.unit == "day":
            return f"per day {self.first.isoformat()} – {self.last.isoformat()}"
        return f"per month {self.first:%Y-%m} – {self.last:%Y-%m}"


def timeline_of(dates: Iterable[datetime | None], *, day_span: int = DAY_SPAN) -> Timeline | None:
    """The timeline of some articles' dates; None when fewer than two periods have any."""
    days: Counter[date] = Counter()
    undated = 0
    for moment in dates:
        if moment is None:
            undated += 1
        else:
            days[moment.date()] += 1
    if not days:
        return None
    first, last = min(days), max(days)
    if (last - first).days <= day_span:
        if first == last:
            return None
        counts = tuple(days.get(first + timedelta(n), 0) for n in range((last - first).days + 1))
        return Timeline("day", first, last, counts, undated)
    months: Counter[tuple[int, int]] = Counter()
    for day, count in days.items():
        months[(day.year, day.month)] += count
    year, month = first.year, first.month
    series: list[int] = []
    while (year, month) <= (last.year, last.month):
        series.append(months.get((year, month), 0))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Timeline("month", first.replace(day=1), last.replace(day=1), tuple(series), undated)
