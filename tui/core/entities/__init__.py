"""Named entities in article text: one interface, a built-in recognizer and a spaCy backend.

Each name is imported from its module when first used (see `..lazy`): the reader needs
`Entity` to draw a list long before it needs the recognizer's rules and name tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..lazy import lazy_exports
from .model import (
    LABEL_GROUPS,
    LABELS,
    Entity,
    EntityContext,
    Recognizer,
    RecognizerUnavailable,
    entities_to_json,
    fold_key,
)
from .registry import get_recognizer

if TYPE_CHECKING:
    from .canonical import assign_canonical, display_form
    from .dates import resolve_date
    from .rules import RulesRecognizer


def recognise(text: str, context: EntityContext | None = None, spec: str = "rules") -> list[Entity]:
    """Entities in `text` from the recognizer named by `spec` (default: the built-in rules)."""
    return get_recognizer(spec).recognise(text, context)


def recognise_captions(
    recognizer: Recognizer, captions: Sequence[str], context: EntityContext | None = None
) -> list[list[Entity]]:
    """Entities of each picture caption, offsets into that caption, read with the article's context."""
    return [recognizer.recognise(caption, context) if caption else [] for caption in captions]


__all__ = [
    "LABELS",
    "LABEL_GROUPS",
    "Entity",
    "EntityContext",
    "Recognizer",
    "RecognizerUnavailable",
    "RulesRecognizer",
    "assign_canonical",
    "display_form",
    "entities_to_json",
    "fold_key",
    "get_recognizer",
    "recognise",
    "recognise_captions",
    "resolve_date",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {
        "assign_canonical": ".canonical",
        "display_form": ".canonical",
        "resolve_date": ".dates",
        "RulesRecognizer": ".rules",
    },
)
