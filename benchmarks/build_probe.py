"""One cold build in a fresh interpreter: ours, naive Whoosh or FTS5.

Each build runs in a process of its own so that none inherits what an earlier one loaded
(the stem cache, the entity gazetteers, Whoosh's caches): every run pays what a first
`broadsheet index` pays. Imports are done before the clock starts. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from .fts5 import build_fts5
from .index_measures import build_ours
from .naive_whoosh import build_naive_whoosh, build_simple_whoosh, folder_bytes
from .probes import run_probe

KINDS = ("ours", "naive", "simple", "fts5")


def build(kind: str, corpus: Path, target: Path) -> dict[str, Any]:
    """Run one build here: how long it took (wall and CPU), how many articles it holds."""
    before = os.times()
    result = _build(kind, corpus, target)
    after = os.times()
    # CPU of this process and of the worker processes it started and waited for.
    result["cpu_seconds"] = sum(
        getattr(after, name) - getattr(before, name)
        for name in ("user", "system", "children_user", "children_system")
    )
    return result


def _build(kind: str, corpus: Path, target: Path) -> dict[str, Any]:
    if kind == "ours":
        timed = build_ours(corpus, target)
        return {
            "seconds": timed.seconds, "articles": timed.detail["added"], **timed.detail,
            "index_bytes": folder_bytes(target),
        }  # fmt: skip
    if kind in ("naive", "simple"):
        whoosh = (build_naive_whoosh if kind == "naive" else build_simple_whoosh)(corpus, target)
        return {
            "seconds": whoosh.seconds, "articles": whoosh.articles,
            "index_bytes": whoosh.index_bytes,
        }  # fmt: skip
    fts = build_fts5(corpus, target)
    return {"seconds": fts.seconds, "articles": fts.articles, "index_bytes": target.stat().st_size}


def build_in_subprocess(kind: str, corpus: Path, target: Path) -> dict[str, Any]:
    """Run one build in a fresh interpreter; its JSON result."""
    return run_probe("benchmarks.build_probe", kind, str(corpus), str(target), what=f"{kind} build")


def main(argv: list[str] | None = None) -> int:
    """Build once and print the result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.build_probe")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("target", type=Path, help="index folder (or database file for fts5)")
    args = parser.parse_args(argv)
    print(json.dumps(build(args.kind, args.corpus, args.target)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
