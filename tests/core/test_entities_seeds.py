"""The built-in recognizer on the two seed articles: every name found and typed right."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tui.core.entities import Entity, EntityContext, get_recognizer

SEEDS = Path(__file__).parents[2] / ".." / "shared" / "seeds"
MARKDOWN_SEED = SEEDS / "000_40f09a8b1627295c.txt"
PLAIN_SEED = SEEDS / "004_817f069a33f82ac9.txt"
PUBLISHED = datetime.datetime(2026, 4, 12, tzinfo=datetime.UTC)

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not checked out")


def _entities(path: Path, published: datetime.datetime | None = None) -> list[Entity]:
    text = path.read_text(encoding="utf-8")
    return get_recognizer("rules").recognise(text, EntityContext(published=published))


def _labels_of(entities: list[Entity], text: str) -> set[str]:
    return {e.label for e in entities if e.text == text}


@pytest.fixture(scope="module")
def markdown_seed() -> list[Entity]:
    return _entities(MARKDOWN_SEED, PUBLISHED)


@pytest.fixture(scope="module")
def plain_seed() -> list[Entity]:
    return _entities(PLAIN_SEED)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Vladimir Putin", "PERSON"),
        ("Masoud Pezeshkian", "PERSON"),
        ("JD Vance", "PERSON"),
        ("Mohammad Bagher Ghalibaf", "PERSON"),
        ("Iran", "GPE"),
        ("Pakistan", "GPE"),
        ("Turkmenistan", "GPE"),
        ("Tehran", "GPE"),
        ("Israel", "GPE"),
        ("Strait of Hormuz", "LOC"),
        ("Middle East", "LOC"),
        ("Kremlin", "ORG"),
        ("Hezbollah", "ORG"),
        ("AFP", "ORG"),
        ("Iranian", "NORP"),
        ("Russian", "NORP"),
    ],
)
def test_markdown_seed_names_are_found_and_typed(
    markdown_seed: list[Entity], text: str, label: str
) -> None:
    assert _labels_of(markdown_seed, text) == {label}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Vladimir Putin", "PERSON"),
        ("Donald Trump", "PERSON"),
        ("Dmitry Peskov", "PERSON"),
        ("Israel Katz", "PERSON"),
        ("Abbas Araghchi", "PERSON"),
        ("Hamad bin Isa Al Khalifa", "PERSON"),
        ("Iran", "GPE"),
        ("Israel", "GPE"),
        ("Qatar", "GPE"),
        ("Moscow", "GPE"),
        ("Tehran", "GPE"),
        ("Russia", "GPE"),
        ("Bahrain", "GPE"),
        ("Kremlin", "ORG"),
        ("AFP", "ORG"),
        ("The Moscow Times", "ORG"),
        ("Israeli", "NORP"),
    ],
)
def test_plain_seed_names_are_found_and_typed(
    plain_seed: list[Entity], text: str, label: str
) -> None:
    assert _labels_of(plain_seed, text) == {label}


def test_plain_seed_air_base_is_a_facility(plain_seed: list[Entity]) -> None:
    assert _labels_of(plain_seed, "Al Udeid Air Base") <= {"FAC", "LOC"}
    assert _labels_of(plain_seed, "Al Udeid Air Base")


def test_plain_seed_later_trump_is_donald_trump(plain_seed: list[Entity]) -> None:
    later = [e for e in plain_seed if e.text == "Trump"]
    assert later
    assert {(e.label, e.canonical) for e in later} == {("PERSON", "Donald Trump")}


def test_plain_seed_later_putin_and_peskov_are_canonical(plain_seed: list[Entity]) -> None:
    canonical = {e.text: e.canonical for e in plain_seed if e.label == "PERSON"}
    assert canonical["Peskov"] == "Dmitry Peskov"
    assert canonical["Putin"] == "Vladimir Putin"


def test_markdown_seed_later_putin_is_canonical(markdown_seed: list[Entity]) -> None:
    putins = {e.canonical for e in markdown_seed if e.text == "Putin"}
    assert putins == {"Vladimir Putin"}


def test_markdown_seed_dates_resolve(markdown_seed: list[Entity]) -> None:
    dates = {e.text: e.resolved for e in markdown_seed if e.label == "DATE"}
    assert dates["Sunday"] == datetime.date(2026, 4, 12)
    assert dates["Feb. 28"] == datetime.date(2026, 2, 28)
    assert dates["Dec. 12, 2025"] == datetime.date(2025, 12, 12)
    assert dates["April 12, 2026"] == datetime.date(2026, 4, 12)


def test_plain_seed_money(plain_seed: list[Entity]) -> None:
    assert _labels_of(plain_seed, "$2") == {"MONEY"}


def test_seed_entities_slice_the_raw_text(
    markdown_seed: list[Entity], plain_seed: list[Entity]
) -> None:
    for path, entities in ((MARKDOWN_SEED, markdown_seed), (PLAIN_SEED, plain_seed)):
        text = path.read_text(encoding="utf-8")
        assert all(text[e.start : e.end] == e.text for e in entities)


def test_shouted_quote_yields_no_names(plain_seed: list[Entity]) -> None:
    text = PLAIN_SEED.read_text(encoding="utf-8")
    start = text.index("NOT DROP")
    end = text.index("NOW!") + 4
    assert [e.text for e in plain_seed if start <= e.start < end] == []


def test_url_yields_no_dates(markdown_seed: list[Entity]) -> None:
    text = MARKDOWN_SEED.read_text(encoding="utf-8")
    url_start = text.index("<https://")
    assert [e.text for e in markdown_seed if e.start >= url_start] == []
