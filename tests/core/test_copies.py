"""One story once: copies found at index time, kept beside the index, updated with it."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import doj_bodies, open_index, run_cli, write_copies_corpus
from tui.core.index import ArticleIndex, Copies, collapse, with_copies
from tui.core.index.copies import (
    COPIES_FILE,
    CopyTable,
    load_table,
    names,
    new_names,
    signature,
    stored_bodies,
)
from tui.core.views import unread_count


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The planted corpus and a folder holding its built index (copied per test)."""
    root = tmp_path_factory.mktemp("copies")
    corpus = write_copies_corpus(root / "corpus")
    with open_index(corpus, root / "built") as index:
        index.update()
    return corpus, root / "built" / "index"


@pytest.fixture()
def index(built: tuple[Path, Path], tmp_path: Path) -> ArticleIndex:
    corpus, folder = built
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copytree(folder, tmp_path / "index")
    return ArticleIndex.open(tmp_path / "corpus", tmp_path / "index")


def test_exact_wire_and_edited_copies_group_and_same_topic_stories_do_not(
    index: ArticleIndex,
) -> None:
    copies = index.copies()
    assert copies.of("tax-a.json") == ("tax-a-exact.json", "tax-a-wire.json", "tax-a.json")
    assert copies.of("tax-b.json") == ("tax-b-edited.json", "tax-b.json")
    # Distinct releases on the same subject share boilerplate but are not copies.
    for alone in ("tax-c.json", "other-0.json", "other-1.json", "other-2.json"):
        assert copies.of(alone) == (alone,)
    assert copies.stories() == 2


def test_copies_are_kept_beside_the_index_privately_and_without_pickles(
    index: ArticleIndex,
) -> None:
    path = index.folder / COPIES_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as archive:
        meta = json.loads(archive["meta"].tobytes())
    assert len(meta["ids"]) == 9
    assert ["tax-b-edited.json", "tax-b.json"] in meta["pairs"]


def test_a_removed_copy_leaves_its_group_and_an_added_one_joins(index: ArticleIndex) -> None:
    corpus = index.corpus
    (corpus / "tax-a-exact.json").unlink()
    shutil.copy(corpus / "tax-c.json", corpus / "tax-c-again.json")
    index.update()
    copies = index.copies()
    assert copies.of("tax-a.json") == ("tax-a-wire.json", "tax-a.json")
    assert copies.of("tax-c.json") == ("tax-c-again.json", "tax-c.json")


def test_a_copy_rewritten_as_another_story_leaves_its_group(index: ArticleIndex) -> None:
    corpus = index.corpus
    other = json.loads((corpus / "other-1.json").read_text(encoding="utf-8"))
    (corpus / "tax-b-edited.json").write_text(json.dumps(other), encoding="utf-8")
    index.update()
    copies = index.copies()
    assert copies.of("tax-b.json") == ("tax-b.json",)
    assert copies.of("other-1.json") == ("other-1.json", "tax-b-edited.json")


def test_a_lost_copies_file_is_made_again_from_the_stored_bodies(index: ArticleIndex) -> None:
    (index.folder / COPIES_FILE).unlink()
    assert index.copies() == Copies()
    index.update()  # nothing changed in the corpus: every signature comes from the index
    assert index.copies().of("tax-b.json") == ("tax-b-edited.json", "tax-b.json")


def test_a_copies_file_others_could_write_is_not_loaded(index: ArticleIndex) -> None:
    path = index.folder / COPIES_FILE
    os.chmod(path, 0o666)
    assert index.copies() == Copies()


def test_a_damaged_copies_file_is_ignored_and_rebuilt(index: ArticleIndex) -> None:
    (index.folder / COPIES_FILE).write_bytes(b"not an archive")
    assert load_table(index.folder) is None
    index.update()
    assert index.copies().stories() == 2


def test_a_short_body_has_no_signature_and_no_copies() -> None:
    assert signature("Read more.") is None
    table = CopyTable()
    table.update(["a", "b"], {"a": signature("Read more."), "b": signature("Read more.")})
    assert table.copies().groups == {}


def test_collapse_keeps_the_first_copy_in_the_order_given() -> None:
    copies = CopyTable(pairs={("a", "b"), ("a", "c"), ("b", "c")}).copies()
    assert collapse(["c", "x", "a", "b"], copies) == [("c", 2), ("x", 0)]
    assert with_copies(["a", "x"], copies) == {"a", "b", "c", "x"}


def test_search_counts_each_story_once_unless_every_copy_is_asked_for(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, folder = built
    shutil.copytree(folder, tmp_path / "index")
    common = ("--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "--json")
    once = run_cli("search", "tax", *common, cwd=tmp_path)
    every = run_cli("search", "tax", "--all-copies", *common, cwd=tmp_path)
    once_ids = [json.loads(line)["id"] for line in once.stdout.splitlines()]
    every_ids = [json.loads(line)["id"] for line in every.stdout.splitlines()]
    assert set(every_ids) > set(once_ids)
    assert len(every_ids) == len(once_ids) + 3  # the two of tax-a and the one of tax-b
    rows = [json.loads(line) for line in once.stdout.splitlines()]
    of_a = next(row for row in rows if row["id"].startswith("tax-a"))
    assert len(of_a["copies"]) == 2


def test_an_update_that_changes_nothing_leaves_the_copies_file_alone(index: ArticleIndex) -> None:
    path = index.folder / COPIES_FILE
    before = os.stat(path).st_mtime_ns
    index.update()
    assert os.stat(path).st_mtime_ns == before


def test_an_update_that_changes_nothing_does_not_read_the_signatures(
    index: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The signatures are most of the file (85 MB at 100,000 articles); the ids say whether
    # the table already holds every article.
    from tui.core.index import copies as module

    reads: list[Path] = []
    real_load = module.load_table

    def recording_load(folder: Path) -> CopyTable | None:
        reads.append(folder)
        return real_load(folder)

    monkeypatch.setattr(module, "load_table", recording_load)
    index.update()
    assert reads == []
    os.remove(index.corpus / "other-2.json")
    index.update()
    assert reads == [index.folder]
    assert "other-2.json" not in (load_table(index.folder) or CopyTable()).signatures


def test_the_reader_takes_the_groups_from_the_ids_and_pairs_alone(index: ArticleIndex) -> None:
    table = load_table(index.folder)
    assert table is not None and table.pairs
    assert index.copies() == table.copies()


def test_a_copies_file_cut_short_is_ignored_and_rebuilt(index: ArticleIndex) -> None:
    path = index.folder / COPIES_FILE
    path.write_bytes(path.read_bytes()[:300])  # a zip archive's start, then nothing
    assert load_table(index.folder) is None
    index.update()
    assert index.copies().stories() == 2


def test_stored_bodies_are_read_by_id_or_in_one_pass(index: ArticleIndex) -> None:
    real = ["tax-a.json", "tax-b.json"]
    few = dict(stored_bodies(index._ix, real))
    many = dict(stored_bodies(index._ix, real + [f"gone-{n}.json" for n in range(60)]))
    assert set(few) == set(many) == set(real)
    assert few == many and all(len(body.split()) > 100 for body in few.values())


def test_a_saved_search_counts_each_unread_story_once(index: ArticleIndex) -> None:
    copies = index.copies()
    every = unread_count(index, "tax", set(), set())
    once = unread_count(index, "tax", set(), set(), copies)
    assert every == once + 3
    read = {"tax-b.json", "tax-b-edited.json"}
    assert unread_count(index, "tax", read, set(), copies) == once - 1


def test_copies_do_not_chain_an_article_joins_a_group_it_is_mostly_a_copy_of() -> None:
    # b is like a and like c, but c is not like a: a and c are never one story.
    chain = CopyTable(pairs={("a", "b"), ("b", "c")}).copies()
    assert chain.of("a") == chain.of("b") == ("a", "b")
    assert chain.of("c") == ("c",)
    longer = CopyTable(pairs={("a", "b"), ("b", "c"), ("c", "d")}).copies()
    assert longer.of("b") == longer.of("c") == ("b", "c")
    assert longer.of("a") == ("a",) and longer.of("d") == ("d",)
    # An article like the head and more than half of a group joins it.
    story = CopyTable(pairs={("z", "a"), ("z", "b"), ("z", "c"), ("a", "b"), ("b", "c")})
    assert story.copies().of("c") == ("a", "b", "c", "z")


def _election_release(county: str, town: str, day: str, opening: str = "") -> str:
    """A templated release, the same words about another county, town and date."""
    return (
        f"{opening}The Justice Department announced today that it will monitor the "
        f"{day} election in {county} County, where federal observers will watch the polls "
        f"in {town} and nearby precincts. Under the Voting Rights Act, the Civil Rights "
        "Division is authorized to ask the Office of Personnel Management to send observers "
        "to watch polling places in jurisdictions certified by the Attorney General or by a "
        "federal court. The observers watch and record activities during voting hours, and "
        "Civil Rights Division attorneys coordinate the federal activities and maintain "
        "contact with local election officials. Each year the Division monitors elections "
        "across the country, and complaints about the voting process may be reported to the "
        "Voting Section of the Civil Rights Division at its toll-free number. Individuals "
        f"with questions about the {day} election in {county} County may also contact the "
        f"local election office in {town} or the United States Attorney for the district."
    )


def test_a_templated_release_about_other_names_is_not_a_copy() -> None:
    first = _election_release("Holmes", "Lexington", "June 4", "WASHINGTON ")
    other = _election_release("Pike", "Magnolia", "June 11", "WASHINGTON ")
    again = _election_release("Holmes", "Lexington", "June 4", "JACKSON, Miss. (Wire) Today: ")
    table = CopyTable()
    table.update(["first", "other", "again"], {
        "first": signature(first), "other": signature(other), "again": signature(again)
    })  # fmt: skip
    assert new_names(names(first), names(other)) >= 3
    # The text alone would call it a copy: the shingles overlap by far more than 70%.
    assert len(set(first.split()) & set(other.split())) / len(set(first.split())) > 0.9
    copies = table.copies()
    assert copies.of("other") == ("other",)
    # Another opening line on the same release still makes a copy.
    assert copies.of("first") == ("again", "first")


def test_names_changed_at_the_start_or_end_only_or_held_elsewhere_do_not_count() -> None:
    body = names(
        "Smith met Jones in Ohio on May 2, 2013. Brown said 40 people came from Dayton, "
        "Akron and Toledo to hear Judge Green in Columbus."
    )
    assert len(body) == 14
    assert new_names([7, 8, *body], body) == 0  # a new opening
    assert new_names(body, body[:-3]) == 0  # cut short
    moved = [*body[:5], body[0], *body[6:]]  # a name replaced by one held elsewhere
    assert new_names(body, moved) == 1
    assert new_names(body, [*body[:5], 1, 2, 3, *body[8:]]) == 3


def test_real_templated_releases_stay_apart_and_a_reissued_release_is_one_story() -> None:
    # Labelled in benchmarks/copies_labels.json: the "Monitor Elections" series (three
    # counties), a plea and then the sentencing of one man, and one release issued twice.
    series = ["release_06900", "release_06946", "release_07041"]
    plea = ["release_01784", "release_02292"]
    twice = ["release_07293", "release_07331"]
    bodies = doj_bodies({*series, *plea, *twice})
    assert len(bodies) == 7
    table = CopyTable()
    table.update(bodies, {ident: signature(body) for ident, body in bodies.items()})
    copies = table.copies()
    for ident in (*series, *plea):
        assert copies.of(ident) == (ident,)
    assert copies.of("release_07331") == tuple(twice)
