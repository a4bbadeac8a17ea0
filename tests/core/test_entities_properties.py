"""Whatever the text, every recognizer keeps the contract: exact offsets, sorted, disjoint."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import NEWSY_WORDS, assert_contract
from tui.core.entities import EntityContext, RulesRecognizer, get_recognizer

texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.text(alphabet=st.characters(categories=["Lu", "Zs", "Po", "Nd"]), max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=100),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    st.lists(st.sampled_from(NEWSY_WORDS), max_size=80).map(" ".join),
    st.lists(st.sampled_from(NEWSY_WORDS), max_size=80).map("".join),
    st.lists(st.sampled_from(NEWSY_WORDS), max_size=40).map(lambda ws: " ".join(ws).upper()),
)
contexts = st.one_of(
    st.none(),
    st.builds(
        EntityContext,
        published=st.one_of(
            st.none(),
            st.datetimes(),
        ),
        title=st.one_of(st.none(), st.text(max_size=80)),
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, context=contexts)
def test_rules_keep_the_contract_on_any_text(text: str, context: EntityContext | None) -> None:
    assert_contract(text, get_recognizer("rules").recognise(text, context))


def test_rules_keep_the_contract_on_huge_text() -> None:
    text = (
        "Russian President Vladimir Putin met IRAN'S leaders on Feb. 28 for $1.5 billion. " * 4000
        + "x" * 100_000
    )
    entities = get_recognizer("rules").recognise(text)
    assert_contract(text, entities)
    assert len(entities) > 4000


def test_rules_keep_the_contract_on_text_without_spaces() -> None:
    text = "VladimirPutinIranTehranStraitofHormuz$2" * 2000
    assert_contract(text, get_recognizer("rules").recognise(text))


newsy_texts = st.lists(
    st.sampled_from([*NEWSY_WORDS, "PARIS", "Acme", "Inc", "(", "--", "Reuters", "\n\n"]),
    max_size=60,
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=st.lists(st.one_of(newsy_texts, texts), min_size=2, max_size=4), data=st.data())
def test_remembered_runs_change_nothing(documents: list[str], data: st.DataObject) -> None:
    # A recognizer remembers how it labelled each run of capitals; a run met again in
    # another place (a period or a dateline after it, a line of its own) must come out as
    # a fresh recognizer labels it there.
    shared = RulesRecognizer()
    for text in documents * 2:
        context = data.draw(contexts)
        assert shared.recognise(text, context) == RulesRecognizer().recognise(text, context)
