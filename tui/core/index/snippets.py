"""Where a query matches in a text, and the best short passage to show for a hit.

Matching re-reads the text with the index's own tokenizer and stemmer, so a highlighted word
is one the index matched; offsets are characters into the given text.
"""

from __future__ import annotations

from collections.abc import Iterable

from .analysis import TextToken, name_tokens, text_tokens
from .engine.translate import MatchSpec
from .results import Snippet
from .spelling import distance

MATCH_SCAN_CHARS = 500_000
"""Matches are looked for in this much of a text: more than the reader shows of a huge
article, and it keeps a hit in a 50 MB article from taking seconds to highlight."""
SNIPPET_WIDTH = 220
"""About how many characters a snippet shows."""
_LEAD = 60
"""How far before the first match a snippet may start, to begin at a sentence."""
ELLIPSIS = "…"


def find_matches(text: str, specs: Iterable[MatchSpec]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) offsets of every match of `specs` in `text`."""
    specs = list(specs)
    if not specs or not text:
        return []
    stemmed: list[TextToken] | None = None
    folded: list[TextToken] | None = None
    spans: list[tuple[int, int]] = []
    for spec in specs:
        if spec.names:
            if folded is None:
                folded = name_tokens(text)
            tokens = folded
        else:
            if stemmed is None:
                stemmed = text_tokens(text)
            tokens = stemmed
        spans.extend(_spans(spec, tokens))
    return _merge(spans)


def _spans(spec: MatchSpec, tokens: list[TextToken]) -> list[tuple[int, int]]:
    if spec.kind == "term":
        term = spec.terms[0]
        return [(t.start, t.end) for t in tokens if t.term == term]
    if spec.kind == "prefix":
        prefix = spec.terms[0]
        return [
            (t.start, t.end)
            for t in tokens
            if t.term.startswith(prefix) or t.word.startswith(prefix)
        ]
    if spec.kind == "fuzzy":
        wanted = spec.terms[0]
        close: dict[str, bool] = {}
        found = []
        for t in tokens:
            ok = close.get(t.term)
            if ok is None:
                ok = t.term in spec.extra or (
                    t.term[:1] == wanted[:1]
                    and abs(len(t.term) - len(wanted)) <= spec.distance
                    and distance(t.term, wanted) <= spec.distance
                )
                close[t.term] = ok
            if ok:
                found.append((t.start, t.end))
        return found
    return _phrase_spans(spec.terms, spec.distance, tokens)


def _phrase_spans(
    terms: tuple[str, ...], slop: int, tokens: list[TextToken]
) -> list[tuple[int, int]]:
    found = []
    first = terms[0]
    for i, token in enumerate(tokens):
        if token.term != first:
            continue
        position = i
        for term in terms[1:]:
            for step in range(1, slop + 1):
                nxt = position + step
                if nxt < len(tokens) and tokens[nxt].term == term:
                    position = nxt
                    break
            else:
                break
        else:
            found.append((token.start, tokens[position].end))
    return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged


def make_snippet(
    text: str, matches: list[tuple[int, int]], width: int = SNIPPET_WIDTH
) -> Snippet | None:
    """The passage of `text` holding the most distinct matches, with offsets into it."""
    if not text.strip():
        return None
    if not matches:
        start, end = 0, _word_end(text, min(len(text), width))
        return Snippet(_flatten(text, start, end), [])
    best_index, best_score = 0, -1.0
    for i, (first_start, _) in enumerate(matches):
        inside = [m for m in matches[i:] if m[1] <= first_start + width]
        distinct = {text[s:e].lower() for s, e in inside}
        score = len(distinct) + 0.01 * len(inside)
        if score > best_score:
            best_index, best_score = i, score
    first = matches[best_index][0]
    start = _passage_start(text, first)
    end = _word_end(text, min(len(text), max(start + width, matches[best_index][1])))
    body = _flatten(text, start, end)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in matches if s >= start and e <= end]
    return Snippet(prefix + body + suffix, inside)


def fit_snippet(
    text: str, matches: Iterable[tuple[int, int]], width: int, *, context: int | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """A snippet cut to start where its first match shows in `width` columns.

    When the first match would fall past the right edge, the text before it is dropped
    (at a word boundary, marked with an ellipsis) so that the match shows with about
    `context` characters on each side. Offsets are moved with the text.
    """
    spans = sorted(matches)
    if width <= 0 or not spans:
        return text, spans
    room = context if context is not None else max(4, min(20, width // 4))
    first_start, first_end = spans[0]
    if first_end + room <= width:
        return text, spans
    start = max(0, first_start - room)
    space = text.find(" ", start, first_start)
    if space >= 0 and space + 1 < first_start:
        start = space + 1
    if start <= 0:
        return text, spans
    shift = len(ELLIPSIS) - start
    moved = [(s + shift, e + shift) for s, e in spans if s >= start]
    return ELLIPSIS + text[start:], moved


def _passage_start(text: str, first: int) -> int:
    floor = max(0, first - _LEAD)
    for marker in (". ", "\n", "? ", "! "):
        found = text.rfind(marker, floor, first)
        if found >= 0:
            start = found + len(marker)
            while start < first and text[start].isspace():
                start += 1
            return start
    if floor == 0:
        return 0
    space = text.find(" ", floor, first)
    return space + 1 if space >= 0 else first


def _word_end(text: str, end: int) -> int:
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", end - 30, end)
    return space if space > 0 else end


def _flatten(text: str, start: int, end: int) -> str:
    # Same length in, same length out, so match offsets stay valid.
    return text[start:end].replace("\n", " ").replace("\t", " ").replace("\r", " ")
