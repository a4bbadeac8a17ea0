"""Wall time, CPU time and peak memory of a command and every process it starts.

`python -m benchmarks.tree_measure -- broadsheet index CORPUS --index-dir DIR` runs the
command, samples the resident memory of its whole process tree (the reader and its worker
processes together) every 0.1 s from /proc, and prints one JSON object: wall seconds, CPU
seconds of the tree (user + system, from the kernel's accounting of waited-for children),
the peak of the tree's summed RSS, and the load average before and after.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def tree_rss(pid: int) -> int:
    """The summed resident memory of `pid` and its descendants, in bytes."""
    total = 0
    stack = [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * page
        except OSError:
            continue
        stack.extend(_children(current))
    return total


def measure(command: list[str]) -> dict[str, object]:
    """Run `command` to its end and measure it."""
    load_before = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.1)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "returncode": process.returncode,
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_tree_rss_mb": round(peak / 1_048_576, 1),
        "load_before": [round(value, 2) for value in load_before],
        "load_after": [round(value, 2) for value in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    """Measure the command given after `--` and print the JSON result."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        print("usage: python -m benchmarks.tree_measure -- COMMAND...", file=sys.stderr)
        return 2
    print(json.dumps(measure(args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
