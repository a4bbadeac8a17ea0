"""Where a query matches in a text, and the best short passage to show for a hit.

Matching re-reads the text with the index's own tokenizer and stemmer, so a highlighted word
is one the index matched; offsets are characters into the given text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable

from .analysis import WORD, TextToken, name_tokens, stem_word, text_tokens
from .engine.translate import MAX_EXPANSION, MatchSpec
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
    if _CHANGES_LENGTH in text:
        return _find_by_tokens(text, specs)
    words: dict[str, str] | None = None
    folded: list[TextToken] | None = None
    spans: list[tuple[int, int]] = []
    for spec in specs:
        if spec.names:
            if folded is None:
                folded = name_tokens(text)
            spans.extend(_spans(spec, folded))
            continue
        leads = _leads(spec)
        if leads is not None:
            # Only words beginning as the term does can stem to it (or start with it).
            close: dict[str, bool] = {}
            found = []
            for span, word in _words_starting(text, leads):
                term = stem_word(word)
                ok = close.get(term)
                if ok is None:
                    ok = close[term] = _matches(spec, term, word)
                if ok:
                    found.append(span)
        else:
            if words is None:
                words = _distinct_words(text)
            first = spec.terms[0] if spec.kind == "phrase" else None
            wanted = {
                word
                for word, term in words.items()
                if (term == first if first is not None else _matches(spec, term, word))
            }
            found = _word_spans(text, wanted)
        if spec.kind == "phrase":
            found = _phrases_from(text, found, spec.terms, spec.distance)
        spans.extend(found)
    return _merge(spans)


_CHANGES_LENGTH = "\u0130"
"""The one character whose lower case is longer than itself (İ): a text holding it is
tokenized word by word, as the index did, so that offsets stay exact."""
STEM_CHANGE = 2
"""A Porter stem keeps all but at most its last two characters from the word ("biliti"
becomes "ble", "happy" "happi"): a word whose stem is T starts with T less this many."""


@functools.lru_cache(maxsize=256)
def _leads(spec: MatchSpec) -> tuple[str, ...] | None:
    """What every word `spec` can match begins with; None when that cannot be told from
    its terms. A fuzzy word expanded in the index matches words whose stems are among its
    expansions (every word of an indexed text has its stem in the index), so those begin
    as its expansions do; without them (or with only some), only the first letter is known."""
    if spec.kind == "fuzzy" and not 0 < len(spec.extra) < MAX_EXPANSION:
        leads = {spec.terms[0][:1]}
    else:
        terms = (spec.terms[0], *spec.extra) if spec.kind == "fuzzy" else spec.terms[:1]
        leads = {term[: max(1, len(term) - STEM_CHANGE)] for term in terms}
    if not all(_PLAIN.fullmatch(lead) for lead in leads):
        return None
    return tuple(sorted(leads))


_PLAIN = re.compile(r"\w+")


def _words_starting(text: str, leads: tuple[str, ...]) -> list[tuple[tuple[int, int], str]]:
    """(offsets, lower case) of every word of `text`, as `WORD` cuts them, that starts with
    one of `leads` in any case."""
    found = []
    lowered = text.lower()
    if len(lowered) == len(text):
        # Lower case kept every offset (only "İ" lengthens), and a pattern without
        # IGNORECASE is searched for as a literal, much faster. A word that stems to a term
        # begins, in lower case, as the term does, so none is missed.
        matches = _lead_pattern(leads, ignore_case=False).finditer(lowered)
        already_lower = True
    else:
        matches = _lead_pattern(leads, ignore_case=True).finditer(text)
        already_lower = False
    for match in matches:
        start = match.start()
        # A word begins here unless a letter, or a letter and a dot, come just before.
        if start and (
            text[start - 1].isalnum()
            or text[start - 1] == "_"
            or (text[start - 1] == "." and start > 1 and _WORD_CHAR.match(text, start - 2))
        ):
            continue
        word = match.group()
        found.append((match.span(), word if already_lower else word.lower()))
    return found


_WORD_CHAR = re.compile(r"\w")


@functools.lru_cache(maxsize=256)
def _lead_pattern(leads: tuple[str, ...], *, ignore_case: bool) -> re.Pattern[str]:
    # No look-behind: with it, every position is tried; a literal start is searched for.
    alternatives = "|".join(re.escape(lead) for lead in sorted(leads, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})\w*(?:\.\w+)*", re.IGNORECASE if ignore_case else 0)


def _distinct_words(text: str) -> dict[str, str]:
    """Every distinct indexed word of `text` (lower-cased), with its index term."""
    found: dict[str, str] = {}
    for word in set(WORD.findall(text.lower())):
        term = stem_word(word)
        if term:
            found[word] = term
    return found


def _matches(spec: MatchSpec, term: str, word: str) -> bool:
    """Whether a word (and its index term) is one `spec` matches, as `_spans` decides."""
    if spec.kind in ("term", "phrase"):
        return term == spec.terms[0]  # a phrase: its first word
    if spec.kind == "prefix":
        prefix = spec.terms[0]
        return bool(term) and (term.startswith(prefix) or word.startswith(prefix))
    return term in spec.extra or _close(term, spec.terms[0], spec.distance)


@functools.lru_cache(maxsize=65_536)
def _close(term: str, wanted: str, edits: int) -> bool:
    """Whether a fuzzy word `wanted` matches `term`: same first letter, within `edits`."""
    return (
        term[:1] == wanted[:1]
        and abs(len(term) - len(wanted)) <= edits
        and distance(term, wanted) <= edits
    )


def _word_spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Offsets of every whole word of `text` whose lower case is in `wanted`.

    One regular expression finds the candidates (a word, not inside a longer word as
    `WORD` cuts them); each is checked against `wanted`, so case folding that the
    expression allows but `str.lower` does not never adds a match.
    """
    if not wanted:
        return []
    pattern = _word_pattern(frozenset(wanted))
    return [match.span() for match in pattern.finditer(text) if match.group().lower() in wanted]


@functools.lru_cache(maxsize=256)
def _word_pattern(wanted: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(wanted, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?<!\w\.)(?:{alternatives})(?!\w)(?!\.\w)", re.IGNORECASE)


def _phrases_from(
    text: str, starts: list[tuple[int, int]], terms: tuple[str, ...], slop: int
) -> list[tuple[int, int]]:
    """Phrase matches beginning at each of `starts` (the first word's matches): the words
    after each are tokenized only as far as the phrase can reach."""
    reach = 1 + max(1, slop) * (len(terms) - 1)
    found = []
    for start, _ in starts:
        tokens: list[TextToken] = []
        for match in WORD.finditer(text, start):
            word = match.group().lower()
            term = stem_word(word)
            if term:
                tokens.append(TextToken(term, word, match.start(), match.end()))
                if len(tokens) >= reach:
                    break
        found.extend(_phrase_spans(terms, slop, tokens, only_first=True))
    return found


def _find_by_tokens(text: str, specs: list[MatchSpec]) -> list[tuple[int, int]]:
    """`find_matches` over every token of the text (for a text `str.lower` lengthens)."""
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
        close: dict[str, bool] = {}
        found = []
        for t in tokens:
            ok = close.get(t.term)
            if ok is None:
                ok = close[t.term] = _matches(spec, t.term, t.word)
            if ok:
                found.append((t.start, t.end))
        return found
    return _phrase_spans(spec.terms, spec.distance, tokens)


def _phrase_spans(
    terms: tuple[str, ...], slop: int, tokens: list[TextToken], *, only_first: bool = False
) -> list[tuple[int, int]]:
    found = []
    first = terms[0]
    for i, token in enumerate(tokens[:1] if only_first else tokens):
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
    ends = [end for _, end in matches]
    # Matches as `find_matches` gives them do not overlap, so their ends ascend and those
    # ending within a window are a run: found by bisection, not by looking at every one.
    ascending = all(a <= b for a, b in itertools.pairwise(ends))
    for i, (first_start, _) in enumerate(matches):
        if ascending:
            inside = matches[i : bisect.bisect_right(ends, first_start + width, i)]
        else:
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
