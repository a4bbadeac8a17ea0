"""Entity recognition speed: whitespace tokens of article bodies per second."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Any

from tui.core.entities import EntityContext, RecognizerUnavailable, get_recognizer
from tui.core.entities.model import Recognizer
from tui.core.entities.rules import RulesRecognizer

from .stats import median
from .synthetic import generate_article


def sample_bodies(seed: int, count: int) -> list[tuple[str, Any]]:
    """Bodies (text after the header lines) and dates of the first `count` generated articles."""
    from datetime import datetime

    bodies = []
    for number in range(count):
        article = generate_article(seed, number)
        blocks = article.text.split("\n\n")
        body = "\n\n".join(blocks[4:-1])
        published = datetime(article.published.year, article.published.month, article.published.day)
        bodies.append((body, published))
    return bodies


SHARED_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
"""The shared data folder beside the repository (real news for the speed figures)."""

DOJ_ARTICLES = SHARED_DATA / "news" / "doj_opa_press_releases" / "articles.jsonl.gz"
AEB_GROUND_TRUTH = SHARED_DATA / "html" / "scrapinghub_aeb" / "ground-truth.json"


def doj_bodies(count: int) -> list[tuple[str, Any]]:
    """Bodies of the first `count` U.S. Department of Justice press releases (none if absent)."""
    bodies: list[tuple[str, Any]] = []
    if not DOJ_ARTICLES.is_file():
        return bodies
    with gzip.open(DOJ_ARTICLES, "rt", encoding="utf-8") as handle:
        for line in handle:
            if len(bodies) >= count:
                break
            body = json.loads(line).get("body") or ""
            if body.strip():
                bodies.append((body, None))
    return bodies


def aeb_bodies(count: int | None = None) -> list[tuple[str, Any]]:
    """Gold article bodies of the saved news pages of 126 sites (none if absent)."""
    if not AEB_GROUND_TRUTH.is_file():
        return []
    pages = json.loads(AEB_GROUND_TRUTH.read_text(encoding="utf-8"))
    bodies = [(page["articleBody"], None) for _, page in sorted(pages.items())]
    bodies = [(body, when) for body, when in bodies if body.strip()]
    return bodies[:count] if count is not None else bodies


WARM_UP = "Warm-up: Vladimir Putin met officials of the Central Bank in Tehran on Sunday."


def fresh_recognizer(backend: str) -> Recognizer:
    """A recognizer that has seen nothing yet.

    The built-in one remembers how it labelled runs of capitals it has met before, so a
    second pass over the same bodies would measure that memory, not recognition: each run
    gets a new one (its name lists are loaded once per process and shared).
    """
    if backend == "rules":
        return RulesRecognizer()
    return get_recognizer(backend)


def tokens_per_second(backend: str, bodies: list[tuple[str, Any]], runs: int) -> dict[str, Any]:
    """Median tokens/s of one recognizer over the bodies, or why it could not run."""
    try:
        get_recognizer(backend).recognise(WARM_UP)  # loads name lists or the model
    except RecognizerUnavailable as error:
        return {"available": False, "reason": str(error)}
    # A few bodies, read by a recognizer thrown away, load the tables that the warm-up
    # sentence does not need (surnames, ...): loading them is not recognition, and it fell
    # into the first timed run only. Each timed run still starts with a fresh recognizer.
    warm = fresh_recognizer(backend)
    for body, published in bodies[:20]:
        warm.recognise(body, EntityContext(published=published))
    tokens = sum(len(body.split()) for body, _ in bodies)
    rates: list[float] = []
    cpu_rates: list[float] = []
    entities = 0
    for _ in range(runs):
        recognizer = fresh_recognizer(backend)
        recognizer.recognise(WARM_UP)
        entities = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        for body, published in bodies:
            entities += len(recognizer.recognise(body, EntityContext(published=published)))
        rates.append(tokens / (time.perf_counter() - started))
        cpu_rates.append(tokens / max(time.process_time() - cpu_started, 1e-9))
    return {
        "available": True,
        "articles": len(bodies),
        "tokens": tokens,
        "entities": entities,
        "runs": rates,
        "median": median(rates),
        # Per CPU second: on a shared machine the wall-clock rate also counts waiting for a core.
        "cpu_median": median(cpu_rates),
        # The best run per CPU second, beside the median: the least disturbed by other work.
        "cpu_best": max(cpu_rates),
    }


def real_news_measures(runs: int, doj_count: int = 2000) -> dict[str, dict[str, Any]]:
    """Tokens/s of the built-in recognizer on the two real news sets (skipped when absent)."""
    results: dict[str, dict[str, Any]] = {}
    for name, bodies in (("rules:doj", doj_bodies(doj_count)), ("rules:aeb", aeb_bodies())):
        if bodies:
            results[name] = tokens_per_second("rules", bodies, runs)
        else:
            results[name] = {"available": False, "reason": "shared data not found"}
    return results


def main() -> None:
    """Print the built-in recognizer's speed on generated and on real news bodies."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--doj", type=int, default=2000, help="DOJ press releases to read")
    args = parser.parse_args()
    results = {"rules:generated": tokens_per_second("rules", sample_bodies(1, 1000), args.runs)}
    results.update(real_news_measures(args.runs, args.doj))
    for name, result in results.items():
        if result.get("available"):
            print(
                f"{name}: {result['median']:,.0f} tokens/s"
                f" ({result['cpu_median']:,.0f} per CPU second, best run"
                f" {max(result['runs']):,.0f}, best per CPU second {result['cpu_best']:,.0f})"
                f" over {result['articles']:,} bodies,"
                f" {result['tokens']:,} tokens, {result['entities']:,} entities"
            )
        else:
            print(f"{name}: not available ({result.get('reason')})")


if __name__ == "__main__":
    main()
