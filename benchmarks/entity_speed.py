"""Entity recognition speed: whitespace tokens of article bodies per second."""

from __future__ import annotations

import time
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
    tokens = sum(len(body.split()) for body, _ in bodies)
    rates: list[float] = []
    entities = 0
    for _ in range(runs):
        recognizer = fresh_recognizer(backend)
        recognizer.recognise(WARM_UP)
        entities = 0
        started = time.perf_counter()
        for body, published in bodies:
            entities += len(recognizer.recognise(body, EntityContext(published=published)))
        rates.append(tokens / (time.perf_counter() - started))
    return {
        "available": True,
        "articles": len(bodies),
        "tokens": tokens,
        "entities": entities,
        "runs": rates,
        "median": median(rates),
    }
