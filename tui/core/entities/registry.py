"""Choosing a recognizer by name: "rules", "spacy" or "spacy:MODEL"."""

from __future__ import annotations

import functools

from .model import Recognizer, RecognizerUnavailable


@functools.cache
def get_recognizer(spec: str = "rules") -> Recognizer:
    """The recognizer for `spec`: "rules" (built in), "spacy" or "spacy:MODEL_NAME"."""
    kind, _, model = spec.strip().partition(":")
    kind = kind.lower()
    if kind in ("", "rules"):
        from .rules import RulesRecognizer

        return RulesRecognizer()
    if kind == "spacy":
        from .spacy_backend import SpacyRecognizer

        return SpacyRecognizer(model or None)
    raise RecognizerUnavailable(
        f"unknown entity recognizer {spec!r}: use 'rules', 'spacy' or 'spacy:MODEL_NAME'"
    )
