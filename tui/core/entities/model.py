"""The entity record, the recognizer interface and the label vocabulary."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

#: Every label a recognizer may emit (the OntoNotes 5 entity types we use).
LABELS: frozenset[str] = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
        "EVENT",
        "PRODUCT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "QUANTITY",
    }
)

#: Which labels feed the index fields `person`, `org` and `place`.
LABEL_GROUPS: dict[str, frozenset[str]] = {
    "person": frozenset({"PERSON"}),
    "org": frozenset({"ORG"}),
    "place": frozenset({"GPE", "LOC", "FAC"}),
}


class RecognizerUnavailable(Exception):
    """A recognizer backend cannot be used here; the message says how to fix it."""


def fold_key(text: str) -> str:
    """Lower-case, accent-fold and whitespace-fold `text` for use as an index key."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@dataclass(frozen=True, slots=True)
class Entity:
    """One named entity: a span of the text, its type and what it refers to."""

    start: int
    end: int
    label: str
    text: str
    resolved: datetime.date | None = None
    canonical: str | None = None

    @property
    def key(self) -> str:
        """The index key: folded canonical form (or text), so variants of a name meet."""
        return fold_key(self.canonical or self.text)


@dataclass(frozen=True)
class EntityContext:
    """What is known about the document beyond its text."""

    published: datetime.datetime | None = None
    title: str | None = None


@runtime_checkable
class Recognizer(Protocol):
    """Finds entities in plain text."""

    name: str

    def recognise(self, text: str, context: EntityContext | None = None) -> list[Entity]:
        """Return sorted, non-overlapping entities whose offsets slice `text`."""
        ...


def entities_to_json(entities: Iterable[Entity]) -> list[dict[str, object]]:
    """Plain JSON-ready dicts: start, end, label, text, plus canonical and ISO date."""
    out: list[dict[str, object]] = []
    for e in entities:
        item: dict[str, object] = {
            "start": e.start,
            "end": e.end,
            "label": e.label,
            "text": e.text,
        }
        if e.canonical is not None and e.canonical != e.text:
            item["canonical"] = e.canonical
        if e.resolved is not None:
            item["date"] = e.resolved.isoformat()
        out.append(item)
    return out


def tidy(entities: Iterable[Entity]) -> list[Entity]:
    """Sort by position and drop any entity overlapping an earlier, longer one."""
    ordered = sorted(entities, key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Entity] = []
    last_end = -1
    for e in ordered:
        if e.end <= e.start or e.start < last_end:
            continue
        kept.append(e)
        last_end = e.end
    return kept
