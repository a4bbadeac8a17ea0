"""What the numbers were measured on: the machine, the software and the commit."""

from __future__ import annotations

import hashlib
import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def commit_info() -> dict[str, Any]:
    """The commit measured, the tree of its app code, and whether `tui/` differs from it."""
    diff = _git("diff", "HEAD", "--", "tui")
    untracked = _git("ls-files", "--others", "--exclude-standard", "--", "tui")
    dirty = bool(diff or untracked)
    digest = hashlib.sha1((diff + untracked).encode()).hexdigest()[:8] if dirty else ""
    return {
        "commit": _git("rev-parse", "--short", "HEAD") or "unknown",
        "tui_tree": _git("rev-parse", "HEAD:tui"),
        "dirty": dirty,
        "dirty_digest": digest,
    }


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
    }
