"""The user's corrections to names: kept privately, undone exactly, applied at query time to a
real index without rebuilding it; spelling variants merged corpus-wide by a strict rule."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ARTICLES, write_corpus
from tui.core.corrections import (
    Correction,
    Corrections,
    NameResolver,
    alias_form,
    find_aliases,
)
from tui.core.entities import Entity
from tui.core.library import Library, OpenedArticle

ARTICLES_WITH_VARIANTS = {
    **ARTICLES,
    "warner-a.md": "# Time Warner Deal\n\nBy Ann Lee\n\nMarch 3, 2026\n\n"
    "Shares of Time Warner Inc. rose on Monday.\n",
    "warner-b.md": "# Media Merger\n\nBy Ann Lee\n\nMarch 4, 2026\n\n"
    "Shares of TimeWarner Inc. rose on Monday.\n",
    "juncker-a.md": "# Talks Go On\n\nBy Ann Lee\n\nMarch 5, 2026\n\n"
    "European Commission President Jean-Claude Juncker said on Monday that talks would go on.\n",
    "juncker-b.md": "# Talks Resume\n\nBy Ann Lee\n\nMarch 6, 2026\n\n"
    "European Commission President Jean Claude Juncker said on Monday that talks would go on.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A real corpus and its index, built once for the module: (corpus, index folder)."""
    root = tmp_path_factory.mktemp("corrections")
    corpus = write_corpus(root, ARTICLES_WITH_VARIANTS)
    library = Library(corpus, root / "index")
    library.open()
    library.update()
    library.close()
    return corpus, root / "index"


@pytest.fixture
def library(built: tuple[Path, Path], tmp_path: Path) -> Iterator[Library]:
    """The built index opened with corrections kept in this test's own folder."""
    corpus, index = built
    opened = Library(corpus, index, corrections=Corrections(tmp_path / "data" / "corrections.json"))
    opened.open()
    yield opened
    opened.close()


def hits(library: Library, query: str) -> set[str]:
    return {hit.id for hit in library.search(query).hits}


def kind_of(library: Library, key: str) -> str:
    return next(e.kind for e in library.top_entities(None, limit=None) if e.key == key)


def other_kind(kind: str) -> str:
    return "org" if kind != "org" else "person"


# Keeping them ---------------------------------------------------------------------------


def test_corrections_are_saved_privately_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "user" / "corrections.json"
    corrections = Corrections(path)
    corrections.hide("place", "berlin", "Berlin")
    corrections.retype("person", "goldman sachs", "Goldman Sachs", "org")
    corrections.merge(("person", "putin", "Putin"), ("person", "vladimir putin", "Vladimir Putin"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    again = Corrections(path).load()
    assert [(c.action, c.kind, c.key) for c in again] == [
        ("hide", "place", "berlin"),
        ("retype", "person", "goldman sachs"),
        ("merge", "person", "putin"),
    ]
    assert again.items[2].into_key == "vladimir putin" and again.notices == []


def test_a_damaged_file_is_set_aside_with_a_notice_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "corrections.json"
    Corrections(path).hide("place", "berlin", "Berlin")
    path.write_text('{"corrections": [{"action": "explode"}]}')
    loaded = Corrections(path).load()
    assert len(loaded) == 0 and "damaged" in loaded.notices[0]
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("corrections.json.damaged-")]
    assert len(aside) == 1 and "explode" in aside[0].read_text()


def test_a_file_others_can_write_is_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "corrections.json"
    Corrections(path).hide("place", "berlin", "Berlin")
    path.chmod(0o666)
    loaded = Corrections(path).load()
    assert len(loaded) == 0 and "writable by others" in loaded.notices[0]


def test_bad_corrections_are_refused_when_read() -> None:
    with pytest.raises(ValueError):
        Correction.from_json({"action": "retype", "kind": "person", "key": "x", "to_kind": "fish"})
    with pytest.raises(ValueError):
        Correction.from_json({"action": "merge", "kind": "person", "key": "x"})


def test_undo_takes_back_one_correction_or_the_last(tmp_path: Path) -> None:
    corrections = Corrections(tmp_path / "c.json")
    told: list[int] = []
    corrections.subscribe(lambda: told.append(len(corrections)))
    corrections.hide("place", "berlin", "Berlin")
    corrections.hide("place", "gulf", "Gulf")
    corrections.hide("place", "iran", "Iran")
    assert corrections.undo(0) is not None and [c.key for c in corrections] == ["gulf", "iran"]
    assert corrections.undo() is not None and [c.key for c in corrections] == ["gulf"]
    assert told == [1, 2, 3, 2, 1]
    assert [c.key for c in Corrections(tmp_path / "c.json").load()] == ["gulf"]


# What the reader shows ------------------------------------------------------------------


def test_shown_entities_hide_retype_and_merge() -> None:
    text = "Tony Blair met Blair fans in Leeds."
    entities = [
        Entity(0, 10, "PERSON", "Tony Blair", canonical="Tony Blair"),
        Entity(15, 20, "PERSON", "Blair", canonical="Blair"),
        Entity(29, 34, "GPE", "Leeds", canonical="Leeds"),
    ]
    assert [text[e.start : e.end] for e in entities] == ["Tony Blair", "Blair", "Leeds"]
    corrections = Corrections()
    resolver = NameResolver(corrections)
    corrections.merge(("person", "blair", "Blair"), ("person", "tony blair", "Tony Blair"))
    corrections.retype("place", "leeds", "Leeds", "org")
    shown = resolver.entities(entities)
    assert [(e.text, e.label, e.key) for e in shown] == [
        ("Tony Blair", "PERSON", "tony blair"),
        ("Blair", "PERSON", "tony blair"),
        ("Leeds", "ORG", "leeds"),
    ]
    corrections.hide("org", "leeds", "Leeds")  # the retyped name, hidden
    assert [e.text for e in resolver.entities(entities)] == ["Tony Blair", "Blair"]
    corrections.undo()
    corrections.undo()
    assert [(e.label, e.key) for e in resolver.entities(entities)][2] == ("GPE", "leeds")


def test_merges_that_loop_stop() -> None:
    corrections = Corrections()
    corrections.merge(("person", "a", "A"), ("person", "b", "B"))
    corrections.merge(("person", "b", "B"), ("person", "a", "A"))
    resolved = NameResolver(corrections).resolve("person", "a")
    assert resolved is not None and (resolved.kind, resolved.key) in {
        ("person", "a"),
        ("person", "b"),
    }


# The alias rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("time warner", "timewarner"),
        ("u.s.", "us"),
        ("jean-claude juncker", "jean claude juncker"),
        ("st. louis", "st louis"),
        ("at&t", "at and t"),
        ("o'neill", "oneill"),
        ("irs-criminal investigation", "irscriminal investigation"),
        ("t. s. ellis iii", "t.s. ellis iii"),
        ("al qaeda", "al-qaeda"),
        ("w-2", "w2"),
    ],
)
def test_spelling_variants_meet(one: str, other: str) -> None:
    assert alias_form(one) == alias_form(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("us", "usa"),
        ("paris", "paris hilton"),
        ("john smith", "jon smith"),
        ("un", "unc"),
        ("c.a. no.", "cano"),
        ("d. to", "dto"),
        ("al qaeda", "alqaeda"),
    ],
)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert alias_form(one) != alias_form(other)


def test_words_are_joined_in_organisations_names_only() -> None:
    aliases = find_aliases(
        [
            ("org", "time warner", "Time Warner", 4),
            ("org", "timewarner", "TimeWarner", 1),
            ("place", "west chester", "West Chester", 7),
            ("place", "westchester", "Westchester", 3),
            ("place", "tel aviv", "Tel Aviv", 11),
            ("place", "tel-aviv", "Tel-Aviv", 4),
            ("person", "mary ann lee", "Mary Ann Lee", 2),
            ("person", "maryann lee", "Maryann Lee", 2),
        ]
    )
    assert aliases == {
        ("org", "timewarner"): ("time warner", "Time Warner"),
        ("place", "tel-aviv"): ("tel aviv", "Tel Aviv"),
    }


def test_aliases_join_the_most_mentioned_form_within_a_kind_only() -> None:
    aliases = find_aliases(
        [
            ("org", "time warner", "Time Warner", 40),
            ("org", "timewarner", "TimeWarner", 3),
            ("person", "timewarner", "TimeWarner", 1),
            ("place", "x", "X", 9),
            ("place", "x.", "X.", 2),
        ]
    )
    assert aliases == {("org", "timewarner"): ("time warner", "Time Warner")}


# Applied to a real index, at once ---------------------------------------------------------


def test_variants_are_one_name_in_the_browser_and_in_search(library: Library) -> None:
    juncker = [e for e in library.top_entities(None, limit=None) if "juncker" in e.key]
    assert len(juncker) == 1 and juncker[0].count == 2
    both = {"juncker-a.md", "juncker-b.md"}
    kind = juncker[0].kind
    assert hits(library, f'{kind}:"Jean Claude Juncker"') == both
    assert hits(library, f'{kind}:"Jean-Claude Juncker"') == both
    assert {a.id for a in library.articles_mentioning(kind, juncker[0].key)} == both
    warner = [e for e in library.top_entities("org", limit=None) if "warner" in e.key]
    assert [(e.key, e.count) for e in warner] == [("time warner", 2)]
    assert hits(library, "org:TimeWarner") == {"warner-a.md", "warner-b.md"}


def test_hiding_a_name_drops_it_from_counts_and_typed_search(library: Library) -> None:
    assert hits(library, "place:berlin") == {"election-berlin.md"}
    library.corrections.hide("place", "berlin", "Berlin")
    assert hits(library, "place:berlin") == set()
    assert hits(library, "berlin") == {"election-berlin.md"}  # the words are still there
    assert all(e.key != "berlin" for e in library.top_entities("place", limit=None))
    library.corrections.undo()
    assert hits(library, "place:berlin") == {"election-berlin.md"}


def test_a_retyped_name_is_found_under_its_new_type_not_its_old(library: Library) -> None:
    old = kind_of(library, "goldman sachs")
    new = other_kind(old)
    library.corrections.retype(old, "goldman sachs", "Goldman Sachs", new)
    assert hits(library, f'{new}:"Goldman Sachs"') == {"oil-prices.md"}
    assert hits(library, f'{old}:"Goldman Sachs"') == set()
    counted = [e for e in library.top_entities(None, limit=None) if e.key == "goldman sachs"]
    assert [(e.kind, e.count) for e in counted] == [(new, 1)]
    assert [a.id for a in library.articles_mentioning(new, "goldman sachs")] == ["oil-prices.md"]
    opened = library.open_article("oil-prices.md")
    assert isinstance(opened, OpenedArticle)
    shown = library.shown_entities(opened.entities)
    assert [e.label for e in shown if e.text == "Goldman Sachs"] == [
        {"person": "PERSON", "org": "ORG"}[new]
    ]


def test_a_merged_name_searches_all_its_variants(library: Library) -> None:
    putin = ("person", "vladimir putin", "Vladimir Putin")
    assert hits(library, 'person:"Masoud Pezeshkian"') == {"kremlin-ceasefire.md"}
    library.corrections.merge(putin, ("person", "masoud pezeshkian", "Masoud Pezeshkian"))
    expected = {"kremlin-ceasefire.md", "putin-peace.md"}
    assert hits(library, 'person:"Masoud Pezeshkian"') == expected
    assert hits(library, 'person:"Vladimir Putin"') == expected
    names = {e.key: e.count for e in library.top_entities("person", limit=None)}
    assert names.get("masoud pezeshkian") == 2 and "vladimir putin" not in names
    library.corrections.undo()
    assert hits(library, 'person:"Masoud Pezeshkian"') == {"kremlin-ceasefire.md"}


def test_corrections_change_no_index_file_and_load_in_a_new_session(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, index = built
    before = {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()}
    path = tmp_path / "corrections.json"
    first = Library(corpus, index, corrections=Corrections(path))
    first.open()
    first.corrections.hide("place", "berlin", "Berlin")
    first.close()
    second = Library(corpus, index, corrections=Corrections(path).load())
    second.open()
    try:
        assert hits(second, "place:berlin") == set()
    finally:
        second.close()
    assert {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()} == before
    assert json.loads(path.read_text())["corrections"][0]["key"] == "berlin"


def test_user_corrections_override_the_alias_rule(library: Library) -> None:
    (joined,) = [e for e in library.top_entities("org", limit=None) if "warner" in e.key]
    assert joined.key == "time warner"  # of two forms mentioned as often, the first in order
    library.corrections.hide("org", "timewarner", "TimeWarner")  # the variant, not the name
    names = [e for e in library.top_entities(None, limit=None) if "warner" in e.key]
    assert [(e.key, e.count) for e in names] == [("time warner", 1)]
    assert hits(library, 'org:"Time Warner"') == {"warner-a.md"}
    assert hits(library, "org:TimeWarner") == set()


def test_a_search_by_name_finds_the_variants_without_counting_the_merged_names(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counting a merged name is a search of its own; a search by name needs none of it.
    index = library.index
    assert index is not None
    counted: list[object] = []
    real = index.count_mentioning_any

    def counting(names: list[tuple[str, str]]) -> int:
        counted.append(names)
        return real(names)

    monkeypatch.setattr(index, "count_mentioning_any", counting)
    assert hits(library, 'org:"Time Warner"') == {"warner-a.md", "warner-b.md"}
    assert counted == []
    # The list of names asks for the counts: the merged name is counted once, as one.
    (joined,) = [e for e in library.top_entities("org", limit=None) if "warner" in e.key]
    assert joined.count == 2 and counted
