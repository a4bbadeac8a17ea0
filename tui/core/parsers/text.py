"""Text shaping shared by the parsers: inline Markdown, paragraphs, headlines, titles."""

from __future__ import annotations

import re

# Every pattern below stops at the next opening of its own kind ("[", "<", "**"), so a line
# made of thousands of unclosed openings is read in linear time, not quadratic.
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>")
_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)"
)
_UNDERSCORE_EM = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_SPACES = re.compile(r"[ \t\u00a0]+")

# A sentence ends at . ! ? (and closing quotes) followed by a space and a capital or a quote,
# except after an abbreviation or an initial ("U.S. President", "J. Smith").
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
    ]
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def strip_inline_markdown(text: str) -> str:
    """Reduce links to their text and drop emphasis markers, leaving every other character."""
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    for _ in range(2):  # nested emphasis such as ***x***
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return _UNDERSCORE_EM.sub(lambda m: m.group(1), text)


def tidy(text: str) -> str:
    """Fold runs of spaces and trim; keeps every other character as it is."""
    if "  " not in text and "\t" not in text and "\u00a0" not in text:
        return text.strip()  # nothing to fold: most paragraphs, and far cheaper than the regex
    return _SPACES.sub(" ", text).strip()


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs.

    Blank lines always separate paragraphs. Inside a block, hard-wrapped lines (all but the
    last of similar, moderate length) are joined; otherwise each line is its own paragraph,
    which is how one-paragraph-a-line text arrives.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and _looks_hard_wrapped(lines):
            paragraphs.append(tidy(" ".join(lines)))
        else:
            paragraphs.extend(tidy(line) for line in lines)
    return [p for p in paragraphs if p]


def _looks_hard_wrapped(lines: list[str]) -> bool:
    wrapped = lines[:-1]
    return all(30 <= len(line) <= 100 for line in wrapped) and not all(
        line.endswith((".", "!", "?", "”", '"', ":")) for line in wrapped
    )


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, not fooled by abbreviations and initials."""
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start() + 1]
        word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.split() else ""
        if word in _ABBREVIATIONS or len(word) == 1:
            continue
        return text[: match.start() + 1].strip()
    return text.strip()


def derive_title(text: str, limit: int = 80) -> str:
    """A title made from the first sentence, cut at a word boundary near `limit` characters."""
    sentence = tidy(first_sentence(text))
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    cut = sentence[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space >= limit // 2 else cut[:limit]
    return cut.rstrip(" ,;:–—-") + "…"


def looks_like_headline(line: str) -> bool:
    """True for a line that reads as a headline: short, and not ending as a sentence does."""
    stripped = line.strip()
    if not stripped or len(stripped) > 140 or len(stripped.split()) > 20:
        return False
    if stripped.endswith((".", ",", ";", ":")) and not stripped.endswith("..."):
        return False
    return any(ch.isalpha() for ch in stripped)
