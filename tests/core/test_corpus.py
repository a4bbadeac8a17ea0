"""Walking a corpus folder: what is an article, what is skipped, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tui.core.article import Skipped
from tui.core.corpus import CorpusFile, display_name, load_corpus, read_file, scan


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def reasons(skipped: list[Skipped]) -> dict[str, str]:
    return {item.id: item.reason for item in skipped}


def test_seed_corpus_loads_both_articles() -> None:
    articles, skipped = load_corpus(SEEDS)
    assert [a.id for a in articles] == ["000_40f09a8b1627295c.txt", "004_817f069a33f82ac9.txt"]
    assert skipped == []


def test_scan_walks_folders_recursively_with_relative_ids(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A\n\nBody.")
    write(tmp_path / "world" / "europe" / "b.md", "# B\n\nBody.")
    ids = [item.rel for item in scan(tmp_path) if isinstance(item, CorpusFile)]
    assert ids == ["a.txt", "world/europe/b.md"]


def test_hidden_files_and_folders_are_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".hidden.txt", "A\n\nBody.")
    write(tmp_path / ".git" / "x.txt", "A\n\nBody.")
    write(tmp_path / "shown.txt", "A\n\nBody.")
    assert [item.rel for item in scan(tmp_path)] == ["shown.txt"]


def test_symlink_out_of_the_root_is_skipped(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.txt", "Secret\n\nDo not read.")
    root = tmp_path / "corpus"
    write(root / "a.txt", "A\n\nBody.")
    (root / "link.txt").symlink_to(outside)
    (root / "linkdir").symlink_to(outside.parent)
    articles, skipped = load_corpus(root)
    assert [a.id for a in articles] == ["a.txt"]
    assert reasons(skipped) == {
        "link.txt": "symlink points outside the corpus",
        "linkdir": "symlink points outside the corpus",
    }


def test_symlink_inside_the_root_is_followed(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A\n\nBody.")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "a.txt")
    articles, _ = load_corpus(tmp_path)
    assert sorted(a.id for a in articles) == ["a.txt", "alias.txt"]


def test_symlink_loop_is_reported_not_followed_forever(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "a.txt", "A\n\nBody.")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path / "sub")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    articles, skipped = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["sub/a.txt"]
    assert "sub/loop" in reasons(skipped) and "self.txt" in reasons(skipped)


def test_bad_files_are_skipped_with_reasons_and_the_rest_load(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "Good\n\nBody.")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "binary.txt", bytes(range(256)))
    write(tmp_path / "photo.png", b"\x89PNG")
    articles, skipped = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["good.txt"]
    assert reasons(skipped) == {
        "binary.txt": "binary file, not text",
        "empty.txt": "empty file",
        "photo.png": "not an article file type (.png)",
    }


def test_file_that_vanished_after_the_scan_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "gone.txt", "Gone\n\nBody.")
    [entry] = [item for item in scan(tmp_path) if isinstance(item, CorpusFile)]
    path.unlink()
    [result] = read_file(entry)
    assert isinstance(result, Skipped) and result.reason.startswith("cannot read")


def test_missing_corpus_folder_is_reported(tmp_path: Path) -> None:
    [result] = list(scan(tmp_path / "nope"))
    assert isinstance(result, Skipped) and "cannot open the corpus folder" in result.reason


def test_display_name_makes_control_characters_and_bad_bytes_visible() -> None:
    assert display_name("a\nb\x1b[2J.txt") == "a\\x0ab\\x1b[2J.txt"
    assert display_name("caf\udce9.txt") == "caf\\xe9.txt"


def test_seed_copies_are_exactly_the_shared_seeds() -> None:
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.fail("../shared/seeds is missing beside the checkout")
    for path in SEEDS.iterdir():
        assert path.read_bytes() == (shared / path.name).read_bytes()
    assert sorted(p.name for p in SEEDS.iterdir()) == sorted(p.name for p in shared.glob("*.txt"))
