"""Document-level canonical names: a later "Putin" is the "Vladimir Putin" seen earlier."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping

from .model import LABELS, Entity

#: Labels whose entities name a thing and so get a canonical form.
NAME_LABELS = LABELS - {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"}

_ALIASES = {
    "u.s.": "United States",
    "us": "United States",
    "u.s.a.": "United States",
    "usa": "United States",
    "america": "United States",
    "united states of america": "United States",
    "u.k.": "United Kingdom",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "u.n.": "United Nations",
    "un": "United Nations",
    "e.u.": "European Union",
    "eu": "European Union",
    "nato": "NATO",
    "uae": "United Arab Emirates",
}
_SURNAME_CONFUSIONS = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
# A company's legal form: "Acme Corp." and "Acme" are one organisation.
_LEGAL_FORM = re.compile(
    r",?\s+(?:Inc|Corp|Co|Ltd|LLC|PLC|Plc|plc|AG|SA|S\.A|NV|N\.V|GmbH|SpA|Pty|Pte|Bhd|Oyj|ASA|AB)\.?$"
)


def without_legal_form(name: str) -> str:
    """ "Acme Corp." -> "Acme": the name a company goes by without its legal form."""
    return _LEGAL_FORM.sub("", name) or name


def display_form(text: str) -> str:
    """The text without a leading article, a trailing possessive or doubled spaces."""
    # Most names need none of this: the checks are cheaper than the substitutions.
    if "  " in text or not text.isprintable():
        text = " ".join(text.split())
    if text[:4] in ("the ", "The ", "THE "):
        text = _ARTICLE.sub("", text)
    if text[-1:] in ("'", "’") or text[-2:] in ("'s", "’s"):
        return _POSSESSIVE.sub("", text) or text
    return text


def people_by_surname(entities: Iterable[Entity]) -> dict[str, str]:
    """Map each multi-word PERSON's last word to its first full form in the document."""
    people: dict[str, str] = {}
    for e in entities:
        if e.label == "PERSON":
            name = display_form(e.text)
            parts = name.split()
            if len(parts) > 1:
                people.setdefault(parts[-1], name)
    return people


def acronyms_defined(text: str, entities: list[Entity]) -> dict[str, str]:
    """Map "IRGC" to "Islamic Revolutionary Guard Corps" where the text defines it so."""
    found: dict[str, str] = {}
    for e, nxt in itertools.pairwise(entities):
        if (
            e.label in NAME_LABELS
            and " " in e.text
            and text[e.end : nxt.start] in (" (", "(")
            and nxt.text.isupper()
            and text[nxt.end : nxt.end + 1] == ")"
        ):
            found.setdefault(nxt.text, display_form(e.text))
    return found


def assign_canonical(
    entities: list[Entity],
    people: Mapping[str, str] | None = None,
    *,
    text: str | None = None,
    surnames_are_people: bool = False,
) -> list[Entity]:
    """Return `entities` with `canonical` filled in for names, consistently over the document.

    `people` maps surnames to full names (found from `entities` when not given);
    with `text`, acronyms defined in parentheses get the full name. With
    `surnames_are_people`, a one-word ORG, GPE or NORP that is the surname of a
    person named in full elsewhere becomes that PERSON (a model's "Trump" as ORG).
    """
    if people is None:
        people = people_by_surname(entities)
    acronyms = acronyms_defined(text, entities) if text is not None else {}
    out: list[Entity] = []
    for e in entities:
        if e.label not in NAME_LABELS:
            out.append(e)
            continue
        form = display_form(e.text)
        canonical = _ALIASES.get(form.lower(), acronyms.get(form, form))
        label = e.label
        if label == "ORG" and " " in canonical:
            canonical = without_legal_form(canonical)
        short = form.title() if form.isupper() else form
        if " " not in form and short in people:
            if surnames_are_people and label in _SURNAME_CONFUSIONS:
                label = "PERSON"
            if label == "PERSON":
                canonical = people[short]
        out.append(Entity(e.start, e.end, label, e.text, e.resolved, canonical))
    return out
