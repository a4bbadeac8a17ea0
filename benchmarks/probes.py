"""Running a probe module in a fresh interpreter and reading the JSON it prints last."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_probe(
    module: str, *arguments: str, what: str, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run `python -m module arguments...` from the project root; its last line as JSON.

    Raises RuntimeError naming `what` when the probe fails.
    """
    done = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
