"""A later launch lists the articles from the index's manifest before the index is opened,
and only when that listing is the one opening the index would give."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import write_corpus
from tui.core.index import SCHEMA_VERSION, ArticleIndex, store
from tui.core.index import saved_listing as saved_listing_module
from tui.core.index.manifest import Manifest, load_manifest, save_manifest
from tui.core.index.saved_listing import META_FILE, latest_generation, saved_listing
from tui.core.library import Library


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture corpus and its index, built once for the module: (corpus, index folder)."""
    root = tmp_path_factory.mktemp("saved-listing")
    corpus = write_corpus(root)
    with ArticleIndex.open(corpus, root / "index") as index:
        index.update()
    return corpus, root / "index"


@pytest.fixture
def index_folder(built: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the built index for one test to change."""
    return Path(shutil.copytree(built[1], tmp_path / "index"))


def test_the_saved_listing_is_what_the_opened_index_lists(
    built: tuple[Path, Path], index_folder: Path
) -> None:
    corpus = built[0]
    saved = saved_listing(corpus, index_folder)
    with ArticleIndex.open(corpus, index_folder) as index:
        assert saved == index.listing()
    assert len(saved) >= 3
    assert all(summary.path.is_absolute() and summary.path.exists() for summary in saved)
    assert not any(summary.pending for summary in saved)


def test_the_library_reads_it_from_the_folder_it_opens(
    built: tuple[Path, Path], index_folder: Path
) -> None:
    library = Library(built[0], index_folder)
    saved = library.saved_listing()
    assert library.index is None  # read without opening the index
    library.open()
    assert saved == library.listing() != []
    library.close()


def test_there_is_none_before_the_first_index(built: tuple[Path, Path], tmp_path: Path) -> None:
    assert saved_listing(built[0], tmp_path / "no-index-yet") == []
    (tmp_path / "empty").mkdir(mode=0o700)
    assert saved_listing(built[0], tmp_path / "empty") == []


def test_there_is_none_for_an_index_of_another_schema_version(
    built: tuple[Path, Path], index_folder: Path
) -> None:
    meta = json.loads((index_folder / META_FILE).read_text(encoding="utf-8"))
    meta["schema_version"] = SCHEMA_VERSION - 1
    (index_folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    assert saved_listing(built[0], index_folder) == []
    (index_folder / META_FILE).unlink()
    assert saved_listing(built[0], index_folder) == []


def test_there_is_none_when_the_manifest_describes_an_older_commit(
    built: tuple[Path, Path], index_folder: Path
) -> None:
    # As after a crash between the index's commit and the manifest's save.
    manifest = load_manifest(index_folder)
    assert manifest is not None and manifest.generation == latest_generation(index_folder)
    manifest.generation -= 1
    save_manifest(index_folder, manifest)
    assert saved_listing(built[0], index_folder) == []


def test_there_is_none_from_a_damaged_manifest(
    built: tuple[Path, Path], index_folder: Path
) -> None:
    (index_folder / "manifest.json").write_bytes(b'{"format": 2, "generation": ')
    assert saved_listing(built[0], index_folder) == []


def test_there_is_none_from_a_folder_others_can_write(
    built: tuple[Path, Path], index_folder: Path
) -> None:
    os.chmod(index_folder, 0o777)
    assert saved_listing(built[0], index_folder) == []
    os.chmod(index_folder, 0o700)
    assert saved_listing(built[0], index_folder) != []


def test_a_later_launch_reads_the_manifest_once(
    built: tuple[Path, Path], index_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The saved listing, then the index opened, listed and brought up to date.
    reads: list[Path] = []

    def counted(folder: Path) -> Manifest | None:
        reads.append(folder)
        return load_manifest(folder)

    monkeypatch.setattr(saved_listing_module, "load_manifest", counted)
    monkeypatch.setattr(store, "load_manifest", counted)
    library = Library(built[0], index_folder)
    saved = library.saved_listing()
    library.open()
    assert library.listing() == saved
    report = library.update()
    assert report is not None and (report.unchanged, len(reads)) == (len(saved), 1)
    library.close()


def test_a_manifest_changed_after_the_saved_listing_is_read_again(
    built: tuple[Path, Path], index_folder: Path
) -> None:
    library = Library(built[0], index_folder)
    saved = library.saved_listing()
    # Another broadsheet's update lands between the saved listing and the opening.
    (built[0] / "zeppelin.md").write_text("# Zeppelin\n\nA zeppelin landed.\n")
    try:
        with ArticleIndex.open(built[0], index_folder) as other:
            assert other.update().added == 1
        library.open()
        listed = [summary.id for summary in library.listing()]
        assert "zeppelin.md" in listed and len(listed) == len(saved) + 1
        library.close()
    finally:
        (built[0] / "zeppelin.md").unlink()


def test_the_saved_listing_is_read_without_loading_whoosh(built: tuple[Path, Path]) -> None:
    # Read before the first frame: Whoosh (even the part the schema module loads) waits.
    corpus, index_folder = built
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tui.core.index.saved_listing import saved_listing\n"
        f"listed = saved_listing(Path({str(corpus)!r}), Path({str(index_folder)!r}))\n"
        "print(len(listed), sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'"
        " or m == 'tui.core.index.schema'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"{len(saved_listing(corpus, index_folder))} []"
    assert saved_listing(corpus, index_folder) != []
