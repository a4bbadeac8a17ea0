"""feedparser against fastfeedparser on the shared feeds and on real-world quirks.

`python -m benchmarks.feed_parsers` times both parsers over the twelve feeds of
../shared/data/feeds/ (best of several rounds) and checks what each makes of a feed with
an undeclared entity and one that is not in its declared encoding. fastfeedparser is
optional: install it to compare (Broadsheet itself uses feedparser).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "feeds"
ROUNDS = 5

QUIRKY = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\u00e9 News'
    "</title><item><title>One &mdash; two</title><guid>g1</guid><description>"
    "&lt;p&gt;Caf&amp;eacute; open&lt;/p&gt;</description></item></channel></rss>"
).encode("cp1252")
"""Declared UTF-8 but written in Windows-1252, with an entity XML does not declare."""


def best_seconds(parse: Callable[[bytes], Any], feeds: list[bytes]) -> float:
    """The fastest of ROUNDS passes over every feed."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for data in feeds:
            parse(data)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    """Print a Markdown table: items found, time, and what each made of the quirky feed."""
    import io

    import feedparser

    parsers: dict[str, Callable[[bytes], Any]] = {
        "feedparser": lambda data: feedparser.parse(io.BytesIO(data)),
    }
    try:
        import fastfeedparser

        parsers["fastfeedparser"] = fastfeedparser.parse
    except ImportError:
        print("(fastfeedparser is not installed: only feedparser is measured)", file=sys.stderr)
    feeds = [path.read_bytes() for path in sorted(FEEDS.glob("*/*.xml"))]
    print(
        "| parser | items in the 12 feeds | ms for all 12 (best of 5) | quirky feed: title, item |"
    )
    print("|---|---|---|---|")
    for name, parse in parsers.items():
        items = sum(len(parse(data).entries) for data in feeds)
        seconds = best_seconds(parse, feeds)
        try:
            quirky = parse(QUIRKY)
            seen = f"{quirky.feed.get('title')!r}, {quirky.entries[0].get('title')!r}"
        except Exception as error:  # what a parser does with bad input is the measurement
            seen = f"error: {error!r:.60}"
        print(f"| {name} | {items} | {seconds * 1000:.0f} | {seen} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
