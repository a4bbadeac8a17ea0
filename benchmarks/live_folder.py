"""What the live folder costs: a re-check with nothing new, with one new file, with 500.

    python -m benchmarks.live_folder [--articles N] [--work DIR]

Each re-check is what the reader does after the watcher reports a change: bring the index
up to date (`Library.update`, which stats every file) and read the listing back.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import ensure_corpus
from tui.core.library import Library


def recheck(library: Library) -> float:
    """Seconds for one re-check: update the index, then list every article."""
    started = time.perf_counter()
    library.update()
    library.listing()
    return time.perf_counter() - started


def write_articles(folder: Path, count: int, start: int) -> None:
    """`count` new plain articles in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (folder / f"live-{n:05}.txt").write_text(
            f"Harbour Dispatch {n}\n\nBy Wire Staff\n\nApril 20, 2026\n\n"
            f"Pilots in the harbour stopped work on day {n}; shipping waited offshore.\n",
            encoding="utf-8",
        )


def main() -> None:
    """Build a corpus and its index, then time the re-checks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        source = ensure_corpus(work, args.articles, quiet=True)
        library = Library(source, work / "index")
        library.open()
        started = time.perf_counter()
        library.update()
        print(f"first index of {args.articles:,} articles: {time.perf_counter() - started:.1f} s")
        idle = [recheck(library) for _ in range(5)]
        print(f"re-check, nothing changed: median {statistics.median(idle) * 1000:.0f} ms")
        one = []
        for n in range(5):
            write_articles(source / "live", 1, n)
            one.append(recheck(library))
        print(f"re-check, one new file: median {statistics.median(one) * 1000:.0f} ms")
        write_articles(source / "live", 500, 100)
        print(f"re-check, 500 new files: {recheck(library):.2f} s")
        library.close()


if __name__ == "__main__":
    main()
