"""The real app, driven headless in a process of its own: time to first paint, to a filled
article list and to a ready index, peak RSS, and the search-and-open soak.

Run by `app_measures` as `python -m benchmarks.app_probe ...`; prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROCESS_STARTED = time.perf_counter()

import psutil  # noqa: E402

from tui.app import BroadsheetApp  # noqa: E402
from tui.widgets import ArticleList, SearchBox, SearchStatus  # noqa: E402

IMPORTED = time.perf_counter()
TIMEOUT = 600.0
"""Longest the probe waits for the list to fill or the index to be ready."""
SOAK_WAIT = 10.0
"""Longest one soak step waits for its search results or its article (--soak-wait)."""
TIMEOUT_DETAILS = 5
"""How many timed-out steps the soak describes in its result."""
MAX_TIMEOUTS = 20
"""The soak stops early (and says so) after this many steps that never finished."""
SIZE = (120, 40)


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    return float(psutil.Process().memory_info().rss) / 1_048_576


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a probe started by
    a large benchmark process would report the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _until(check: Callable[[], bool], timeout: float, step: float = 0.002) -> bool:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(step)
    return True


def soak_queries(seed: int) -> list[str]:
    """Single words of middling frequency, plus the query mix, to search at random."""
    from .query_mix import QUERY_MIX
    from .synthetic import vocabulary

    words = [w for w in vocabulary().words[100:3000] if len(w) > 3]
    rng = random.Random(seed)
    return [*rng.sample(words, 400), *(case.ours for case in QUERY_MIX if case.kind != "fuzzy")]


async def probe(args: argparse.Namespace) -> dict[str, Any]:
    """Start the app, time its first paint, filled list and ready index; then soak."""
    result: dict[str, Any] = {"import_seconds": IMPORTED - PROCESS_STARTED}
    started = time.perf_counter()
    app = BroadsheetApp(args.corpus, args.index_dir, state_path=args.state)
    painted: dict[str, float] = {}

    def mark(name: str) -> Callable[[], None]:
        def record() -> None:
            painted.setdefault(name, time.perf_counter() - started)

        return record

    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await _until(lambda: app.screen is screen and screen.is_mounted, TIMEOUT)
        screen.call_after_refresh(mark("first_paint"))
        await _until(lambda: "first_paint" in painted, TIMEOUT)
        article_list = screen.query_one(ArticleList)

        def filled() -> bool:
            entries = article_list.entries
            return len(entries) >= args.expect and entries[0].title != entries[0].id

        result["list_filled_ok"] = await _until(filled, TIMEOUT)
        screen.call_after_refresh(mark("list_filled"))
        await _until(lambda: "list_filled" in painted, TIMEOUT)
        result["index_ready_ok"] = await _until(lambda: screen.indexed, TIMEOUT)
        result["index_ready"] = time.perf_counter() - started
        await pilot.pause()
        result.update(painted)
        result["entries"] = len(article_list.entries)
        result["peak_rss_idle_mb"] = peak_rss_mb()
        if args.use:
            # A reader searches and opens articles: peak RSS counts a little of that.
            result["use"] = await soak(app, args.use, args.seed, quiet=True)
        result["peak_rss_mb"] = peak_rss_mb()
        if args.soak:
            result["soak"] = await soak(
                app, args.soak, args.seed, seconds=args.soak_seconds, wait=args.soak_wait
            )
            result["peak_rss_after_soak_mb"] = peak_rss_mb()
        await pilot.press("q")
    return result


async def soak(
    app: BroadsheetApp,
    steps: int,
    seed: int,
    *,
    quiet: bool = False,
    seconds: float = 0.0,
    wait: float = SOAK_WAIT,
) -> dict[str, Any]:
    """Random searches, each followed by opening one of its hits; RSS sampled as it goes."""
    import tui.screens.main as main_screen_module

    # Typing pauses are not what is measured: search at once instead of after the debounce
    # (a timer of 0 s is refused by Textual, hence a millisecond).
    main_screen_module.SEARCH_DELAY = 0.001  # type: ignore[misc]
    screen = app.main_screen
    search_box = screen.query_one(SearchBox)
    queries = soak_queries(seed)
    rng = random.Random(seed)
    samples: dict[str, float] = {}
    gc.collect()
    samples["start"] = rss_mb()
    # Sampled at a quarter, half and three quarters of the soak: of its steps, or of its
    # time when a time limit stops it first (a soak stopped at a third of its steps never
    # reached the middle step, and its "second half" was then the whole soak, warm-up too).
    marks = [(0.25, "quarter"), (0.5, "middle"), (0.75, "three_quarters")]
    timeouts = opened = 0
    details: list[dict[str, Any]] = []

    def timed_out(step: int, waiting_for: str) -> None:
        if len(details) < TIMEOUT_DETAILS:
            details.append({"step": step, "waiting_for": waiting_for, **_search_state(app)})

    previous = ""
    started = time.perf_counter()
    stopped_early = False
    step = -1
    for step in range(steps):
        elapsed = time.perf_counter() - started
        if seconds and elapsed > seconds:
            stopped_early = True
            step -= 1
            break
        done = max(step / steps, elapsed / seconds if seconds else 0.0)
        while marks and done >= marks[0][0] and step > 0:
            gc.collect()
            samples[marks.pop(0)[1]] = rss_mb()
        query = rng.choice(queries)
        if query == previous:
            query = query + " OR " + rng.choice(queries)
        previous = query
        search_box.value = query
        if not await _until(
            lambda q=query: screen.results is not None and screen.results.query == q, wait
        ):
            timeouts += 1
            timed_out(step, f"results of {query!r}")
            if timeouts >= MAX_TIMEOUTS:
                break
            continue
        hits = screen.results.hits if screen.results is not None else []
        if hits:
            target = rng.choice(hits[:20]).id
            screen.open_article(target)
            if await _until(
                lambda t=target: screen.opened is not None and screen.opened.article.id == t,
                wait,
            ):
                opened += 1
            else:
                timeouts += 1
                timed_out(step, f"article {target!r}")
        if not quiet and steps >= 10 and (step + 1) % max(1, steps // 10) == 0:
            # The app captures sys.stderr while it runs: write to the real one.
            print(
                f"    soak {step + 1:,} / {steps:,}: {rss_mb():.0f} MB",
                file=sys.__stderr__,
                flush=True,
            )
    gc.collect()
    samples["end"] = rss_mb()
    return {
        "steps": steps,
        "completed": step + 1,
        "stopped_at_time_limit": stopped_early,
        "opened": opened,
        "timeouts": timeouts,
        "timeout_details": details,
        "seconds": time.perf_counter() - started,
        "rss_mb": samples,
        "growth_second_half_mb": samples["end"] - samples.get("middle", samples["start"]),
    }


def _search_state(app: BroadsheetApp) -> dict[str, Any]:
    """What the screen shows of its search, and the notices up, when a soak step times out."""
    screen = app.main_screen
    results = screen.results
    return {
        "search_text": screen.search_text,
        "answered": screen.answered,
        "results_query": results.query if results is not None else None,
        "status": str(screen.query_one(SearchStatus).content),
        "notices": [notice.message for notice in app._notifications],
        "workers": sorted(f"{w.group}:{w.state.name}" for w in app.workers),
    }


def main(argv: list[str] | None = None) -> int:
    """Probe the app once and print the result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.app_probe")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--expect", type=int, required=True, help="articles in a filled list")
    parser.add_argument(
        "--use", type=int, default=0, help="searches and opens before peak RSS is read"
    )
    parser.add_argument("--soak", type=int, default=0, help="searches and opens to run")
    parser.add_argument(
        "--soak-seconds", type=float, default=0.0, help="stop the soak after this long (0: never)"
    )
    parser.add_argument(
        "--soak-wait", type=float, default=SOAK_WAIT,
        help=f"longest one soak step waits before it counts as timed out ({SOAK_WAIT:g} s)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    result = asyncio.run(probe(args))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
