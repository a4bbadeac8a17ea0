"""What an update reports: articles added, updated and removed, and what was skipped.

A file counts for as many articles as it holds (a JSON list of three entries is three), a
file whose every part was skipped adds nothing, and files without an article extension
(LICENSE, README, COPYING) are not articles at all.
"""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.corpus import CorpusFile, scan
from tui.core.index import ArticleIndex

GOOD = "# {title}\n\nBy Staff\n\nMarch 3, 2026\n\nThe council met about the {word} today.\n"


def _write(folder: Path, files: dict[str, str | bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _entries(*words: str) -> str:
    return json.dumps(
        [{"title": f"Entry {w}", "text": f"A long enough entry about the {w}."} for w in words]
    )


def _index(tmp_path: Path) -> ArticleIndex:
    return ArticleIndex.open(tmp_path / "corpus", tmp_path / "index", entities="none")


def test_files_without_an_extension_are_not_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, {"LICENSE": "MIT License\n\nPermission is hereby granted...\n",
                    "README": "# Notes\n\nWhat this folder is.\n", "COPYING": "GPL\n",
                    "story.txt": GOOD.format(title="Story", word="budget")})  # fmt: skip
    found = list(scan(corpus))
    assert [item.rel for item in found if isinstance(item, CorpusFile)] == ["story.txt"]
    reasons = {item.id: item.reason for item in found if not isinstance(item, CorpusFile)}
    assert set(reasons) == {"LICENSE", "README", "COPYING"}
    assert all("no extension" in reason for reason in reasons.values())
    index = _index(tmp_path)
    report = index.update()
    assert (report.added, report.articles, len(report.skipped)) == (1, 1, 3)
    assert [summary.id for summary in index.listing()] == ["story.txt"]
    assert index.search("permission").total == 0


def test_a_file_that_was_skipped_is_not_counted_as_added(tmp_path: Path) -> None:
    _write(tmp_path / "corpus", {
        "one.txt": GOOD.format(title="One", word="harbour"),
        "two.md": GOOD.format(title="Two", word="budget"),
        "empty.txt": "",
        "binary.txt": b"\x00\x01\x02\xff" * 50,
    })  # fmt: skip
    index = _index(tmp_path)
    report = index.update()
    assert len(index.listing()) == 2
    assert (report.added, report.articles) == (2, 2)
    assert sorted(item.id for item in report.skipped) == ["binary.txt", "empty.txt"]


def test_entries_of_a_json_file_are_counted_one_by_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, {"feed.json": _entries("harbour", "budget", "tariff")})
    index = _index(tmp_path)
    first = index.update()
    assert (first.added, first.updated, first.removed, first.articles) == (3, 0, 0, 3)
    # Entries are numbered by place: the first three were read again (their file changed), a
    # fourth is new.
    _write(corpus, {"feed.json": _entries("harbour", "budget", "railway", "summit")})
    second = index.update()
    assert len(index.listing()) == 4
    assert (second.added, second.updated, second.removed, second.unchanged) == (1, 3, 0, 0)
    _write(corpus, {"feed.json": _entries("harbour", "budget")})
    third = index.update()
    assert (third.added, third.updated, third.removed, third.articles) == (0, 2, 2, 2)


def test_unchanged_removed_and_renamed_files_are_counted_in_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, {"feed.json": _entries("harbour", "budget"),
                    "a.txt": GOOD.format(title="A", word="tariff"),
                    "b.txt": GOOD.format(title="B", word="summit")})  # fmt: skip
    index = _index(tmp_path)
    assert index.update().added == 4
    again = index.update()
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 4)
    (corpus / "feed.json").unlink()
    (corpus / "a.txt").rename(corpus / "renamed.txt")
    report = index.update()
    assert report.renamed == {"a.txt": "renamed.txt"}
    assert (report.added, report.removed, report.unchanged, report.articles) == (0, 2, 1, 2)


def test_a_cancelled_update_counts_only_what_it_committed(tmp_path: Path) -> None:
    _write(tmp_path / "corpus", {f"n{i:03d}.txt": GOOD.format(title=f"N{i}", word="budget")
                                 for i in range(120)})  # fmt: skip
    index = _index(tmp_path)
    batches = 0

    def progress(_: object) -> None:
        nonlocal batches
        batches += 1

    report = index.update(progress=progress, is_cancelled=lambda: batches >= 1)
    assert report.cancelled
    assert 0 < report.added == report.articles == len(index.listing()) < 120
