"""What the numbers were measured on: the machine, the software and the commit."""

from __future__ import annotations

import hashlib
import os
import platform
import re
import sqlite3
import subprocess
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _git(*args: str, root: Path = ROOT) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


HARNESS = ("benchmarks", ":(exclude)benchmarks/results", ":(exclude)benchmarks/RESULTS.md")
"""The harness's own files, which decide what is measured, without what it writes."""


def commit_info(root: Path = ROOT) -> dict[str, Any]:
    """The commit measured, the trees of its app code and of this harness, and digests of
    any uncommitted changes to either (`dirty` is about `tui/` alone)."""
    tui_changes = _changes(root, "tui")
    # The index's blobs (HEAD's, but for what is staged) and every change beyond them.
    harness = _git("ls-files", "--stage", "--", *HARNESS, root=root)
    return {
        "commit": _git("rev-parse", "--short", "HEAD", root=root) or "unknown",
        "tui_tree": _git("rev-parse", "HEAD:tui", root=root),
        "dirty": bool(tui_changes),
        "dirty_digest": _digest(tui_changes),
        "harness": _digest(harness + _changes(root, *HARNESS)),
    }


def _changes(root: Path, *pathspec: str) -> str:
    """Uncommitted changes to these paths, untracked files among them included."""
    diff = _git("diff", "HEAD", "--", *pathspec, root=root)
    untracked = _git("ls-files", "--others", "--exclude-standard", "--", *pathspec, root=root)
    contents = [
        hashlib.sha1((root / name).read_bytes()).hexdigest()
        for name in untracked.splitlines()
        if (root / name).is_file()
    ]
    return "\n".join([diff, untracked, *contents]) if diff or untracked else ""


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:8] if text else ""


SPEED_ROUNDS = 5


def speed_probe() -> float:
    """Milliseconds of CPU this process takes for a fixed piece of pure-Python work (words
    made, folded, matched and counted; the best of SPEED_ROUNDS): how fast this machine
    runs our kind of code at the moment. This shared machine's speed drifts by a third
    within minutes, and neither the load average nor CPU time shows it; a figure read
    beside this one can be scaled to another run's."""
    best = float("inf")
    for _ in range(SPEED_ROUNDS):
        started = time.process_time()
        _speed_work()
        best = min(best, time.process_time() - started)
    return best * 1000


_SPEED_WORDS = re.compile(r"[a-z]+[0-9]+")


def _speed_work() -> int:
    # Counted by number, not by word: the same work in every interpreter, whatever its
    # hash seed (which orders a dictionary of strings).
    counts: dict[int, int] = {}
    for number in range(40_000):
        folded = f"Word{number % 997}".lower()
        if _SPEED_WORDS.fullmatch(folded):
            key = number % 997
            counts[key] = counts.get(key, 0) + len(folded)
    return len(counts)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, Any]:
    """CPU, memory, OS and the versions of what is measured."""
    try:
        import psutil

        memory_gb = round(psutil.virtual_memory().total / 1024**3, 1)
    except ImportError:
        memory_gb = None
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": memory_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "textual": _version("textual"),
        "whoosh": _version("whoosh3"),
        "sqlite": sqlite3.sqlite_version,
        "spacy": _version("spacy"),
        "load_average_at_start": list(os.getloadavg()),
        "speed_probe_ms_at_start": speed_probe(),
    }
