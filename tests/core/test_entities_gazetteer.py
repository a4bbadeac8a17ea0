"""The recognizer's name lists and the cache file that spares each process drawing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.entities import gazetteer as gz

pytestmark = pytest.mark.fresh_name_tables  # these tests write and read the cache themselves


@pytest.fixture(scope="module")
def drawn() -> gz.Tables:
    return gz._draw_tables()


def test_tables_read_back_from_the_cache_equal_the_drawn_ones(
    drawn: gz.Tables, tmp_path: Path
) -> None:
    path = tmp_path / "gazetteer-test.marshal"
    gz._write_cache(path, drawn)
    assert gz._read_cache(path) == drawn


def test_first_use_writes_the_cache_and_the_next_reads_it(drawn: gz.Tables) -> None:
    path = gz._cache_path()
    assert path is not None and not path.exists()
    assert gz._tables.__wrapped__() == drawn
    assert path.exists()
    assert gz._read_cache(path) == drawn


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"\xe9" * 100])
def test_a_damaged_cache_is_drawn_again_and_replaced(drawn: gz.Tables, content: bytes) -> None:
    path = gz._cache_path()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    assert gz._read_cache(path) is None
    assert gz._tables.__wrapped__() == drawn
    assert gz._read_cache(path) == drawn


def test_a_cache_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    import marshal

    path = tmp_path / "gazetteer-test.marshal"
    path.write_bytes(marshal.dumps(({"paris": "GPE"}, {}, ("word",))))
    assert gz._read_cache(path) is None


def test_a_cache_for_other_data_is_removed_when_a_new_one_is_written(
    drawn: gz.Tables, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = gz._cache_path()
    assert current is not None
    monkeypatch.setattr(gz, "_CACHE_FORMAT", -1)
    older = gz._cache_path()
    assert older is not None and older != current
    gz._write_cache(older, drawn)
    monkeypatch.undo()
    gz._write_cache(current, drawn)
    assert current.exists() and not older.exists()


def test_an_unwritable_cache_folder_only_costs_speed(
    drawn: gz.Tables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert gz._tables.__wrapped__() == drawn
    assert blocker.read_text() == "a file where the cache folder should be"


def test_lookups_use_the_tables() -> None:
    assert gz.places()["nairobi"] == "GPE"
    assert "france" in gz.countries()
    assert gz.is_common_word("Walking")
    assert "Vladimir" in gz.given_names()
