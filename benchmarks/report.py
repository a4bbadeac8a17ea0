"""Writing a run's results: the JSON record, a Markdown table and a chart."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .targets import (
    ENTITY_TARGET,
    SOAK_FLAT_MB,
    TARGETS,
    Target,
    cpu_p95_vs_fts5,
    p95_vs_fts5,
    size_ratio,
)
from .wire import wire_table

Getter = Callable[[dict[str, Any]], float | None]


def _path(*keys: str) -> Getter:
    def read(record: dict[str, Any]) -> float | None:
        item: Any = record
        for key in keys:
            if not isinstance(item, dict) or key not in item:
                return None
            item = item[key]
        return float(item) if isinstance(item, int | float) else None

    return read


def _milliseconds(value: float) -> str:
    return f"{value * 1000:.2f} ms" if value < 0.01 else f"{value * 1000:.1f} ms"


def _seconds(value: float) -> str:
    return _milliseconds(value) if value < 1 else f"{value:.2f} s"


def _fmt(unit: str) -> Callable[[float], str]:
    return {
        "s": _seconds,
        "ms": _milliseconds,
        "x": lambda v: f"{v:.2f}x",
        "MB": lambda v: f"{v:.0f} MB",
        "MB1": lambda v: f"{v:,.1f} MB",
        "rate": lambda v: f"{v:,.0f}/s",
        "n": lambda v: f"{v:,.0f}",
    }[unit]


TARGET_BY_KEY = {target.key: target for target in TARGETS}
REAL_JUDGED_BELOW = 100_000
"""Real tiers up to this size get the real-text limits (`real1m` is a scale tier)."""


def _mb(tier: dict[str, Any], key: str) -> float | None:
    value = tier.get("sizes", {}).get(key)
    return value / 1e6 if isinstance(value, int | float) and value else None


def _one_minute(load: list[float]) -> float:
    return float(load[0])


START_AND_END: dict[str, tuple[str, Callable[[Any], float]]] = {
    "load": ("load_average", _one_minute),
    "speed": ("speed_probe_ms", float),
}
"""Readings taken when a tier starts and ends: the record's key, and the figure of one."""


def _at_start(unit: str) -> Getter:
    """A tier's first reading of START_AND_END[unit] (its cell shows the first and last)."""
    key, figure = START_AND_END[unit]

    def first(tier: dict[str, Any]) -> float | None:
        readings = tier.get(key) or []
        return figure(readings[0]) if readings else None

    return first


def _start_and_end_cell(tier: dict[str, Any], unit: str) -> str:
    key, figure = START_AND_END[unit]
    readings = tier[key]
    return " / ".join(f"{figure(reading):.1f}" for reading in (readings[0], readings[-1]))


def _segments(tier: dict[str, Any]) -> float | None:
    tidied = tier.get("tidy") or {}
    return tidied.get("segments_after") if "segments_before" in tidied else None


ROWS: tuple[tuple[str, Getter, str, str | None], ...] = (
    ("articles", _path("articles"), "n", None),
    ("cold build, ours (articles/s)", _path("cold_ours", "rate"), "rate", None),
    ("cold build, simplest Whoosh (articles/s)", _path("cold_simple", "rate"), "rate", None),
    ("cold build, naive Whoosh (articles/s)", _path("cold_naive", "rate"), "rate", None),
    ("cold build, FTS5 (articles/s)", _path("cold_fts5", "rate"), "rate", None),
    ("cold build: ours vs simplest Whoosh", _path("ratios", "ours_vs_simple"), "x",
     "cold_vs_simple"),
    ("cold build: ours vs naive Whoosh", _path("ratios", "ours_vs_naive"), "x", "cold_vs_naive"),
    ("cold build: ours vs FTS5", _path("ratios", "ours_vs_fts5"), "x", None),
    ("turns of ours, simplest and naive Whoosh (ratios: median of the turns)",
     _path("ratios", "ours_vs_simple_turns"), "n", None),
    ("cold build CPU s, ours (all processes)", _path("cold_ours", "cpu_seconds"), "s", None),
    ("cold build by CPU time: ours vs simplest Whoosh", _path("ratios", "ours_vs_simple_cpu"),
     "x", None),
    ("cold build by CPU time: ours vs naive Whoosh", _path("ratios", "ours_vs_naive_cpu"), "x",
     None),
    ("cold build by CPU time: ours vs FTS5", _path("ratios", "ours_vs_fts5_cpu"), "x", None),
    ("tidy after the build (merging its segments), s", _path("tidy", "seconds"), "s", None),
    ("segments after the build / after tidying", _segments, "segments", None),
    ("corpus text (MB)", lambda t: _mb(t, "text_bytes") or _mb(t, "file_bytes"), "MB1", None),
    ("index size, ours (MB)", lambda t: _mb(t, "ours"), "MB1", None),
    ("index size: ours / text", size_ratio("ours"), "x", "index_size"),
    ("index size: FTS5 / text", size_ratio("fts5"), "x", None),
    ("index size: naive Whoosh / text", size_ratio("naive"), "x", None),
    ("index size: simplest Whoosh / text", size_ratio("simple"), "x", None),
    ("warm start, nothing changed", _path("warm", "median"), "s", "warm_start"),
    ("1% changed + added + removed", _path("incremental", "median"), "s", "incremental"),
    ("query p50, ours", _path("queries_ours", "p50", "median"), "ms", None),
    ("query p95, ours (20 snippets)", _path("queries_ours", "p95", "median"), "ms", "query_p95"),
    ("query p50, FTS5", _path("queries_fts5", "p50", "median"), "ms", None),
    ("query p95, FTS5 (20 snippets)", _path("queries_fts5", "p95", "median"), "ms", None),
    ("query p95: ours / FTS5", p95_vs_fts5, "x", "query_p95_vs_fts5"),
    ("query p95 of CPU time, ours", _path("queries_ours", "cpu_p95", "median"), "ms", None),
    ("query p95 of CPU time, FTS5", _path("queries_fts5", "cpu_p95", "median"), "ms", None),
    ("query p95 of CPU time: ours / FTS5", cpu_p95_vs_fts5, "x", None),
    ("first paint, headless", _path("app_headless", "first_paint", "median"), "s",
     "first_paint_headless"),
    ("list filled, headless", _path("app_headless", "list_filled", "median"), "s", None),
    ("index ready, headless", _path("app_headless", "index_ready", "median"), "s", None),
    ("first paint, tmux", _path("app_tmux", "first_paint", "median"), "s", "first_paint_tmux"),
    ("list filled, tmux", _path("app_tmux", "list_filled", "median"), "s", None),
    ("index ready, tmux", _path("app_tmux", "index_ready", "median"), "s", None),
    ("peak RSS, headless app at rest", _path("app_headless", "peak_rss_idle_mb", "max"), "MB",
     None),
    ("peak RSS, headless app after 20 searches + opens",
     _path("app_headless", "peak_rss_mb", "max"), "MB", "peak_rss"),
    ("peak RSS, tmux app at rest", _path("app_tmux", "peak_rss_mb", "max"), "MB", None),
    ("load average (1 min) at start / end", _at_start("load"), "load", None),
    ("speed probe at start / end (ms of CPU for fixed Python work; lower: faster)",
     _at_start("speed"), "speed", None),
)  # fmt: skip


def _cell(target: Target | None, tier: dict[str, Any], value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in START_AND_END:
        return _start_and_end_cell(tier, unit)
    if unit == "segments":
        return f"{tier['tidy']['segments_before']:,} / {int(value):,}"
    text = _fmt(unit)(value)
    if target is not None:
        articles = int(tier["articles"])
        # The real-text limits are the headline tiers'; the opt-in 1M tier is judged by size.
        real = bool(tier.get("real")) and articles < REAL_JUDGED_BELOW
        verdict = target.judge(articles, value, real=real)
        if verdict:
            text += f" **{verdict}**" if verdict == "missed" else f" {verdict}"
    return text


def markdown_table(record: dict[str, Any]) -> str:
    """The run as Markdown: one row per measure, one column per tier, targets judged."""
    tiers = record["tiers"]
    names = list(tiers)
    header = [
        f"Run {record['date']} · commit `{record['commit']}`"
        + (" (with uncommitted changes to tui/)" if record.get("dirty") else "")
        + f" · {record['machine']['cpus']} CPUs ({record['machine']['cpu_model']})"
        + f" · {record['machine']['memory_gb']} GB · Python {record['machine']['python']}"
        + f" · runs {record['options']['runs']}",
    ]
    lines = (
        header
        if not names
        else [
            *header,
            "",
            "| measure | target | " + " | ".join(names) + " |",
            "|---|---|" + "---|" * len(names),
        ]
    )
    for label, getter, unit, target_key in ROWS if names else ():
        target = TARGET_BY_KEY.get(target_key) if target_key else None
        cells = [_cell(target, tiers[name], getter(tiers[name]), unit) for name in names]
        if all(cell == "—" for cell in cells) and label != "articles":
            continue
        lines.append(f"| {label} | {target.text if target else ''} | " + " | ".join(cells) + " |")
    lines.extend(_global_lines(record.get("global", {})))
    errors = [
        f"- {name}: {measure}: {message}"
        for name, tier in tiers.items()
        for measure, message in tier.get("errors", {}).items()
    ]
    errors += [
        f"- {name}: query '{kind}' failed: {message}"
        for name, tier in tiers.items()
        for side in ("queries_ours", "queries_fts5")
        for kind, message in tier.get(side, {}).get("errors", {}).items()
    ]
    errors += [
        f"- {name}: tmux: index ready not measured: {missing}"
        for name, tier in tiers.items()
        for missing in {
            run.get("index_ready_missing")
            for run in tier.get("app_tmux", {}).get("runs", [])
            if run.get("index_ready_missing")
        }
    ]
    if errors:
        lines += ["", "Errors and notes:", *errors]
    return "\n".join(lines) + "\n"


def _global_lines(global_: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    entities = global_.get("entities", {})
    if entities:
        lines += ["", "| entity recognition | target | tokens/s | tokens per CPU s | articles "
                  "| tokens |", "|---|---|---|---|---|---|"]  # fmt: skip
        for backend, result in entities.items():
            if not result.get("available"):
                lines.append(f"| {backend} | | not available: {result.get('reason', '')} | | | |")
                continue
            rate = result["median"]
            cpu_rate = result.get("cpu_median")
            target = ""
            if backend == "rules" or backend.startswith("rules:"):
                # Judged per CPU second when measured: a loaded machine slows the wall clock.
                judged = cpu_rate or rate
                verdict = "met" if judged >= ENTITY_TARGET else "**missed**"
                target = f">= {ENTITY_TARGET:,.0f} tokens/s: {verdict}"
                target += " (per CPU s)" if cpu_rate else ""
            lines.append(
                f"| {backend} | {target} | {rate:,.0f} | "
                + (f"{cpu_rate:,.0f}" if cpu_rate else "")
                + f" | {result['articles']:,} | {result['tokens']:,} |"
            )
    wire = global_.get("wire")
    if wire:
        if "error" in wire:
            lines += ["", f"Bytes on the wire: failed: {wire['error']}"]
        else:
            lines += ["", "Bytes on the wire (tmux pipe-pane):", "", wire_table(wire)]
    soak = global_.get("soak")
    if soak:
        if "error" in soak:
            lines += ["", f"Soak ({soak.get('tier', '')}): failed: {soak['error']}"]
        else:
            rss = soak["rss_mb"]
            flat = soak["growth_second_half_mb"] < SOAK_FLAT_MB
            samples = ", ".join(f"{name} {value:.0f} MB" for name, value in rss.items())
            lines += [
                "",
                f"Soak at {soak['tier']}: {soak['completed']:,} of {soak['steps']:,} random "
                f"searches + article opens in {soak['seconds']:.0f} s "
                f"({soak['opened']:,} opened, {soak['timeouts']} timed out"
                + (", stopped at the time limit" if soak.get("stopped_at_time_limit") else "")
                + f"). RSS: {samples}; "
                f"second half {soak['growth_second_half_mb']:+.1f} MB: "
                + ("flat (met)" if flat else f"**not flat (missed: >= {SOAK_FLAT_MB:.0f} MB)**"),
            ]
    return lines


def write_json(record: dict[str, Any], path: Path) -> None:
    """The full record, indented."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, sort_keys=False, default=str) + "\n", "utf-8")


CHART_SERIES: tuple[tuple[str, Getter, str], ...] = (
    ("cold build, ours", _path("cold_ours", "median"), "o-"),
    ("cold build, naive Whoosh", _path("cold_naive", "median"), "s--"),
    ("cold build, FTS5", _path("cold_fts5", "median"), "^--"),
    ("warm start", _path("warm", "median"), "o-"),
    ("1% incremental", _path("incremental", "median"), "o-"),
    ("query p95, ours", _path("queries_ours", "p95", "median"), "d-"),
    ("query p95, FTS5", _path("queries_fts5", "p95", "median"), "d:"),
)


def write_chart(record: dict[str, Any], path: Path) -> bool:
    """Cost in seconds against corpus size, log-log; False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    tiers = sorted(record["tiers"].values(), key=lambda tier: tier["articles"])
    figure, axes = plt.subplots(figsize=(8, 5), dpi=100)
    for label, getter, style in CHART_SERIES:
        points = [(t["articles"], getter(t)) for t in tiers]
        points = [(x, y) for x, y in points if y is not None and y > 0]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, style, label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("articles in the corpus")
    axes.set_ylabel("seconds (median of runs)")
    axes.set_title(f"Broadsheet benchmarks, {record['date']} @ {record['commit']}")
    axes.grid(True, which="both", alpha=0.3)
    if axes.get_lines():  # a run of measures with no series (`--only soak`) has no legend
        axes.legend(fontsize="small")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return True
