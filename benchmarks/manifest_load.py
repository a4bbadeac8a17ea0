"""Loading the index manifest: the JSON of now against the pickle it replaced (issue 17).

A warm start reads the whole manifest before it lists a single article, so its format must
not cost time. This builds a manifest of N generated articles with the header fields the
benchmark corpus has (titles, bylines, sources, dates, one article per file, entity names),
saves it both ways, and loads each in turn, alternated, in one process:

    .venv/bin/python -m benchmarks.manifest_load --articles 100000 --runs 9

The pickle side is the loader of before (`pickle.load`, then a `Manifest`), kept here only
to measure against; Broadsheet itself no longer reads pickled manifests.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tui.core.index.manifest import MANIFEST_FILE, Manifest, load_manifest, save_manifest

from .stats import median
from .synthetic import (
    FIRST_DAY,
    GIVEN,
    ORG_KINDS,
    ORG_STEMS,
    PLACES,
    SOURCES,
    SURNAMES,
    WIRE_BYLINES,
    article_name,
    vocabulary,
)

PICKLED_FILE = "manifest.pickle"


def generated_manifest(count: int, seed: int = 1) -> Manifest:
    """A manifest of `count` articles, one per file, shaped like the generated corpus's."""
    rng = random.Random(seed)
    words = vocabulary().words
    manifest = Manifest(generation=count // 1000 + 1)
    for number in range(count):
        rel = article_name(number)
        title = " ".join(w[:1].upper() + w[1:] for w in rng.choices(words, k=rng.randint(3, 7)))
        byline = (
            rng.choice(WIRE_BYLINES)
            if rng.random() < 0.25
            else f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        )
        published = datetime.combine(FIRST_DAY, datetime.min.time()) + timedelta(
            days=rng.randrange(913)
        )
        sha1 = hashlib.sha1(rel.encode()).hexdigest()
        stamp = 1_760_000_000_000_000_000 + rng.randrange(10**15)
        manifest.files[rel] = (rng.randint(1_800, 3_600), stamp, sha1, (rel,), ())
        manifest.articles[rel] = (
            rel,
            title,
            published,
            rng.choice(SOURCES)[0],
            byline,
            False,
            False,
        )
    for given in GIVEN:
        for surname in SURNAMES:
            manifest.names[f"person:{given} {surname}".lower()] = f"{given} {surname}"
    for stem in ORG_STEMS:
        for kind in ORG_KINDS:
            manifest.names[f"org:{stem} {kind}".lower()] = f"{stem} {kind}"
    for place in PLACES:
        manifest.names[f"place:{place}".lower()] = place
    return manifest


def save_pickled(folder: Path, manifest: Manifest) -> None:
    """The manifest as the versions before issue 17 wrote it."""
    data = {
        "format": 1,
        "generation": manifest.generation,
        "files": manifest.files,
        "articles": manifest.articles,
        "names": manifest.names,
    }
    (folder / PICKLED_FILE).write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickled(folder: Path) -> Manifest:
    """The manifest as the versions before issue 17 read it."""
    with open(folder / PICKLED_FILE, "rb") as handle:
        data: Any = pickle.load(handle)
    return Manifest(data["generation"], data["files"], data["articles"], data["names"])


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call (CPU time is less shaken by other processes)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(count: int, runs: int) -> dict[str, Any]:
    """Load and save seconds (every run) and file sizes of both formats at `count` articles."""
    manifest = generated_manifest(count)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        save_seconds: dict[str, list[tuple[float, float]]] = {"json": [], "pickle": []}
        load_seconds: dict[str, list[tuple[float, float]]] = {"json": [], "pickle": []}
        warm_seconds: dict[str, list[tuple[float, float]]] = {"json": [], "pickle": []}
        for _ in range(max(1, runs // 3)):
            save_seconds["json"].append(timed(lambda: save_manifest(folder, manifest)))
            save_seconds["pickle"].append(timed(lambda: save_pickled(folder, manifest)))
        loaded = load_manifest(folder)
        if loaded is None or loaded.articles != manifest.articles:
            raise AssertionError("the JSON manifest did not read back as it was saved")
        for _ in range(runs):
            load_seconds["json"].append(timed(lambda: load_manifest(folder)))
            load_seconds["pickle"].append(timed(lambda: load_pickled(folder)))
        # What a warm start of the reader does with it: before, the listing and then the
        # update each read the manifest; now the update copies the listing's.
        for _ in range(runs):
            warm_seconds["json"].append(timed(lambda: _read_once_and_copy(folder)))
            warm_seconds["pickle"].append(
                timed(lambda: (load_pickled(folder), load_pickled(folder)))
            )
        sizes = {
            "json": (folder / MANIFEST_FILE).stat().st_size,
            "pickle": (folder / PICKLED_FILE).stat().st_size,
        }
    return {
        "articles": count,
        "load": load_seconds,
        "warm": warm_seconds,
        "save": save_seconds,
        "bytes": sizes,
    }


def _read_once_and_copy(folder: Path) -> Manifest:
    loaded = load_manifest(folder)
    assert loaded is not None
    return loaded.copy()


def report(result: dict[str, Any]) -> str:
    """The figures as a Markdown table."""
    rows = [
        f"manifest of {result['articles']:,} articles, {len(result['load']['json'])} loads each",
        "",
        "| format | load, wall median (min) | load, CPU median (min) | warm start's manifest "
        "work, CPU median (min) | save, wall median | file |",
        "|---|---|---|---|---|---|",
    ]

    def figures(runs: list[tuple[float, float]], which: int) -> str:
        values = [run[which] * 1000 for run in runs]
        return f"{median(values):.0f} ({min(values):.0f}) ms"

    for kind in ("pickle", "json"):
        rows.append(
            f"| {kind} | {figures(result['load'][kind], 0)} | {figures(result['load'][kind], 1)} | "
            f"{figures(result['warm'][kind], 1)} | {figures(result['save'][kind], 0)} | "
            f"{result['bytes'][kind] / 1e6:.1f} MB |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.manifest_load")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    print(report(measure(args.articles, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
