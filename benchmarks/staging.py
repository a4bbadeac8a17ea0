"""Benchmark corpora built once and kept: written into `<folder>.partial`, then renamed.

A marker file in the finished folder holds the stamp it was built for (generator version,
size, source); a folder whose stamp differs, or a half-written one, is built again.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def is_ready(folder: Path, marker: str, stamp: str) -> bool:
    """Whether `folder` is complete and was built for `stamp`."""
    path = folder / marker
    return path.exists() and path.read_text(encoding="utf-8") == stamp


def fresh(folder: Path) -> Path:
    """An empty `<folder>.partial` to write into (renamed over `folder` when complete)."""
    if folder.exists():
        shutil.rmtree(folder)
    building = folder.with_name(folder.name + ".partial")
    if building.exists():
        shutil.rmtree(building)
    building.mkdir(parents=True)
    return building


def finish(building: Path, folder: Path, marker: str, stamp: str) -> Path:
    """Mark `building` complete for `stamp` and move it to `folder`."""
    (building / marker).write_text(stamp, encoding="utf-8")
    building.rename(folder)
    return folder
