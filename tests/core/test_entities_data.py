"""The recognizer's word lists are package data files, and the name-table cache follows them."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from tui.core.entities import gazetteer as gz


def _data_files() -> list[str]:
    folder = resources.files("tui.core.entities").joinpath("data")
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".txt"))


def test_the_word_lists_are_read_from_package_data() -> None:
    assert "norp_words.txt" in _data_files()
    assert "Afghan" in gz.NORP_WORDS
    assert gz.WELL_KNOWN_PEOPLE["Putin"] == "Vladimir Putin"
    assert "Ministry" in gz.ORG_HEAD_WORDS


@pytest.mark.parametrize("name", [n.removesuffix(".txt") for n in _data_files()])
def test_every_data_file_holds_entries_and_no_blank_or_padded_ones(name: str) -> None:
    entries = gz._word_list(name)
    assert entries
    assert all(entry == entry.strip() and entry and not entry.startswith("#") for entry in entries)


def test_comment_lines_are_not_entries() -> None:
    assert not any(entry.startswith("#") for entry in gz._word_list("org_names"))


def test_given_names_come_from_the_census_and_the_world_list() -> None:
    popular = gz.popular_given_names()
    assert {"James", "Mary", "Tony"} <= popular  # 1990 US Census first names
    assert {"Vladimir", "Recep", "Narendra"} <= popular  # the hand list of world names
    assert "Afghan" not in gz.given_names()


def test_the_cache_key_changes_when_a_data_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "data"
    shutil.copytree(gz._DATA_FOLDER, copy)
    monkeypatch.setattr(gz, "_DATA_FOLDER", copy)
    before = gz._cache_path()
    with (copy / "org_names.txt").open("a", encoding="utf-8") as handle:
        handle.write("Acme Widget Works\n")
    after = gz._cache_path()
    assert before is not None and after is not None and before != after
