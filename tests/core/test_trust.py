"""Trust boundaries: what Broadsheet loads as code comes only from folders the user alone writes.

The index's Whoosh files are pickles and the name-table cache is marshal data. A folder (or
file) another user owns or can write is refused with a one-line reason, and what is in it is
never loaded: a planted pickle that would create a file when unpickled leaves no file.
"""

from __future__ import annotations

import os
import pickle
import pwd
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import (
    ARTICLES,
    Planted,
    built_index,
    open_index,
    plant_table_of_contents,
    write_corpus,
)
from tui.core.entities import gazetteer as gz
from tui.core.index import ArticleIndex, IndexUnavailable
from tui.core.index.manifest import LEGACY_FILES
from tui.core.paths import cache_dir, state_file
from tui.core.state import ReadingState, StateStore
from tui.core.trust import UntrustedFolder, check_folder, make_private_folder

NOBODY = pwd.getpwnam("nobody").pw_uid


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process umask after a test that changes it."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def everything_under(folder: Path) -> list[Path]:
    return [folder, *folder.rglob("*")]


# -- private by default ------------------------------------------------------------------


@pytest.mark.fresh_name_tables  # the name-table cache is written under the umask too
@pytest.mark.parametrize("mask", [0o000, 0o022, 0o077])
def test_the_index_cache_and_state_are_private_whatever_the_umask(
    mask: int, tmp_path: Path, umask: None
) -> None:
    corpus = write_corpus(tmp_path)
    gz._tables.cache_clear()  # so that this process writes the name-table cache again
    os.umask(mask)
    index = ArticleIndex.open(corpus)  # the default location, in the user cache
    index.update()
    index.close()
    StateStore(state_file(corpus)).save(ReadingState(read={"putin-peace.md"}))
    assert index.folder.is_relative_to(cache_dir())
    made = everything_under(cache_dir()) + everything_under(state_file(corpus).parents[1])
    assert any(path.suffix == ".seg" for path in made)
    assert any(path.name.startswith("gazetteer-") for path in made)
    for path in made:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


@pytest.mark.parametrize("mask", [0o000, 0o077])
def test_the_default_location_opens_and_searches_whatever_the_umask(
    mask: int, tmp_path: Path, umask: None
) -> None:
    corpus = write_corpus(tmp_path)
    os.umask(mask)
    ArticleIndex.open(corpus).update()
    reopened = ArticleIndex.open(corpus)
    assert reopened.notices == []
    assert "putin-peace.md" in [hit.id for hit in reopened.search("putin").hits]


def test_make_private_folder_makes_missing_parents_private_too(tmp_path: Path, umask: None) -> None:
    os.umask(0)
    make_private_folder(tmp_path / "a" / "b")
    assert mode(tmp_path / "a") == mode(tmp_path / "a" / "b") == 0o700


# -- refusing folders and files others could have written ---------------------------------


def loosen(target: Path, how: str) -> None:
    """Make `target` writable by the group, or give it to `nobody`."""
    if how == "group-writable":
        os.chmod(target, mode(target) | 0o020)
    else:
        os.chown(target, NOBODY, -1)


@pytest.mark.parametrize("how", ["group-writable", "owned by nobody"])
def test_an_index_folder_others_could_write_is_refused_with_what_to_do(
    how: str, tmp_path: Path
) -> None:
    folder = tmp_path / "index"
    folder.mkdir(mode=0o755)
    loosen(folder, how)
    with pytest.raises(IndexUnavailable) as refused:
        open_index(write_corpus(tmp_path), tmp_path)
    message = str(refused.value)
    assert "\n" not in message
    assert str(folder) in message and "default location" in message
    if how == "group-writable":
        assert "owner root, mode 0775" in message and f"`chmod 700 {folder}`" in message
    else:
        assert "belongs to nobody" in message and "mode 0755" in message
    assert os.listdir(folder) == []  # nothing was created in it either


def test_the_planted_pickle_runs_when_it_is_loaded(tmp_path: Path) -> None:
    """The control for the tests below: in a private folder the planted file IS unpickled
    (and the index, which it damaged, rebuilt), so a marker absent there means not loaded."""
    built_index(tmp_path).close()
    marker = tmp_path / "pwned"
    plant_table_of_contents(tmp_path / "index", marker)
    open_index(tmp_path / "corpus", tmp_path).close()
    assert marker.exists()


@pytest.mark.parametrize("how", ["group-writable", "owned by nobody"])
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_planted_pickle_where_others_could_write_is_never_loaded(
    how: str, what: str, tmp_path: Path
) -> None:
    built_index(tmp_path).close()
    folder = tmp_path / "index"
    marker = tmp_path / "pwned"
    toc = plant_table_of_contents(folder, marker)
    loosen(folder if what == "folder" else toc, how)
    with pytest.raises(IndexUnavailable, match="not loading") as refused:
        open_index(tmp_path / "corpus", tmp_path)
    assert str(folder if what == "folder" else toc) in str(refused.value)
    assert not marker.exists()
    assert toc.exists()  # refused, not "repaired" by deleting someone else's files


def test_a_segment_file_others_could_write_is_not_searched(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    index.close()
    for segment in (tmp_path / "index").glob("*.seg"):
        loosen(segment, "owned by nobody")
    with pytest.raises(IndexUnavailable, match="belongs to nobody") as refused:
        open_index(tmp_path / "corpus", tmp_path)
    assert str(refused.value).endswith(
        "remove it (what it held is rebuilt) or use the default location"
    )
    for segment in (tmp_path / "index").glob("*.seg"):
        segment.unlink()
    rebuilt = open_index(tmp_path / "corpus", tmp_path)
    assert rebuilt.update().added == len(ARTICLES)


def test_an_old_pickled_manifest_is_never_read_and_the_index_is_rebuilt(tmp_path: Path) -> None:
    built_index(tmp_path).close()
    marker = tmp_path / "pwned"
    for name in LEGACY_FILES:
        (tmp_path / "index" / name).write_bytes(pickle.dumps(Planted(marker)))
    index = open_index(tmp_path / "corpus", tmp_path)
    assert any("older Broadsheet" in notice for notice in index.notices)
    assert index.update().added == len(ARTICLES)
    assert not marker.exists()
    assert not any((tmp_path / "index" / name).exists() for name in LEGACY_FILES)
    assert "putin-peace.md" in [hit.id for hit in index.search("putin").hits]


def test_our_default_folder_left_open_is_closed_and_rebuilt_not_loaded(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    first = ArticleIndex.open(corpus)
    first.update()
    first.close()
    marker = tmp_path / "pwned"
    plant_table_of_contents(first.folder, marker)
    os.chmod(first.folder, 0o777)  # as an older Broadsheet made it under umask 0
    index = ArticleIndex.open(corpus)
    assert any("writable by others" in notice for notice in index.notices)
    assert mode(index.folder) == 0o700
    assert index.update().added == len(ARTICLES)
    assert not marker.exists()


def test_check_folder_accepts_a_private_folder_and_names_the_owner_of_another(
    tmp_path: Path,
) -> None:
    check_folder(tmp_path)
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, NOBODY, -1)
    with pytest.raises(UntrustedFolder) as refused:
        check_folder(theirs)
    assert (refused.value.owner, refused.value.mode, refused.value.yours) == (
        "nobody",
        0o700,
        False,
    )


# -- the name-table cache -----------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn() -> gz.Tables:
    return gz._draw_tables()


@pytest.mark.parametrize(
    "loosened", ["file owned by nobody", "file group-writable", "folder writable by all"]
)
def test_a_name_table_cache_others_could_write_is_not_read(loosened: str, drawn: gz.Tables) -> None:
    path = gz._cache_path()
    assert path is not None
    gz._write_cache(path, drawn)
    assert gz._read_cache(path) == drawn  # the control: the user's own cache is read
    if loosened == "file owned by nobody":
        os.chown(path, NOBODY, -1)
    elif loosened == "file group-writable":
        os.chmod(path, 0o620)
    else:
        os.chmod(path.parent, 0o777)
    assert gz._read_cache(path) is None
    assert gz._tables.__wrapped__() == drawn  # drawn again from the data packages
