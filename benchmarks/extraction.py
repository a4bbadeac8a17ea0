"""Extraction quality of saved web pages, scored against gold article bodies.

`python -m benchmarks.extraction` reads the 181 gzipped pages of
../shared/data/html/scrapinghub_aeb/ through Broadsheet's own page parser and scores each
extracted body against `ground-truth.json`: precision, recall and F1 of the bag of
lower-cased word tokens, per page, averaged over pages. trafilatura's default `extract()`
is scored in the same run for comparison. Also reports how many pages gave a URL, and
pages per second for each extractor (one process).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from tui.core.article import Article
from tui.core.parsers import parse_bytes

GOLD_SET = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "html" / "scrapinghub_aeb"
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Score:
    """Averaged scores of one extractor over the gold set."""

    name: str
    precision: float
    recall: float
    f1: float
    pages: int
    with_url: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        """Pages read per second."""
        return self.pages / self.seconds if self.seconds else 0.0


def bag(text: str) -> Counter[str]:
    """The bag of lower-cased word tokens of a text."""
    return Counter(_WORD.findall(text.lower()))


def page_scores(extracted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of one page's extracted body against its gold body."""
    found, wanted = bag(extracted), bag(gold)
    common = sum((found & wanted).values())
    precision = common / sum(found.values()) if found else 0.0
    recall = common / sum(wanted.values()) if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


Extractor = Callable[[bytes, str], tuple[str, str | None]]
"""Page bytes and file name to (body, URL found)."""


def broadsheet(data: bytes, name: str) -> tuple[str, str | None]:
    """Broadsheet's page parser, as the corpus uses it."""
    results = parse_bytes(data, rel=name, path=Path(name))
    article = results[0]
    if not isinstance(article, Article):
        return "", None
    return article.body, article.url


def trafilatura_default(data: bytes, name: str) -> tuple[str, str | None]:
    """trafilatura's `extract()` with its defaults (the library used naively)."""
    import trafilatura

    return trafilatura.extract(gzip.decompress(data)) or "", None


def score(name: str, extractor: Extractor, gold: dict[str, dict[str, str]], folder: Path) -> Score:
    """Run one extractor over every page and average its scores."""
    totals = [0.0, 0.0, 0.0]
    with_url = 0
    seconds = 0.0
    for key, entry in sorted(gold.items()):
        path = folder / "html" / f"{key}.html.gz"
        data = path.read_bytes()
        started = time.perf_counter()
        body, url = extractor(data, path.name)
        seconds += time.perf_counter() - started
        for slot, value in enumerate(page_scores(body, entry["articleBody"])):
            totals[slot] += value
        with_url += bool(url)
    count = len(gold)
    return Score(name, *(total / count for total in totals), count, with_url, seconds)


def main(argv: list[str] | None = None) -> int:
    """Score Broadsheet and trafilatura's default on the gold set; print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_SET, help="the gold set's folder")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    gold = json.loads((args.gold / "ground-truth.json").read_text("utf-8"))
    import trafilatura  # loaded before timing, so neither extractor pays for the import

    del trafilatura
    broadsheet(b"", "warm.html")  # the parser's own first-use imports, outside the timing
    scores = [
        score("broadsheet", broadsheet, gold, args.gold),
        score("trafilatura extract() default", trafilatura_default, gold, args.gold),
    ]
    if args.json:
        rows = [{**asdict(s), "pages_per_second": s.pages_per_second} for s in scores]
        print(json.dumps(rows))
        return 0
    print("| extractor | precision | recall | F1 | URL found | pages/s |")
    print("|---|---|---|---|---|---|")
    for s in scores:
        print(
            f"| {s.name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
            f"{s.with_url}/{s.pages} | {s.pages_per_second:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
