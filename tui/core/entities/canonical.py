"""Document-level canonical names: a later "Putin" is the "Vladimir Putin" seen earlier."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence

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


# The first letters of every legal form: most names end otherwise and skip the pattern.
_LEGAL_INITIALS = frozenset("ICLPpAaSNGBO")


def without_legal_form(name: str) -> str:
    """ "Acme Corp." -> "Acme": the name a company goes by without its legal form."""
    words = name.rsplit(None, 1)
    if len(words) < 2 or words[1][:1] not in _LEGAL_INITIALS:
        return name  # most names: no last word that could be a legal form
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
    return acronyms_of_spans(text, [(e.start, e.end, e.label, e.text) for e in entities])


def acronyms_of_spans(text: str, spans: Sequence[tuple[int, int, str, str]]) -> dict[str, str]:
    """`acronyms_defined` over sorted (start, end, label, text) spans."""
    found: dict[str, str] = {}
    for (_, end, label, name), (n_start, n_end, _, n_text) in itertools.pairwise(spans):
        if (
            label in NAME_LABELS
            and " " in name
            and text[end:n_start] in (" (", "(")
            and n_text.isupper()
            and text[n_end : n_end + 1] == ")"
        ):
            found.setdefault(n_text, display_form(name))
    return found


def _org_without_legal_form(name: str, label: str) -> str:
    """An organisation's name of several words without its legal form; others as they are."""
    return without_legal_form(name) if label == "ORG" and " " in name else name


def canonical_name(
    text: str,
    label: str,
    people: Mapping[str, str],
    acronyms: Mapping[str, str],
    surnames_are_people: bool = False,
    forms: tuple[str, str, str | None] | None = None,
) -> tuple[str, str]:
    """The label and canonical form of one name (`text`) within its document; `forms`, when
    given, is what `name_forms` made of it (kept by a recognizer between documents)."""
    form, canonical, short = forms if forms is not None else name_forms(text, label)
    if form in acronyms and form.lower() not in _ALIASES:
        # "IRGC" after "Islamic Revolutionary Guard Corps (IRGC)"
        canonical = _org_without_legal_form(acronyms[form], label)
    if short is not None and short in people:
        if surnames_are_people and label in _SURNAME_CONFUSIONS:
            label = "PERSON"
        if label == "PERSON":
            canonical = people[short]
    return label, canonical


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
        label, canonical = canonical_name(e.text, e.label, people, acronyms, surnames_are_people)
        out.append(Entity(e.start, e.end, label, e.text, e.resolved, canonical))
    return out


def name_forms(text: str, label: str) -> tuple[str, str, str | None]:
    """What `canonical_name` makes of a name before it looks at its document.

    That is the display form, the canonical form when the document defines no acronym
    for it, and for a one-word name the key it is looked up by among the people named
    in full (None for longer names). The same for every document, so it can be kept.
    """
    form = display_form(text)
    canonical = _org_without_legal_form(_ALIASES.get(form.lower(), form), label)
    if " " in form:
        return form, canonical, None
    return form, canonical, form.title() if form.isupper() else form
