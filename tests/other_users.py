"""Running Broadsheet as another user, from wherever the checkout is.

A checkout in a private folder (mode 0700, like a home directory) cannot be entered by
another user, so neither can its `.venv`. The child runs instead from a copy, readable by
everyone, of the `tui` package and of the installed distributions it needs.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _requirement_names(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        if "extra ==" in requirement:
            continue
        match = re.match(r"[A-Za-z0-9_.-]+", requirement)
        if match:
            names.append(match.group(0))
    return names


def runtime_distributions() -> list[metadata.Distribution]:
    """The installed distributions Broadsheet needs at run time, dependencies included."""
    seen: dict[str, metadata.Distribution] = {}
    waiting = _requirement_names(metadata.distribution("broadsheet"))
    while waiting:
        name = waiting.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        waiting.extend(_requirement_names(dist))
    return list(seen.values())


@cache
def shared_runtime() -> Path:
    """A folder every user can read holding `tui` and its installed dependencies."""
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-runtime-"))
    for dist in runtime_distributions():
        for file in dist.files or []:
            source = Path(str(dist.locate_file(file)))
            if file.parts[0] == ".." or not source.is_file():
                continue
            target = folder / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    shutil.copytree(REPO / "tui", folder / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


def python_for_other_users() -> tuple[list[str], dict[str, str]]:
    """The command prefix and environment that run `python -m tui` as any user."""
    runtime = shared_runtime()
    base = getattr(sys, "_base_executable", sys.executable)
    return [base, "-m", "tui"], {"PYTHONPATH": str(runtime), "PYTHONNOUSERSITE": "1"}
