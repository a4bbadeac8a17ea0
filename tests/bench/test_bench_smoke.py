"""The benchmark harness runs end to end on a tiny corpus and writes its three files.

No timing is asserted: this only proves `make bench` works. The real runs are in
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("psutil")

from benchmarks.articles import parsed_articles
from benchmarks.cli import main, results_name
from benchmarks.machine import commit_info
from benchmarks.real import ensure_repeated


def _positive(record: dict[str, Any], *path: str) -> float:
    item: Any = record
    for key in path:
        assert isinstance(item, dict) and key in item, f"missing {'.'.join(path)}"
        item = item[key]
    assert isinstance(item, int | float) and item > 0, f"{'.'.join(path)} = {item!r}"
    return float(item)


def test_harness_writes_json_markdown_and_chart(tmp_path: Path) -> None:
    out = tmp_path / "results"
    # Bytes on the wire drive the program in tmux at two sizes: tests/e2e/test_bench_wire.py.
    skip = ["wire"] if shutil.which("tmux") else ["wire", "tmux"]
    argv = [
        "--tiers", "50", "--runs", "1", "--query-rounds", "2", "--soak", "12", "--soak-wait", "120",
        "--entity-sample", "10", "--out", str(out), "--work", str(tmp_path / "work"),
        "--skip", ",".join(skip),
    ]  # fmt: skip

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
    _positive(tier, "sizes", "naive")
    _positive(tier, "warm", "median")
    _positive(tier, "incremental", "median")
    for side in ("queries_ours", "queries_fts5"):
        _positive(tier, side, "p95", "median")
        assert tier[side]["by_kind"]["single term"]["hits"] > 0
    for key in ("first_paint", "list_filled", "index_ready"):
        _positive(tier, "app_headless", key, "median")
    if "tmux" not in skip:  # index ready in tmux is read from the header, which may scroll away
        for key in ("first_paint", "list_filled"):
            _positive(tier, "app_tmux", key, "median")
    _positive(tier, "app_headless", "peak_rss_mb", "max")
    _positive(tier, "app_headless", "peak_rss_idle_mb", "max")
    _positive(record, "global", "entities", "rules", "median")
    soak = record["global"]["soak"]
    # A step that times out after two minutes of a loaded machine is a search or an open that
    # never came back, not a slow one.
    assert soak["completed"] == 12 and soak["timeouts"] == 0, soak["timeout_details"]
    _positive(soak, "rss_mb", "end")


def test_real_tiers_run_with_every_anchor_and_are_judged(tmp_path: Path) -> None:
    out = tmp_path / "results"
    argv = [
        "--tiers", "aeb4,doj6", "--runs", "1", "--query-rounds", "1", "--out", str(out),
        "--work", str(tmp_path / "work"),
        "--skip", "naive,incremental,app,tmux,soak,wire,entities",  # naive: in the test above
    ]  # fmt: skip

    assert main(argv) == 0

    [json_path] = out.glob("*.json")
    record = json.loads(json_path.read_text(encoding="utf-8"))
    for name, count in (("aeb4", 4), ("doj6", 6)):
        tier = record["tiers"][name]
        assert tier["real"] is True and tier["articles"] == count and not tier["errors"]
        assert tier["cold_ours"]["added"] == count
        for measure in ("cold_ours", "cold_simple", "cold_fts5"):
            _positive(tier, measure, "rate")
        for ratio in ("ours_vs_simple", "ours_vs_fts5"):
            _positive(tier, "ratios", ratio)
        for index in ("text_bytes", "file_bytes", "ours", "fts5", "simple"):
            _positive(tier, "sizes", index)
        # Each index measured on its own folder (ours can be the smaller, even with every
        # field: its postings are compressed and the body is a column, not stored).
        assert tier["sizes"]["ours"] != tier["sizes"]["fts5"] != tier["sizes"]["simple"]
        assert len(tier["load_average"]) == 2
        # How fast the machine ran, beside every figure: its speed drifts within minutes.
        assert len(tier["speed_probe_ms"]) == 2 and min(tier["speed_probe_ms"]) > 0
        assert not tier["queries_ours"]["errors"] and not tier["queries_fts5"]["errors"]
    assert record["tiers"]["doj6"]["queries_ours"]["by_kind"]["single term"]["hits"] > 0
    corpus = tmp_path / "work" / "real-doj-6"
    [doj_file] = corpus.glob("*.jsonl.gz")  # the tier reads one JSON Lines file, as shared
    with gzip.open(doj_file, "rt", encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == 6
    assert len(list((tmp_path / "work" / "real-aeb-4").glob("*.txt"))) == 4
    table = json_path.with_suffix(".md").read_text(encoding="utf-8")
    header = next(line for line in table.splitlines() if line.startswith("| measure |"))
    assert header.startswith("| measure | target | aeb4 | doj6 |")
    size_row = next(line for line in table.splitlines() if "index size: ours / text" in line)
    assert size_row.count("met") + size_row.count("missed") == 2  # judged at both tiers
    speed_row = next(line for line in table.splitlines() if line.startswith("| speed probe"))
    assert speed_row.count(" / ") == 3  # start / end, at both tiers (and in its label)
    _positive(record, "machine", "speed_probe_ms_at_start")
    _positive(record, "machine", "speed_probe_ms_at_end")
    ratio_row = next(line for line in table.splitlines() if "ours / FTS5 |" in line)
    assert "<= 1x on real text" in ratio_row


def test_repeated_real_corpus_perturbs_every_copy(tmp_path: Path) -> None:
    source = tmp_path / "seven.jsonl.gz"
    records = [
        {"title": f"Release {n}", "date": f"2012-03-0{n}",
         "body": "\n\n".join(f"Paragraph {part} of release {n}." for part in "ABC"),
         "url": f"https://www.justice.gov/opa/pr/release-{n}"}
        for n in range(1, 8)
    ]  # fmt: skip
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record) + "\n" for record in records)

    folder = ensure_repeated(tmp_path / "work", 14, source, jobs=1, quiet=True)

    articles = sorted(parsed_articles(folder), key=lambda article: article.url or "")
    assert len(articles) == 14
    assert len({article.url for article in articles}) == 14
    assert len({(article.title, article.published) for article in articles}) == 14
    first, copy = (next(a for a in articles if a.url == url) for url in (
        "https://www.justice.gov/opa/pr/release-1", "https://www.justice.gov/opa/pr/release-1?copy=1"
    ))  # fmt: skip
    assert first.title == "Release 1" and copy.title == "Release 1 (copy 1)"
    assert first.body == records[0]["body"]
    assert first.published is not None and copy.published is not None
    assert (copy.published - first.published).days == 37
    # A copy keeps its own lead and takes the rest from two other releases, so that no two
    # articles share more than a third of their text (none is a copy of another).
    parts = [article.body.split("\n\n") for article in articles]
    assert parts[articles.index(copy)][0] == "Paragraph A of release 1."
    assert [part.split()[1] for part in parts[articles.index(copy)]] == ["A", "B", "C"]
    assert all(len(set(a) & set(b)) <= 1 for n, a in enumerate(parts) for b in parts[n + 1 :])
    assert ensure_repeated(tmp_path / "work", 14, source, jobs=1) == folder  # cached


def test_a_later_run_of_the_same_day_and_commit_keeps_the_results_of_the_first(
    tmp_path: Path,
) -> None:
    # A 100k run after a run of the real tiers, on the same commit, overwrote its results.
    def name() -> str:
        return results_name(tmp_path, "2026-11-29", "abc1234")

    assert name() == "2026-11-29-abc1234"
    (tmp_path / "2026-11-29-abc1234.partial.json").write_text("{}", encoding="utf-8")
    assert name() == "2026-11-29-abc1234"  # an unfinished run's partial file is taken over
    (tmp_path / "2026-11-29-abc1234.json").write_text("{}", encoding="utf-8")
    assert name() == "2026-11-29-abc1234-2"
    (tmp_path / "2026-11-29-abc1234-2.json").write_text("{}", encoding="utf-8")
    assert name() == "2026-11-29-abc1234-3"


def test_cold_builds_take_turns_and_are_compared_turn_by_turn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each engine's builds in a row let the machine's drift fall on one engine: a ratio of
    # builds minutes apart moved by a quarter from run to run.
    out = tmp_path / "results"
    argv = [
        "--tiers", "aeb4", "--runs", "2", "--out", str(out), "--work", str(tmp_path / "work"),
        "--skip", "fts5,size,warm,incremental,queries,entities,app,tmux,soak,wire",
    ]  # fmt: skip

    assert main(argv) == 0

    builds = re.findall(r"\]\s+(ours|simple|naive) build (\d)", capsys.readouterr().err)
    assert builds == [
        ("ours", "1"), ("simple", "1"), ("naive", "1"),
        ("simple", "2"), ("naive", "2"), ("ours", "2"),
    ]  # fmt: skip
    [json_path] = out.glob("*.json")
    tier = json.loads(json_path.read_text(encoding="utf-8"))["tiers"]["aeb4"]
    ours, simple, naive = (tier[f"cold_{kind}"] for kind in ("ours", "simple", "naive"))
    assert ours["turns"] == simple["turns"] == naive["turns"] == [0, 1]
    assert ours["alternation"] == simple["alternation"] == naive["alternation"]
    assert ours["added"] == ours["articles"] == simple["articles"] == 4
    turns = zip(ours["rates"], simple["rates"], strict=True)
    assert tier["ratios"]["ours_vs_simple"] == pytest.approx(sum(a / b for a, b in turns) / 2)
    assert tier["ratios"]["ours_vs_simple_turns"] == 2
    cpu = zip(ours["cpu_runs"], naive["cpu_runs"], strict=True)
    assert tier["ratios"]["ours_vs_naive_cpu"] == pytest.approx(sum(b / a for a, b in cpu) / 2)
    table = json_path.with_suffix(".md").read_text(encoding="utf-8")
    assert "| turns of ours, simplest and naive Whoosh (ratios: median of the turns) |  | 2 |" in (
        table
    )


def test_saved_progress_is_kept_across_results_but_not_across_harness_changes(
    tmp_path: Path,
) -> None:
    # A rerun after a change to the harness alone resumed every measure and wrote the old
    # figures under the new commit's name.
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=tmp_path, check=True, capture_output=True,
        )  # fmt: skip

    for name, text in (
        ("tui/app.py", "app"), ("benchmarks/cli.py", "harness"),
        ("benchmarks/RESULTS.md", "results"), ("benchmarks/results/old.json", "{}"),
    ):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "first")
    first = commit_info(tmp_path)
    assert first["harness"] and not first["dirty"]

    (tmp_path / "benchmarks/results/new.json").write_text("{}", encoding="utf-8")
    (tmp_path / "benchmarks/RESULTS.md").write_text("results, and more", encoding="utf-8")
    git("commit", "-q", "-am", "results")
    assert commit_info(tmp_path)["harness"] == first["harness"]

    (tmp_path / "benchmarks/cli.py").write_text("harness, changed", encoding="utf-8")
    changed = commit_info(tmp_path)["harness"]
    assert changed != first["harness"]
    git("commit", "-q", "-am", "harness")
    assert commit_info(tmp_path)["harness"] not in (first["harness"], changed)

    committed = commit_info(tmp_path)["harness"]
    new_module = tmp_path / "benchmarks/probe.py"
    new_module.write_text("one", encoding="utf-8")
    untracked = commit_info(tmp_path)["harness"]
    new_module.write_text("two", encoding="utf-8")
    assert len({committed, untracked, commit_info(tmp_path)["harness"]}) == 3
    assert not commit_info(tmp_path)["dirty"]  # `dirty` is about the app code alone


def test_a_soak_stopped_by_its_time_limit_still_samples_its_middle(tmp_path: Path) -> None:
    # Marks by step alone: a soak stopped at a third of its steps never sampled its middle,
    # and its "second half" growth was the whole soak's, warm-up included.
    out = tmp_path / "results"
    argv = [
        "--tiers", "50", "--only", "soak", "--soak", "1000000", "--soak-minutes", "0.1",
        "--soak-wait", "120", "--out", str(out), "--work", str(tmp_path / "work"),
    ]  # fmt: skip

    assert main(argv) == 0

    [json_path] = out.glob("*.json")
    soak = json.loads(json_path.read_text(encoding="utf-8"))["global"]["soak"]
    assert soak["stopped_at_time_limit"] and 0 < soak["completed"] < 1_000_000
    rss = soak["rss_mb"]
    assert list(rss) == ["start", "quarter", "middle", "three_quarters", "end"]
    assert soak["growth_second_half_mb"] == rss["end"] - rss["middle"]
