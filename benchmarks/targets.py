"""The issue's targets, and how a tier's results are judged against them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Target:
    """One target: a row of the results table, where it applies, and how it is met."""

    key: str
    label: str
    text: str
    value: Callable[[dict[str, Any]], float | None]
    """The tier's number for this row (None when not measured)."""
    unit: str
    limits: dict[int | str | None, float]
    """Article count to limit; "real" means at every real-text tier; None at every tier."""
    higher_is_better: bool = False

    def limit_at(self, articles: int, *, real: bool = False) -> float | None:
        """The limit at a tier, or None when the target does not apply there."""
        if real and "real" in self.limits:
            return self.limits["real"]
        if real:
            return self.limits.get(None)
        return self.limits.get(articles, self.limits.get(None))

    def judge(self, articles: int, value: float | None, *, real: bool = False) -> str:
        """ "met", "missed", or "" when the target does not apply (or nothing was measured)."""
        limit = self.limit_at(articles, real=real)
        if limit is None or value is None:
            return ""
        ok = value >= limit if self.higher_is_better else value <= limit
        return "met" if ok else "missed"


def _get(*path: str) -> Callable[[dict[str, Any]], float | None]:
    def read(record: dict[str, Any]) -> float | None:
        item: Any = record
        for key in path:
            if not isinstance(item, dict) or key not in item:
                return None
            item = item[key]
        return float(item) if isinstance(item, int | float) else None

    return read


def size_ratio(index: str) -> Callable[[dict[str, Any]], float | None]:
    """An index's bytes over the corpus's article text (decompressed file bytes at 1M+)."""

    def read(record: dict[str, Any]) -> float | None:
        sizes = record.get("sizes", {})
        text = sizes.get("text_bytes") or sizes.get("file_bytes")
        built = sizes.get(index)
        return built / text if text and built else None

    return read


def p95_vs_fts5(record: dict[str, Any]) -> float | None:
    """Our query p95 over FTS5's in the same run."""
    ours = _get("queries_ours", "p95", "median")(record)
    fts5 = _get("queries_fts5", "p95", "median")(record)
    return ours / fts5 if ours and fts5 else None


def cpu_p95_vs_fts5(record: dict[str, Any]) -> float | None:
    """Our query p95 of CPU time over FTS5's in the same run (a busy machine stretches
    wall-clock times; CPU time much less)."""
    ours = _get("queries_ours", "cpu_p95", "median")(record)
    fts5 = _get("queries_fts5", "cpu_p95", "median")(record)
    return ours / fts5 if ours and fts5 else None


TARGETS: tuple[Target, ...] = (
    Target(
        "cold_vs_simple", "cold build vs simplest Whoosh", ">= 2.5x faster (#16)",
        _get("ratios", "ours_vs_simple"), "x", {None: 2.5}, higher_is_better=True,
    ),
    Target(
        "cold_vs_naive", "cold build vs naive Whoosh", ">= 3x faster (#16)",
        _get("ratios", "ours_vs_naive"), "x", {None: 3.0}, higher_is_better=True,
    ),
    Target(
        "index_size", "index size vs corpus text", "<= 4x (#16)",
        size_ratio("ours"), "x", {None: 4.0},
    ),
    Target(
        "warm_start", "warm start, nothing changed", "<= 0.3 s at 10k, <= 1.5 s at 100k",
        _get("warm", "median"), "s", {10_000: 0.3, 100_000: 1.5},
    ),
    Target(
        "incremental", "1% incremental", "<= 2 s at 10k",
        _get("incremental", "median"), "s", {10_000: 2.0},
    ),
    Target(
        "query_p95", "query p95 (with snippets)",
        "<= 30 ms on real text and at 10k, <= 60 ms at 100k (#16)",
        _get("queries_ours", "p95", "median"), "s",
        {"real": 0.030, 10_000: 0.030, 100_000: 0.060},
    ),
    Target(
        "query_p95_vs_fts5", "query p95, ours / FTS5", "<= 1x on real text (#16)",
        p95_vs_fts5, "x", {"real": 1.0},
    ),
    Target(
        "first_paint_headless", "first paint, headless", "<= 0.6 s at any size",
        _get("app_headless", "first_paint", "median"), "s", {None: 0.6},
    ),
    Target(
        "first_paint_tmux", "first paint, tmux (from exec)", "<= 0.6 s at any size",
        _get("app_tmux", "first_paint", "median"), "s", {None: 0.6},
    ),
    Target(
        "peak_rss", "peak RSS of the app", "<= 400 MB at 100k",
        _get("app_headless", "peak_rss_mb", "max"), "MB", {100_000: 400.0},
    ),
)  # fmt: skip

ENTITY_TARGET = 300_000.0
"""Built-in entity recognition, tokens per second."""
SOAK_FLAT_MB = 10.0
"""The soak's memory counts as flat when RSS grows less than this over its second half."""
