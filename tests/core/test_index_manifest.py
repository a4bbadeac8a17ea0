"""The manifest and word list as JSON: every value comes back as it was saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ARTICLES, built_index, open_index
from tui.core.index import manifest as manifest_module
from tui.core.index import store
from tui.core.index.manifest import (
    MANIFEST_FILE,
    WORDS_FILE,
    Manifest,
    load_manifest,
    load_words,
    save_manifest,
    save_words,
)


def awkward_manifest() -> Manifest:
    """Values that a columnar layout could get wrong."""
    manifest = Manifest(generation=7)
    manifest.files = {
        "one.md": (120, 1_700_000_000_123_456_789, "a" * 40, ("one.md",), ()),
        "feed.json": (
            9_000,
            1_700_000_000_000_000_001,
            "b" * 40,
            ("feed.json#0", "feed.json#2"),
            (("feed.json#1", "no body | no title"),),
        ),
        "empty.md": (0, 5, "c" * 40, (), (("empty.md", "empty"),)),
        "caf\udce9.txt": (3, 4, "d" * 40, ("caf\udce9.txt",), ()),
    }
    manifest.articles = {
        "one.md": (
            "one.md",
            "Pipes | tildes ~ carets ^ and `ticks` \x7f",
            None,
            None,
            None,
            True,
            False,
        ),
        "feed.json#0": (
            "feed.json",
            'Quoted "title"\nwith a line break',
            datetime(2026, 4, 12, 9, 30, 15, 250),
            "",
            "By Ann Lee",
            False,
            True,
        ),
        "feed.json#2": ("feed.json", "", datetime(2026, 1, 1, tzinfo=UTC), "AP", "", False, False),
        "caf\udce9.txt": (
            "caf\udce9.txt",
            "Café \u202e",
            datetime(2025, 2, 3),
            "Le Monde",
            None,
            False,
            False,
        ),
        "gone.md": (
            "gone.md",
            "An article whose file is no longer recorded",
            None,
            "X",
            "Y",
            False,
            False,
        ),
    }
    manifest.names = {"person:ann lee": "Ann Lee", "place:são paulo": "São Paulo|SP"}
    return manifest


def test_a_manifest_reads_back_exactly_as_it_was_saved(tmp_path: Path) -> None:
    manifest = awkward_manifest()
    save_manifest(tmp_path, manifest)
    loaded = load_manifest(tmp_path)
    assert loaded is not None
    assert loaded.generation == manifest.generation
    assert loaded.files == manifest.files
    assert loaded.articles == manifest.articles
    assert loaded.names == manifest.names
    assert list(loaded.articles) == list(manifest.articles)


def test_an_empty_manifest_reads_back_empty(tmp_path: Path) -> None:
    save_manifest(tmp_path, Manifest(generation=1))
    loaded = load_manifest(tmp_path)
    assert loaded is not None
    assert (loaded.generation, loaded.files, loaded.articles, loaded.names) == (1, {}, {}, {})


def test_the_manifest_file_is_json(tmp_path: Path) -> None:
    save_manifest(tmp_path, awkward_manifest())
    assert json.loads((tmp_path / MANIFEST_FILE).read_bytes().decode("utf-8", "surrogatepass"))


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[]", b'{"format": 2}', b'{"format": 1, "generation": 3}', b"\x80\x04K\x01."],
)
def test_a_damaged_or_foreign_manifest_reads_as_missing(tmp_path: Path, content: bytes) -> None:
    (tmp_path / MANIFEST_FILE).write_bytes(content)
    assert load_manifest(tmp_path) is None


def _saved_json(folder: Path) -> dict[str, Any]:
    save_manifest(folder, awkward_manifest())
    data: dict[str, Any] = json.loads(
        (folder / MANIFEST_FILE).read_bytes().decode("utf-8", "surrogatepass")
    )
    return data


def test_the_names_are_unpacked_only_when_first_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A later launch lists the titles from the manifest: the names wait for the entity browser.
    save_manifest(tmp_path, awkward_manifest())
    unpacked: list[object] = []
    real = manifest_module._names_from

    def counted(columns: dict[str, Any]) -> dict[str, str]:
        unpacked.append(columns)
        return real(columns)

    monkeypatch.setattr(manifest_module, "_names_from", counted)
    loaded = load_manifest(tmp_path)
    assert loaded is not None and unpacked == []
    assert loaded.names == awkward_manifest().names
    assert loaded.names is loaded.names and len(unpacked) == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda names: names["name"].update(count=1), id="fewer-names-than-keys"),
        pytest.param(
            lambda names: names["key"].update(text=names["key"]["separator"].join("abc")),
            id="a-separator-too-many",
        ),
        pytest.param(lambda names: names["key"].update(text=None), id="text-not-a-string"),
        pytest.param(lambda names: names.pop("name"), id="no-name-column"),
    ],
)
def test_damaged_names_make_the_manifest_read_as_missing_at_once(
    tmp_path: Path, damage: Callable[[dict[str, Any]], object]
) -> None:
    data = _saved_json(tmp_path)
    damage(data["names"])
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert load_manifest(tmp_path) is None


def test_a_manifest_cut_short_reads_as_missing(tmp_path: Path) -> None:
    save_manifest(tmp_path, awkward_manifest())
    path = tmp_path / MANIFEST_FILE
    path.write_bytes(path.read_bytes()[:-40])
    assert load_manifest(tmp_path) is None


def test_words_read_back_sorted(tmp_path: Path) -> None:
    words = {"zeppelin", "ceasefire", "caf\udce9", "a|b", "\x7f"}
    save_words(tmp_path, words)
    assert load_words(tmp_path) == sorted(words)


def test_missing_or_damaged_words_read_as_none(tmp_path: Path) -> None:
    assert load_words(tmp_path) == []
    (tmp_path / WORDS_FILE).write_bytes(b'{"count": 3, "separator": "|", "text": "a|b"}')
    assert load_words(tmp_path) == []


def test_a_warm_start_reads_the_manifest_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built_index(tmp_path).close()
    reads: list[Path] = []

    def counted(folder: Path) -> Manifest | None:
        reads.append(folder)
        return load_manifest(folder)

    monkeypatch.setattr(store, "load_manifest", counted)
    index = open_index(tmp_path / "corpus", tmp_path)
    listed = index.listing()
    report = index.update()
    assert (report.unchanged, len(reads)) == (len(ARTICLES), 1)
    assert index.listing() == listed


def test_an_update_reads_a_manifest_changed_on_disk_since_the_listing(tmp_path: Path) -> None:
    built_index(tmp_path).close()
    index = open_index(tmp_path / "corpus", tmp_path)
    index.listing()
    other = open_index(tmp_path / "corpus", tmp_path)
    (tmp_path / "corpus" / "zeppelin.md").write_text("# Zeppelin\n\nA zeppelin landed.\n")
    assert other.update().added == 1
    report = index.update()
    assert (report.added, report.unchanged) == (0, len(ARTICLES) + 1)
    assert "zeppelin.md" in [summary.id for summary in index.listing()]
