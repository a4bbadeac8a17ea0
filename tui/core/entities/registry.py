"""Choosing a recognizer by name: "rules", "spacy" or "spacy:MODEL"."""

from __future__ import annotations

import functools

from .model import Recognizer, RecognizerUnavailable


def get_recognizer(spec: str = "rules") -> Recognizer:
    """The recognizer for `spec`: "rules" (built in), "spacy" or "spacy:MODEL_NAME".

    Recognizers are built once and shared; a missing backend raises RecognizerUnavailable.
    """
    kind, _, model = spec.strip().partition(":")
    return _build(kind.strip().lower() or "rules", model.strip())


@functools.cache
def _build(kind: str, model: str) -> Recognizer:
    if kind == "rules" and not model:
        from .rules import RulesRecognizer

        return RulesRecognizer()
    if kind == "spacy":
        from .spacy_backend import SpacyRecognizer

        return SpacyRecognizer(model or None)
    raise RecognizerUnavailable(
        f"unknown entity recognizer {kind!r}: use 'rules', 'spacy' or 'spacy:MODEL_NAME'"
    )
