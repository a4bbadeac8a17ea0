"""`python -m benchmarks`: run the measures tier by tier and write the results.

Each finished measure of a tier is saved under the work folder at once, so a run that is
interrupted (or a tier that fails) can be resumed: a rerun with the same app code (the
`tui/` tree, including uncommitted changes) and options skips what was already measured,
unless `--fresh` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from operator import truediv
from pathlib import Path
from typing import Any

from .app_measures import USE_STEPS, expected_listing, run_headless, run_tmux, tmux_available
from .articles import parsed_articles
from .build_probe import build_in_subprocess
from .entity_speed import real_news_measures, sample_bodies, tokens_per_second
from .index_measures import (
    build_ours,
    incremental_update,
    open_and_update,
    query_latency_fts5,
    query_latency_ours,
    tidy,
)
from .machine import ROOT, commit_info, machine_info, speed_probe
from .naive_whoosh import folder_bytes
from .query_mix import QUERY_MIX, REAL_QUERY_MIX
from .real import ensure_real, is_real_tier, real_tier_size, text_bytes
from .report import markdown_table, write_chart, write_json
from .stats import median
from .synthetic import GENERATOR_VERSION, ensure_corpus
from .wire import WIRE_ARTICLES, wire_measures, wire_table

MEASURES = (
    "cold", "naive", "simple", "fts5", "size", "warm", "incremental", "queries", "entities", "app", "tmux", "soak",
    "wire",
)  # fmt: skip
TIER_MEASURES = frozenset(MEASURES) - {"entities", "soak", "wire"}
"""The measures made at every tier (the others are made once per run)."""
LARGE_TIER = 100_000
"""From this size on, cold builds run `--large-cold-runs` times (default once)."""
ENTITY_ARTICLES = {"rules": 1000, "spacy": 100}
DEFAULT_TIERS = "aeb,doj1k,doj,1k,10k"
"""Real text first (the headline), then generated corpora for scale."""


def parse_tier(text: str) -> int:
    """'1k' -> 1000, '100k' -> 100000, '1m' -> 1000000, '50' -> 50."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    count = int(float(number) * factor)
    if count < 1:
        raise argparse.ArgumentTypeError(f"a tier needs at least one article: {text!r}")
    return count


def tier_name(count: int) -> str:
    """1000 -> '1k', 100000 -> '100k', 50 -> '50'."""
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}m"
    if count % 1000 == 0:
        return f"{count // 1000}k"
    return str(count)


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmark Broadsheet's index, search, entity recognition and app.",
    )
    parser.add_argument(
        "--tiers", default=DEFAULT_TIERS,
        help=f"tiers, comma separated (default {DEFAULT_TIERS}): generated sizes (1k, 100k) "
        "or real text: aeb, doj (the whole file), doj1k (its first 1,000), real1m (opt-in: "
        "DOJ articles repeated to 1,000,000)",
    )  # fmt: skip
    parser.add_argument("--corpus", type=Path, help="benchmark this folder instead of tiers")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median; 3)")
    parser.add_argument(
        "--large-cold-runs", type=int, default=1,
        help=f"cold-build runs at {LARGE_TIER:,} articles and more (default 1)",
    )  # fmt: skip
    parser.add_argument(
        "--query-rounds", type=int, default=20, help="passes over the query mix per run (20)"
    )
    parser.add_argument(
        "--soak", type=int, default=10_000, help="searches + opens in the soak (10,000; 0 skips)"
    )
    parser.add_argument(
        "--soak-minutes", type=float, default=45.0,
        help="stop the soak after this long and report the steps done (45; 0: never)",
    )  # fmt: skip
    parser.add_argument(
        "--soak-wait", type=float, default=None,
        help="seconds one soak step may wait for its results or article before it counts "
        "as timed out (10)",
    )  # fmt: skip
    parser.add_argument(
        "--soak-tier", default=None, help="tier to soak at (default 10k when run, else smallest)"
    )
    parser.add_argument(
        "--skip", default="", help=f"measures to leave out, comma separated: {','.join(MEASURES)}"
    )
    parser.add_argument(
        "--only", default="", help="run only these measures, comma separated (e.g. wire)"
    )
    parser.add_argument(
        "--wire-articles", type=int, default=WIRE_ARTICLES,
        help=f"articles of the generated corpus for bytes on the wire ({WIRE_ARTICLES:,})",
    )  # fmt: skip
    parser.add_argument(
        "--entity-sample", type=int, default=None,
        help="articles for entity recognition speed (default: 1000 rules, 100 spaCy)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1, help="seed of generated corpora (1)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results", help="results folder"
    )
    parser.add_argument(
        "--work", type=Path, default=ROOT / "benchmarks" / "work",
        help="generated corpora, indexes and resumable progress (default benchmarks/work)",
    )  # fmt: skip
    parser.add_argument("--fresh", action="store_true", help="ignore saved progress")
    parser.add_argument("--keep", action="store_true", help="keep the built indexes afterwards")
    return parser


def say(message: str) -> None:
    """Progress on stderr, with the time."""
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


class Checkpoint:
    """One tier's record, saved after every measure so an interrupted run can resume."""

    def __init__(self, path: Path, key: dict[str, Any], fresh: bool) -> None:
        self.path = path
        self.key = key
        self.record: dict[str, Any] = {}
        if not fresh and path.exists():
            try:
                saved = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                saved = {}
            if saved.get("key") == key:
                self.record = saved.get("record", {})

    def has(self, measure: str) -> bool:
        """Whether the measure is already in the record."""
        return measure in self.record

    def put(self, measure: str, value: Any) -> None:
        """Store a measure and save at once."""
        self.record[measure] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"key": self.key, "record": self.record}), "utf-8")
        os.replace(temporary, self.path)


def _runs(values: list[float]) -> dict[str, Any]:
    return {"runs": values, "median": median(values)}


class TierRun:
    """The measures of one corpus size (or of the `--corpus` folder)."""

    def __init__(self, args: argparse.Namespace, name: str, corpus: Path, work: Path) -> None:
        self.args = args
        self.name = name
        self.corpus = corpus.resolve()
        self.work = work
        self.skip = set(args.skip)
        commit = commit_info()
        key = {
            "tui_tree": commit["tui_tree"], "dirty": commit["dirty_digest"],
            "harness": commit["harness"], "runs": args.runs,
            "query_rounds": args.query_rounds, "generator": GENERATOR_VERSION,
            "corpus": str(self.corpus),
        }  # fmt: skip
        self.checkpoint = Checkpoint(work / "progress.json", key, args.fresh)
        self.errors: dict[str, str] = self.checkpoint.record.get("errors", {})
        self.index = work / "index"
        self.fts_database = work / "fts5.db"
        self.mix = REAL_QUERY_MIX if is_real_tier(name) else QUERY_MIX

    @property
    def record(self) -> dict[str, Any]:
        """Everything measured so far."""
        return self.checkpoint.record

    def measure(self, measure: str, skip_name: str, action: Callable[[], Any]) -> None:
        """Run one measure unless skipped or already saved; a failure is recorded, not raised."""
        if skip_name in self.skip:
            return
        if self.checkpoint.has(measure):
            say(f"{self.name}: {measure}: already measured (resumed)")
            return
        say(f"{self.name}: {measure} ...")
        started = time.perf_counter()
        try:
            value = action()
        except Exception as error:
            self._failed(measure, error)
            return
        self.checkpoint.put(measure, value)
        if self.errors.pop(measure, None) is not None:
            self.checkpoint.put("errors", self.errors)
        say(f"{self.name}: {measure} done in {time.perf_counter() - started:.1f} s")

    def _failed(self, measure: str, error: Exception) -> None:
        """Record and show why a measure failed (the run goes on without it)."""
        self.errors[measure] = f"{type(error).__name__}: {error}"
        self.checkpoint.put("errors", self.errors)
        say(f"{self.name}: {measure} FAILED: {self.errors[measure]}")
        traceback.print_exc(file=sys.stderr)

    def cold_runs(self, articles: int) -> int:
        """How many cold builds to time at this size."""
        return self.args.large_cold_runs if articles >= LARGE_TIER else self.args.runs

    def run(self, articles: int) -> dict[str, Any]:
        """Every measure of the tier, in an order that keeps builds apart from timing."""
        self.checkpoint.put("name", self.name)
        self.checkpoint.put("real", is_real_tier(self.name))
        self.checkpoint.put("articles", articles)
        loads = self.record.get("load_average", [])
        self.checkpoint.put("load_average", [*loads, list(os.getloadavg())])
        speeds = self.record.get("speed_probe_ms", [])
        self.checkpoint.put("speed_probe_ms", [*speeds, speed_probe()])
        self.checkpoint.put("corpus", str(self.corpus))
        runs = self.args.runs
        if self.record.get("cold_ours") and not _looks_built(self.index):
            del self.record["cold_ours"]  # its index is gone: build again
            self.record.pop("tidy", None)
        self._cold_builds(articles)
        # The reader tidies a new index once it is built; the measures below see it tidied.
        self.measure("tidy", "cold", self._tidy)
        if self.record.get("cold_fts5") and not self.fts_database.exists():
            del self.record["cold_fts5"]
        self.measure("cold_fts5", "fts5", lambda: self._cold_fts5(articles))
        self._ratios()
        self.measure("sizes", "size", lambda: self._sizes(articles))
        if not _looks_built(self.index):
            say(f"{self.name}: no index was built; building one for the remaining measures")
            build_ours(self.corpus, self.index)
        self.measure(
            "warm", "warm",
            lambda: _runs([open_and_update(self.corpus, self.index).seconds for _ in range(runs)]),
        )  # fmt: skip
        if not self.name.startswith("doj"):  # one JSON Lines file: no 1% of files to change
            self.measure("incremental", "incremental", self._incremental)
        self.measure("queries_ours", "queries", self._queries_ours)
        if self.fts_database.exists():
            self.measure("queries_fts5", "queries", self._queries_fts5)
        self.measure("app_headless", "app", self._app_headless)
        if tmux_available():
            self.measure("app_tmux", "tmux", self._app_tmux)
        elif "tmux" not in self.skip:
            self.errors["app_tmux"] = "tmux is not installed"
        self.checkpoint.put("load_average", [*self.record["load_average"], list(os.getloadavg())])
        self.checkpoint.put("speed_probe_ms", [*self.record["speed_probe_ms"], speed_probe()])
        record = dict(self.record)
        record["errors"] = dict(self.errors)
        return record

    def _cold_builds(self, articles: int) -> None:
        """Cold builds of ours and the two Whoosh anchors, taken in turns (ours, simplest,
        naive; then simplest, naive, ours; ...) rather than each engine's runs in a row: this
        machine's speed drifts by a third within minutes, and a ratio of builds taken side by
        side holds where one of builds minutes apart does not."""
        kinds = [
            kind
            for kind, skip_name in COLD_KINDS.items()
            if skip_name not in self.skip and not self.checkpoint.has(f"cold_{kind}")
        ]
        for kind in COLD_KINDS:
            if self.checkpoint.has(f"cold_{kind}"):
                say(f"{self.name}: cold_{kind}: already measured (resumed)")
        if not kinds:
            return
        for kind in kinds:
            self.errors.pop(f"cold_{kind}", None)  # failed in an earlier run: try again
        say(f"{self.name}: cold builds of {', '.join(kinds)}, in turns ...")
        builds: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
        alternation = f"{datetime.now():%Y-%m-%dT%H:%M:%S}"
        for number in range(self.cold_runs(articles)):
            for kind in kinds[number % len(kinds) :] + kinds[: number % len(kinds)]:
                if f"cold_{kind}" in self.errors:
                    continue
                try:
                    built = self._cold_build(kind)
                except Exception as error:
                    self._failed(f"cold_{kind}", error)
                    continue
                builds[kind].append({**built, "turn": number})
                say(f"  {kind} build {number + 1}: {built['seconds']:.2f} s")
        for kind, done in builds.items():
            if done:
                self.checkpoint.put(f"cold_{kind}", _cold_summary(done, alternation))
        self.checkpoint.put("errors", self.errors)

    def _cold_build(self, kind: str) -> dict[str, Any]:
        """One cold build in a fresh interpreter; ours becomes the index measured after."""
        if kind != "ours":
            folder = self.work / f"{kind}-whoosh"
            built = build_in_subprocess(kind, self.corpus, folder)
            shutil.rmtree(folder, ignore_errors=True)
            return built
        building = self.work / "cold-build"
        built = build_in_subprocess("ours", self.corpus, building)
        if self.index.exists():
            shutil.rmtree(self.index)
        building.rename(self.index)
        return built

    def _tidy(self) -> dict[str, Any]:
        timed = tidy(self.corpus, self.index)
        detail = timed.detail
        say(
            f"  tidied: {detail['segments_before']} -> {detail['segments_after']} segments "
            f"({detail['merges']} merges) in {timed.seconds:.1f} s"
        )
        return {"seconds": timed.seconds, **detail}

    def _sizes(self, articles: int) -> dict[str, Any]:
        """Bytes of the corpus's text and of each index (ours, FTS5, the Whoosh anchors)."""
        sizes: dict[str, Any] = {"file_bytes": text_bytes(self.corpus)}
        if articles <= LARGE_TIER:
            sizes["text_bytes"] = sum(
                len(f"{a.title}\n{a.byline or ''}\n{a.body}".encode())
                for a in parsed_articles(self.corpus)
            )
        if _looks_built(self.index):
            sizes["ours"] = folder_bytes(self.index)
        if self.fts_database.exists():
            sizes["fts5"] = self.fts_database.stat().st_size
        for kind in ("naive", "simple"):
            built = self.record.get(f"cold_{kind}", {}).get("index_bytes")
            if built:
                sizes[kind] = built
        return sizes

    def _cold_fts5(self, articles: int) -> dict[str, Any]:
        times: list[float] = []
        cpu: list[float] = []
        count = articles
        for number in range(self.cold_runs(articles)):
            built = build_in_subprocess("fts5", self.corpus, self.fts_database)
            times.append(built["seconds"])
            cpu.append(built["cpu_seconds"])
            count = built["articles"]
            say(f"  FTS5 build {number + 1}: {times[-1]:.2f} s")
        rate = count / median(times)
        return {**_runs(times), "rate": rate, "articles": count, "cpu_seconds": median(cpu)}

    def _ratios(self) -> None:
        """Ours against each anchor, in articles a second and by CPU time (all processes).
        Builds taken in the same turns are compared turn by turn (the median of the
        ratios); others by the ratio of the medians."""
        ours = self.record.get("cold_ours", {})
        ratios: dict[str, float] = {}
        for other, key in (
            ("cold_naive", "ours_vs_naive"), ("cold_simple", "ours_vs_simple"),
            ("cold_fts5", "ours_vs_fts5"),
        ):  # fmt: skip
            theirs = self.record.get(other, {})
            if not ours or not theirs:
                continue
            if _paired(ours, theirs):
                ratios[key] = median(list(map(truediv, ours["rates"], theirs["rates"])))
                cpu = list(map(truediv, theirs["cpu_runs"], ours["cpu_runs"]))
                ratios[f"{key}_cpu"] = median(cpu)
                ratios[f"{key}_turns"] = len(ours["rates"])
                continue
            if ours.get("rate") and theirs.get("rate"):
                ratios[key] = ours["rate"] / theirs["rate"]
            # The same by CPU time (all processes): what a busy machine disturbs least.
            if ours.get("cpu_seconds") and theirs.get("cpu_seconds"):
                ratios[f"{key}_cpu"] = theirs["cpu_seconds"] / ours["cpu_seconds"]
        self.checkpoint.put("ratios", ratios)

    def _incremental(self) -> dict[str, Any]:
        times: list[float] = []
        details = []
        for run in range(self.args.runs):
            timed = incremental_update(
                self.corpus, self.index, self.work / "incremental", seed=self.args.seed, run=run
            )
            times.append(timed.seconds)
            details.append(timed.detail)
            say(f"  incremental {run + 1}: {timed.seconds:.2f} s ({timed.detail})")
        return {**_runs(times), "detail": details}

    def _queries(self, measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        summaries = [measure() for _ in range(self.args.runs)]
        last = summaries[-1]
        result = {
            "p50": _runs([s["p50"] for s in summaries]),
            "p95": _runs([s["p95"] for s in summaries]),
            "searches_per_run": last["searches"],
            "by_kind": last["by_kind"],
            "errors": last["errors"],
        }
        if all("cpu_p95" in s for s in summaries):
            result["cpu_p50"] = _runs([s["cpu_p50"] for s in summaries])
            result["cpu_p95"] = _runs([s["cpu_p95"] for s in summaries])
        return result

    def _queries_ours(self) -> dict[str, Any]:
        return self._queries(
            lambda: query_latency_ours(self.corpus, self.index, self.args.query_rounds, self.mix)
        )

    def _queries_fts5(self) -> dict[str, Any]:
        return self._queries(
            lambda: query_latency_fts5(self.fts_database, self.args.query_rounds, self.mix)
        )

    def _app_summary(self, results: list[dict[str, Any]]) -> dict[str, Any]:
        summary: dict[str, Any] = {"runs": results}
        for key in ("first_paint", "list_filled", "index_ready", "import_seconds"):
            values = [r[key] for r in results if isinstance(r.get(key), int | float)]
            if values:
                summary[key] = _runs(values)
        for key in ("peak_rss_mb", "peak_rss_idle_mb"):
            rss = [r[key] for r in results if isinstance(r.get(key), int | float)]
            if rss:
                summary[key] = {**_runs(rss), "max": max(rss)}
        return summary

    def _app_headless(self) -> dict[str, Any]:
        expect, _ = expected_listing(self.corpus, self.index)
        results = []
        for run in range(self.args.runs):
            result = run_headless(self.corpus, self.index, expect, use=USE_STEPS)
            results.append(result)
            say(
                f"  headless app {run + 1}: first paint {result.get('first_paint', 0):.2f} s, "
                f"list {result.get('list_filled', 0):.2f} s, "
                f"RSS {result.get('peak_rss_idle_mb', 0):.0f} MB idle, "
                f"{result.get('peak_rss_mb', 0):.0f} MB after {USE_STEPS} searches + opens"
            )
        return self._app_summary(results)

    def _app_tmux(self) -> dict[str, Any]:
        expect, first_title = expected_listing(self.corpus, self.index)
        program = Path(sys.executable).with_name("broadsheet")
        if not program.exists():
            raise RuntimeError(f"{program} is missing: install the project (make run)")
        results = []
        for run in range(self.args.runs):
            result = run_tmux(self.corpus, self.index, expect, first_title, program)
            results.append(result)
            ready = result.get("index_ready")
            say(
                f"  tmux app {run + 1}: first paint {result['first_paint']:.2f} s, "
                f"list {result['list_filled']:.2f} s, "
                + (f"ready {ready:.2f} s, " if ready else "ready not seen, ")
                + f"RSS {result.get('peak_rss_mb') or 0:.0f} MB"
            )
        return self._app_summary(results)

    def soak(self, steps: int) -> dict[str, Any]:
        """The long search-and-open run in the app, with RSS sampled along the way."""
        expect, _ = expected_listing(self.corpus, self.index)
        say(f"{self.name}: soak of {steps:,} searches and opens ...")
        result = run_headless(
            self.corpus,
            self.index,
            expect,
            soak=steps,
            soak_seconds=self.args.soak_minutes * 60,
            soak_wait=self.args.soak_wait,
            seed=self.args.seed,
        )
        return {"tier": self.name, **result["soak"]}


COLD_KINDS = {"ours": "cold", "simple": "simple", "naive": "naive"}
"""The builds taken in turns, and the `--skip` name of each."""


def _cold_summary(builds: list[dict[str, Any]], alternation: str) -> dict[str, Any]:
    """One engine's cold builds: each run's seconds, rate, CPU and turn, and the medians."""
    times = [built["seconds"] for built in builds]
    cpu = [built["cpu_seconds"] for built in builds]
    last = {k: v for k, v in builds[-1].items() if k not in ("seconds", "cpu_seconds", "turn")}
    return {
        **last, **_runs(times), "rate": last["articles"] / median(times),
        "rates": [built["articles"] / built["seconds"] for built in builds],
        "cpu_runs": cpu, "cpu_seconds": median(cpu),
        "alternation": alternation, "turns": [built["turn"] for built in builds],
    }  # fmt: skip


def _paired(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Whether two engines' builds were taken in the same turns, run for run."""
    return (
        ours.get("alternation") is not None
        and ours.get("alternation") == theirs.get("alternation")
        and ours.get("turns") == theirs.get("turns")
        and all(theirs["rates"])
    )


def _looks_built(index: Path) -> bool:
    return index.is_dir() and any(index.glob("*.toc"))


def entity_measures(args: argparse.Namespace) -> dict[str, Any]:
    """Tokens per second of the built-in recognizer, and of spaCy when it is installed."""
    results: dict[str, Any] = {}
    for backend, default in ENTITY_ARTICLES.items():
        count = args.entity_sample or default
        say(f"entities: {backend} over {count} articles ...")
        try:
            results[backend] = tokens_per_second(
                backend, sample_bodies(args.seed, count), args.runs
            )
        except Exception as error:
            results[backend] = {"available": False, "reason": f"{type(error).__name__}: {error}"}
        rate = results[backend].get("median")
        say(f"entities: {backend}: " + (f"{rate:,.0f} tokens/s" if rate else "not available"))
    say("entities: rules over real news (DOJ press releases, AEB gold bodies) ...")
    for name, result in real_news_measures(args.runs, args.entity_sample or 2000).items():
        results[name] = result
        rate = result.get("median")
        say(f"entities: {name}: " + (f"{rate:,.0f} tokens/s" if rate else "not available"))
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; write JSON, Markdown and a chart into `--out`."""
    args = build_parser().parse_args(argv)
    args.skip = [name.strip() for name in args.skip.split(",") if name.strip()]
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = (set(args.skip) | only) - set(MEASURES)
    if unknown:
        build_parser().error(f"unknown measures in --skip/--only: {', '.join(sorted(unknown))}")
    if only:
        args.skip = sorted(set(args.skip) | (set(MEASURES) - only))
    if args.soak <= 0 and "soak" not in args.skip:
        args.skip.append("soak")
    args.work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    date = f"{started:%Y-%m-%d}"
    commit = commit_info()
    record: dict[str, Any] = {
        "schema": 1,
        "date": date,
        "started": started.isoformat(timespec="seconds"),
        "results_name": results_name(args.out, date, commit["commit"]),
        **commit,
        "machine": machine_info(),
        "options": {
            "tiers": args.tiers if args.corpus is None else None,
            "corpus": str(args.corpus) if args.corpus else None,
            "runs": args.runs,
            "large_cold_runs": args.large_cold_runs,
            "query_rounds": args.query_rounds,
            "soak": args.soak,
            "seed": args.seed,
            "skip": args.skip,
            "wire_articles": args.wire_articles,
        },
        "tiers": {},
        "global": {},
    }
    say(f"benchmarks at {commit['commit']}{' (dirty)' if commit['dirty'] else ''}")

    tiers: list[tuple[str, int, Path | None]] = []
    if args.corpus is not None:
        tiers.append((args.corpus.resolve().name or "corpus", 0, args.corpus))
    else:
        for text in args.tiers.split(","):
            text = text.strip().lower()
            try:
                if is_real_tier(text):
                    tiers.append((text, real_tier_size(text), None))
                elif text:
                    count = parse_tier(text)
                    tiers.append((tier_name(count), count, None))
            except (ValueError, argparse.ArgumentTypeError) as error:
                build_parser().error(f"--tiers: {error}")

    if set(args.skip) >= TIER_MEASURES | {"soak"}:
        tiers = []  # nothing to measure per tier (e.g. `--only wire`; `--only soak` needs one)
    runners: dict[str, TierRun] = {}
    for name, count, given in tiers:
        if given is None and is_real_tier(name):
            say(f"{name}: corpus of {count:,} real articles ...")
            corpus_started = time.perf_counter()
            corpus = ensure_real(args.work, name)
            say(f"{name}: corpus ready in {time.perf_counter() - corpus_started:.1f} s: {corpus}")
            work = args.work / f"tier-{name}"
        elif given is None:
            say(f"{name}: corpus of {count:,} generated articles ...")
            corpus_started = time.perf_counter()
            corpus = ensure_corpus(args.work, count, args.seed)
            say(f"{name}: corpus ready in {time.perf_counter() - corpus_started:.1f} s: {corpus}")
            work = args.work / f"tier-{name}-seed{args.seed}"
        else:
            corpus = given
            work = args.work / f"corpus-{name}"
        runner = TierRun(args, name, corpus, work)
        runners[name] = runner
        if given is not None:
            count = _count_articles(runner, corpus)
        record["tiers"][name] = runner.run(count)
        _write_all(record, args.out, partial=True)

    if "entities" not in args.skip:
        record["global"]["entities"] = entity_measures(args)
    if "wire" not in args.skip:
        record["global"]["wire"] = _wire(args)
    if "soak" not in args.skip and runners:
        name = args.soak_tier or ("10k" if "10k" in runners else min(
            runners, key=lambda n: record["tiers"][n]["articles"]
        ))  # fmt: skip
        runner = runners.get(name)
        if runner is None:
            say(f"soak: no tier named {name!r} was run")
        else:
            try:
                record["global"]["soak"] = runner.soak(args.soak)
            except Exception as error:
                record["global"]["soak"] = {"tier": name, "error": f"{error}"}
                say(f"soak FAILED: {error}")
    record["machine"]["load_average_at_end"] = list(os.getloadavg())
    record["machine"]["speed_probe_ms_at_end"] = speed_probe()
    record["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    paths = _write_all(record, args.out, partial=False)
    print(markdown_table(record))
    for path in paths:
        say(f"wrote {path}")
    if not args.keep:
        for runner in runners.values():
            shutil.rmtree(runner.work / "naive-whoosh", ignore_errors=True)
            shutil.rmtree(runner.work / "simple-whoosh", ignore_errors=True)
            shutil.rmtree(runner.work / "incremental", ignore_errors=True)
    return 0


def _wire(args: argparse.Namespace) -> dict[str, Any]:
    """Bytes on the wire, on a generated corpus of `--wire-articles` (failures recorded)."""
    count = args.wire_articles
    say(f"wire: corpus of {count:,} generated articles ...")
    try:
        corpus = ensure_corpus(args.work, count, args.seed)
        index = args.work / f"wire-index-{tier_name(count)}-seed{args.seed}"
        results = wire_measures(corpus, index, say)
    except Exception as error:
        say(f"wire FAILED: {type(error).__name__}: {error}")
        traceback.print_exc(file=sys.stderr)
        return {"error": f"{type(error).__name__}: {error}"}
    print(wire_table(results))
    return results


def _count_articles(runner: TierRun, corpus: Path) -> int:
    """Articles of a given folder: what the index lists once built (built now if needed)."""
    if not _looks_built(runner.index):
        build_ours(corpus, runner.index)
    count, _ = expected_listing(corpus, runner.index)
    if runner.checkpoint.record.get("cold_ours"):
        return count
    shutil.rmtree(runner.index)  # the cold-build measure builds it again, timed
    return count


def results_name(out: Path, date: str, commit: str) -> str:
    """`<date>-<commit>`, or that with `-2`, `-3`, ... when a finished run of the same day
    and commit has its results in `out` already: a second run (other tiers, say) must not
    overwrite them. The partial file of an unfinished run is taken over."""
    stem = f"{date}-{commit}"
    name, number = stem, 1
    while (out / f"{name}.json").exists():
        number += 1
        name = f"{stem}-{number}"
    return name


def _write_all(record: dict[str, Any], out: Path, *, partial: bool) -> list[Path]:
    stem = record["results_name"]
    if partial:
        path = out / f"{stem}.partial.json"
        write_json(record, path)
        return [path]
    json_path, md_path, png_path = (out / f"{stem}{suffix}" for suffix in (".json", ".md", ".png"))
    write_json(record, json_path)
    md_path.write_text(markdown_table(record), encoding="utf-8")
    (out / f"{stem}.partial.json").unlink(missing_ok=True)
    written = [json_path, md_path]
    if write_chart(record, png_path):
        written.append(png_path)
    return written
