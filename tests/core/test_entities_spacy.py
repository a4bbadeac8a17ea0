"""The optional spaCy backend (needs spaCy and an English model; skipped without them)."""

from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import assert_contract
from tui.core.entities import Entity, EntityContext, RecognizerUnavailable, get_recognizer
from tui.core.entities.spacy_backend import SpacyRecognizer

SEEDS = Path(__file__).parents[2] / ".." / "shared" / "seeds"
PUBLISHED = datetime.datetime(2026, 4, 12, tzinfo=datetime.UTC)


def _spacy_or_skip() -> SpacyRecognizer:
    if importlib.util.find_spec("spacy") is None:
        pytest.skip("spaCy is not installed: pip install 'broadsheet[spacy]'")
    try:
        recognizer = get_recognizer("spacy")
    except RecognizerUnavailable as exc:
        pytest.skip(str(exc))
    assert isinstance(recognizer, SpacyRecognizer)
    return recognizer


pytestmark = pytest.mark.spacy


@pytest.fixture(scope="module")
def spacy_recognizer() -> SpacyRecognizer:
    return _spacy_or_skip()


@pytest.fixture(scope="module")
def seed_000(spacy_recognizer: SpacyRecognizer) -> tuple[str, list[Entity]]:
    text = (SEEDS / "000_40f09a8b1627295c.txt").read_text(encoding="utf-8")
    return text, spacy_recognizer.recognise(text, EntityContext(published=PUBLISHED))


@pytest.fixture(scope="module")
def seed_004(spacy_recognizer: SpacyRecognizer) -> tuple[str, list[Entity]]:
    text = (SEEDS / "004_817f069a33f82ac9.txt").read_text(encoding="utf-8")
    return text, spacy_recognizer.recognise(text)


def test_spacy_recognizer_is_named_for_its_model(spacy_recognizer: SpacyRecognizer) -> None:
    assert spacy_recognizer.name.startswith("spacy:en_core_web_sm")


def test_spacy_model_can_be_named_explicitly(spacy_recognizer: SpacyRecognizer) -> None:
    named = get_recognizer(f"spacy:{spacy_recognizer.model}")
    assert named.name == spacy_recognizer.name


def test_spacy_output_keeps_the_contract_on_seeds(
    seed_000: tuple[str, list[Entity]], seed_004: tuple[str, list[Entity]]
) -> None:
    for text, entities in (seed_000, seed_004):
        assert entities
        assert_contract(text, entities)


def test_spacy_finds_people_and_places_in_seed(seed_000: tuple[str, list[Entity]]) -> None:
    _, entities = seed_000
    found = {(e.label, e.canonical) for e in entities}
    assert ("PERSON", "Vladimir Putin") in found
    assert ("PERSON", "Masoud Pezeshkian") in found
    assert ("GPE", "Iran") in found
    assert ("ORG", "Kremlin") in found


def test_spacy_dates_use_the_shared_resolver(seed_000: tuple[str, list[Entity]]) -> None:
    _, entities = seed_000
    dates = {e.text: e.resolved for e in entities if e.label == "DATE"}
    assert dates["Sunday"] == datetime.date(2026, 4, 12)
    assert dates["Feb. 28"] == datetime.date(2026, 2, 28)
    assert dates["Dec. 12, 2025"] == datetime.date(2025, 12, 12)


def test_spacy_canonical_names_are_consistent(seed_004: tuple[str, list[Entity]]) -> None:
    _, entities = seed_004
    assert {(e.label, e.canonical) for e in entities if e.text == "Trump"} == {
        ("PERSON", "Donald Trump")
    }
    assert {e.canonical for e in entities if e.text == "Peskov"} == {"Dmitry Peskov"}


def test_spacy_canonical_drops_leading_article(seed_000: tuple[str, list[Entity]]) -> None:
    _, entities = seed_000
    middle_east = {e.canonical for e in entities if "Middle East" in e.text}
    assert middle_east == {"Middle East"}


def test_spacy_long_text_is_cut_into_pieces_with_true_offsets(
    spacy_recognizer: SpacyRecognizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.entities.spacy_backend as backend

    monkeypatch.setattr(backend, "CHUNK_CHARS", 300)
    sentence = "Russian President Vladimir Putin met officials in Tehran on Sunday.\n"
    text = sentence * 40
    entities = spacy_recognizer.recognise(text)
    assert_contract(text, entities)
    assert sum(1 for e in entities if e.text == "Tehran") >= 30


def test_spacy_empty_text_has_no_entities(spacy_recognizer: SpacyRecognizer) -> None:
    assert spacy_recognizer.recognise("") == []


@settings(max_examples=40, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.lists(
            st.sampled_from(["Putin", "Iran", "IRAN", "the", "of", " ", "\n", "$2", "Sunday"]),
            max_size=40,
        ).map(" ".join),
    )
)
def test_spacy_keeps_the_contract_on_any_text(text: str) -> None:
    assert_contract(text, _spacy_or_skip().recognise(text))


def test_spacy_lone_well_known_surname_is_the_person(seed_000: tuple[str, list[Entity]]) -> None:
    _, entities = seed_000
    assert {(e.label, e.canonical) for e in entities if e.text == "Trump"} == {
        ("PERSON", "Donald Trump")
    }
