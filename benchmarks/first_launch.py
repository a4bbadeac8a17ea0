"""Seconds from start to the first real title on screen: a first launch ever, then later ones.

`python -m benchmarks.first_launch [CORPUS] [--runs N]` starts the real program in a
detached tmux pane (120x40) with every XDG folder and the index folder fresh, polls
`capture-pane` until the real titles of the first articles (up to 10) are all drawn (a
file name standing in for a title does not count), quits, and starts it again N-1 times
with the same folders (caches and index now there). The package is byte-compiled first, as
an installed one is. Prints one JSON object with each run's seconds and the load average
before it: timings on a shared machine vary with it.

With `--index-dir DIR` the index there (built beforehand, e.g. by `broadsheet index`) is
used, so every run is a later launch: for a corpus whose first launch takes longer than
the timeout to list real titles (the 12,694 DOJ releases in one file).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tui.core.corpus import load_corpus
from tui.core.index import ArticleIndex
from tui.core.library import sort_key, summary_of

from .app_measures import _remove_socket, private_environment, quit_and_wait

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 60.0


def first_titles(corpus: Path, count: int = 10) -> list[str]:
    """The titles the list shows first (newest first), as the parser reads them."""
    articles, _ = load_corpus(corpus)
    summaries = sorted((summary_of(article) for article in articles), key=sort_key("date"))
    return [summary.title for summary in summaries[:count]]


def indexed_titles(corpus: Path, index_dir: Path, count: int = 10) -> list[str]:
    """The titles the list shows first (newest first), as the built index lists them."""
    with ArticleIndex.open(corpus, index_dir) as index:
        summaries = sorted(index.listing(), key=sort_key("date"))
    return [summary.title for summary in summaries[:count]]


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, all threads) the process has used so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_to_titles(
    broadsheet: Path, corpus: Path, index_dir: Path, home: Path, titles: list[str]
) -> tuple[float, float | None]:
    """Start the program in tmux; the seconds until all `titles` are on screen, and the CPU
    seconds the program had used by then (what a quiet machine's wall time would be near)."""
    socket = f"broadsheet-first-{os.getpid()}-{time.monotonic_ns()}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    env = private_environment(home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    exports = " ".join(
        f"{name}={shlex.quote(env[name])}"
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    )
    program = (
        f"exec env {exports} {shlex.quote(str(broadsheet))} "
        f"{shlex.quote(str(corpus))} --index-dir {shlex.quote(str(index_dir))}"
    )
    started = time.perf_counter()
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "120", "-y", "40", "-s", "first", program],
        env=env,
        check=True,
    )
    try:
        pane = subprocess.run(
            [*tmux, "display-message", "-p", "-t", "first", "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        )
        pid = int(pane.stdout.strip())
        while time.perf_counter() - started < TIMEOUT:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "first"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if all(title[:24] in screen for title in titles):
                seconds = time.perf_counter() - started
                cpu = cpu_seconds(pid)
                break
            time.sleep(0.01)
        else:
            raise RuntimeError(f"{titles!r} never all appeared")
        # Let the first launch finish its background work (tables, index) before quitting.
        time.sleep(3.0)
        quit_and_wait(tmux, "first", 15)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)
        _remove_socket(socket)
    return seconds, cpu


def main(argv: list[str] | None = None) -> int:
    """Measure a first launch and later ones; print JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_launch")
    parser.add_argument("corpus", type=Path, nargs="?", default=REPO / "corpus")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument(
        "--broadsheet", type=Path, default=Path(sys.executable).parent / "broadsheet"
    )
    parser.add_argument("--index-dir", type=Path, help="an index built before: later launches")
    args = parser.parse_args(argv)
    built = args.index_dir is not None
    titles = indexed_titles(args.corpus, args.index_dir) if built else first_titles(args.corpus)
    compileall.compile_dir(REPO / "tui", quiet=1)
    runs = []
    with tempfile.TemporaryDirectory(prefix="broadsheet-first-") as folder:
        home = Path(folder) / "home"
        index_dir = args.index_dir.resolve() if built else Path(folder) / "index"
        for _ in range(args.runs):
            load = os.getloadavg()[0]
            corpus = args.corpus.resolve()
            seconds, cpu = time_to_titles(args.broadsheet, corpus, index_dir, home, titles)
            runs.append(
                {
                    "seconds": round(seconds, 3),
                    "cpu_seconds": cpu and round(cpu, 2),
                    "load1": round(load, 2),
                }
            )
    first, later = (None, runs) if built else (runs[0], runs[1:])
    print(json.dumps({"titles": titles, "first": first, "later": later}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
