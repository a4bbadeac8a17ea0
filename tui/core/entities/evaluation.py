"""Entry point for ../shared/tools/ner_eval.py: `--python tui.core.entities.evaluation:predict`."""

from __future__ import annotations

import os

from .registry import get_recognizer


def predict(text: str) -> list[tuple[int, int, str]]:
    """Spans from the recognizer named by $BROADSHEET_ENTITIES (default "rules")."""
    recognizer = get_recognizer(os.environ.get("BROADSHEET_ENTITIES", "rules"))
    return [(e.start, e.end, e.label) for e in recognizer.recognise(text)]
