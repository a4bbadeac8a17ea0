"""The benchmark harness runs end to end on a tiny corpus and writes its three files.

No timing is asserted: this only proves `make bench` works. The real runs are in
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("psutil")

from benchmarks.cli import main


def _positive(record: dict[str, Any], *path: str) -> float:
    item: Any = record
    for key in path:
        assert isinstance(item, dict) and key in item, f"missing {'.'.join(path)}"
        item = item[key]
    assert isinstance(item, int | float) and item > 0, f"{'.'.join(path)} = {item!r}"
    return float(item)


def test_harness_writes_json_markdown_and_chart(tmp_path: Path) -> None:
    out = tmp_path / "results"
    skip = [] if shutil.which("tmux") else ["tmux"]
    argv = [
        "--tiers", "50", "--runs", "1", "--query-rounds", "2", "--soak", "12",
        "--entity-sample", "10", "--out", str(out), "--work", str(tmp_path / "work"),
    ]  # fmt: skip
    if skip:
        argv += ["--skip", ",".join(skip)]

    assert main(argv) == 0

    [json_path] = out.glob("*.json")
    record = json.loads(json_path.read_text(encoding="utf-8"))
    assert json_path.with_suffix(".md").read_text(encoding="utf-8").count("| measure |") == 1
    assert json_path.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
    assert record["commit"] and record["machine"]["cpus"] > 0
    tier = record["tiers"]["50"]
    assert tier["articles"] == 50 and not tier["errors"]
    for measure in ("cold_ours", "cold_naive", "cold_fts5"):
        _positive(tier, measure, "rate")
    _positive(tier, "ratios", "ours_vs_naive")
    _positive(tier, "warm", "median")
    _positive(tier, "incremental", "median")
    for side in ("queries_ours", "queries_fts5"):
        _positive(tier, side, "p95", "median")
        assert tier[side]["by_kind"]["single term"]["hits"] > 0
    for key in ("first_paint", "list_filled", "index_ready"):
        _positive(tier, "app_headless", key, "median")
    if not skip:  # index ready in tmux is read from the header, which may scroll away
        for key in ("first_paint", "list_filled"):
            _positive(tier, "app_tmux", key, "median")
    _positive(tier, "app_headless", "peak_rss_mb", "max")
    _positive(tier, "app_headless", "peak_rss_idle_mb", "max")
    _positive(record, "global", "entities", "rules", "median")
    soak = record["global"]["soak"]
    assert soak["completed"] == 12 and soak["timeouts"] == 0
    _positive(soak, "rss_mb", "end")
