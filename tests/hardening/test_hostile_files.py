"""Hostile files end to end: every valid article loads and is searchable, the rest are skipped
with a reason, and nothing raises (through the real index on disk and `broadsheet index`)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.hardening.conftest import (
    NOBODY,
    HugeCorpus,
    ManyFiles,
    broadsheet,
    search_ids,
)
from tests.hardening.hostile import (
    HostileCorpus,
    article_text,
    build_hostile_corpus,
    marker,
)
from tui.core.article import Skipped
from tui.core.corpus import load_corpus
from tui.core.index import ArticleIndex
from tui.core.index import updater as updater_module

UNDECODABLE = "caf\udce9 latin1 name.txt"
"""The id of the article whose file name holds a byte that is not UTF-8."""


def assert_skipped_with_reasons(corpus: HostileCorpus, skipped: dict[str, str]) -> None:
    for ident, words in corpus.skipped.items():
        assert ident in skipped, f"{ident!r} was not reported as skipped"
        reason = skipped[ident].lower()
        assert any(word in reason for word in words), f"{ident!r}: {skipped[ident]!r}"


def without_undecodable_name(corpus: HostileCorpus) -> HostileCorpus:
    """The corpus without the article whose name is not UTF-8 (see its own test)."""
    os.unlink(os.path.join(os.fsencode(corpus.root), b"caf\xe9 latin1 name.txt"))
    del corpus.articles[UNDECODABLE]
    return corpus


def test_hostile_corpus_loads_every_article_and_skips_the_rest_with_reasons(
    hostile: HostileCorpus,
) -> None:
    articles, skipped = load_corpus(hostile.root)
    loaded = {article.id for article in articles}
    # As root the locked file is readable; its refusal is tested as an ordinary user below.
    assert loaded - {hostile.unreadable} == set(hostile.articles)
    assert_skipped_with_reasons(hostile, {item.id: item.reason for item in skipped})
    for article in articles:
        if article.id in hostile.articles:
            assert hostile.articles[article.id] in article.body


def test_hostile_corpus_is_indexed_and_every_article_found_by_its_word(
    hostile: HostileCorpus, tmp_path: Path
) -> None:
    corpus = without_undecodable_name(hostile)
    with ArticleIndex.open(corpus.root, tmp_path / "index") as index:
        report = index.update()
        assert_skipped_with_reasons(corpus, {item.id: item.reason for item in report.skipped})
        listed = {summary.id for summary in index.listing()}
        assert listed - {corpus.unreadable} == set(corpus.articles)
        for ident, word in corpus.articles.items():
            assert ident in search_ids(index, word), f"{ident!r} not found by {word!r}"
        # The reasons survive a restart (the reader's skipped view reads them back).
        saved = {item.id: item.reason for item in index.skipped()}
    assert_skipped_with_reasons(corpus, saved)


def test_article_with_an_undecodable_file_name_is_indexed_and_found(
    hostile: HostileCorpus, tmp_path: Path
) -> None:
    with ArticleIndex.open(hostile.root, tmp_path / "index") as index:
        report = index.update()
        assert UNDECODABLE not in {item.id for item in report.skipped}
        assert search_ids(index, hostile.articles[UNDECODABLE]) == [UNDECODABLE]
        loaded = index.load_article(UNDECODABLE)
        assert hostile.articles[UNDECODABLE] in getattr(loaded, "body", "")


def test_article_with_an_undecodable_file_name_is_updated_and_removed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    path = os.path.join(os.fsencode(root), b"r\xe9sum\xe9.txt")
    ident = "r\udce9sum\udce9.txt"
    with open(path, "w") as out:
        out.write(article_text("First", marker(1)))
    with ArticleIndex.open(root, tmp_path / "index") as index:
        index.update()
        assert search_ids(index, marker(1)) == [ident]
        time.sleep(0.01)
        with open(path, "w") as out:
            out.write(article_text("Second", marker(2), paragraphs=3))
        assert index.update().updated == 1
        assert (search_ids(index, marker(1)), search_ids(index, marker(2))) == ([], [ident])
        os.unlink(path)
        assert index.update().removed == 1
        assert search_ids(index, marker(2)) == [] and index.listing() == []


def test_skipped_file_with_an_undecodable_name_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text(article_text("Good", "fine"))
    Path(os.fsdecode(os.fsencode(root) + b"/bin\xff.txt")).write_bytes(b"\x00\x01\x02")
    with ArticleIndex.open(root, tmp_path / "index") as index:
        report = index.update()
        assert {item.id: item.reason for item in report.skipped} == {
            "bin\udcff.txt": "binary file, not text"
        }
        assert [item.id for item in index.skipped()] == ["bin\udcff.txt"]


def test_index_json_reports_every_skipped_file_as_an_ordinary_user(open_tmp: Path) -> None:
    """`broadsheet index --json` run without root's rights, so a 0000 file is unreadable."""
    corpus = without_undecodable_name(build_hostile_corpus(open_tmp / "corpus"))
    corpus.skipped[str(corpus.unreadable)] = ("permission denied",)
    home = open_tmp / "home"
    home.mkdir(mode=0o777)
    home.chmod(0o777)
    result = broadsheet("index", "--json", str(corpus.root), home=home, user=NOBODY)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    report = json.loads(result.stdout)
    skipped = {item["id"]: item["reason"] for item in report["skipped"]}
    assert_skipped_with_reasons(corpus, skipped)
    assert set(skipped) == set(corpus.skipped)
    search = broadsheet(
        "search", corpus.articles["hostile.json"], "--json", "--corpus", str(corpus.root),
        home=home, user=NOBODY,
    )  # fmt: skip
    assert search.returncode == 0, search.stderr.decode(errors="replace")
    assert [json.loads(line)["id"] for line in search.stdout.splitlines()] == ["hostile.json"]


def test_index_json_survives_an_undecodable_file_name(tmp_path: Path) -> None:
    corpus = build_hostile_corpus(tmp_path / "corpus")
    home = tmp_path / "home"
    home.mkdir()
    result = broadsheet("index", "--json", str(corpus.root), home=home)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    report = json.loads(result.stdout)
    assert UNDECODABLE not in {item["id"] for item in report["skipped"]}
    word = corpus.articles[UNDECODABLE]
    search = broadsheet("search", word, "--json", "--corpus", str(corpus.root), home=home)
    assert search.returncode == 0, search.stderr.decode(errors="replace")
    # The name comes back as it is on disk (its odd byte as a \udcXX escape in the JSON).
    [hit] = [json.loads(line) for line in search.stdout.splitlines()]
    assert hit["id"] == UNDECODABLE and os.path.exists(os.fsencode(hit["path"]))


def test_ten_thousand_files_in_one_folder_are_all_indexed(
    many_files: ManyFiles, tmp_path: Path
) -> None:
    with ArticleIndex.open(many_files.root, tmp_path / "index", entities="none") as index:
        report = index.update()
        assert (report.added, report.skipped) == (len(many_files.words), [])
        assert len(index.listing()) == len(many_files.words)
        for ident in ("one-folder/item-00000.txt", "one-folder/item-09999.txt"):
            assert search_ids(index, many_files.words[ident]) == [ident]
        assert index.update().unchanged == len(many_files.words)


def test_a_fifty_megabyte_article_is_indexed_and_found(huge_corpus: HugeCorpus) -> None:
    with ArticleIndex.open(huge_corpus.root, huge_corpus.index_dir) as index:
        assert search_ids(index, huge_corpus.word) == [huge_corpus.article_id]
        assert search_ids(index, "committee insurers") == [huge_corpus.article_id]


def test_file_deleted_or_rewritten_while_being_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    for name in ("stays", "vanishes", "rewritten"):
        (root / f"{name}.txt").write_text(article_text(name.title(), marker(len(name))))
    old_word, new_word = marker(len("rewritten")), marker(500)
    planned = updater_module.plan_update

    def plan_then_change(corpus: Path, manifest: object) -> updater_module.UpdatePlan:
        plan = planned(corpus, manifest)  # type: ignore[arg-type]
        # Between the scan and the reading of the files, one goes and one changes.
        (root / "vanishes.txt").unlink()
        (root / "rewritten.txt").write_text(article_text("Rewritten", new_word, paragraphs=5))
        return plan

    monkeypatch.setattr(updater_module, "plan_update", plan_then_change)
    with ArticleIndex.open(root, tmp_path / "index") as index:
        report = index.update()
        assert {item.id: item.reason for item in report.skipped} == {
            "vanishes.txt": "cannot read: No such file or directory"
        }
        assert search_ids(index, new_word) == ["rewritten.txt"]
        assert search_ids(index, old_word) == []
        monkeypatch.setattr(updater_module, "plan_update", planned)
        again = index.update()
        assert again.skipped == []
        assert sorted(s.id for s in index.listing()) == ["rewritten.txt", "stays.txt"]
        assert search_ids(index, new_word) == ["rewritten.txt"]
        # The rewritten file is not read again: what was indexed is what is on disk.
        assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_a_file_growing_while_it_is_read_is_indexed_as_read_then_updated(
    tmp_path: Path,
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    path = root / "growing.txt"
    path.write_text(article_text("Growing", marker(1)))
    with ArticleIndex.open(root, tmp_path / "index") as index:
        index.update()
        time.sleep(0.01)
        with open(path, "a") as out:
            out.write(f"\nA late paragraph with {marker(2)}.\n")
        assert index.update().updated == 1
        assert search_ids(index, marker(2)) == ["growing.txt"]


def test_a_hit_in_a_huge_article_is_matched_without_reading_all_of_it(
    huge_corpus: HugeCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core import library as library_module
    from tui.core.index import snippets

    read: list[int] = []
    scan = snippets._words_starting

    def counting(text: str, leads: tuple[str, ...]) -> list[tuple[tuple[int, int], str]]:
        read.append(len(text))
        assert len(text) <= 1_000_000, f"scanned {len(text):,} characters to find matches"
        return scan(text, leads)

    monkeypatch.setattr(snippets, "_words_starting", counting)
    library = library_module.Library(huge_corpus.root, huge_corpus.index_dir)
    library.open()
    try:
        [hit] = library.search(huge_corpus.word).hits
        assert hit.snippet is not None and huge_corpus.word in hit.snippet.text
        opened = library.open_article(huge_corpus.article_id, huge_corpus.word)
        assert not isinstance(opened, Skipped) and opened.body_matches[0][0] < 100
    finally:
        library.close()
    assert read, "matches were not looked for"
