"""Our lean segment writing produces exactly what Whoosh's own writer produces."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.index import TOC, create_in
from whoosh.writing import SegmentWriter

from tests.helpers import ARTICLES, write_corpus
from tui.core.corpus import CorpusFile, scan
from tui.core.index import schema
from tui.core.index.engine import segments
from tui.core.index.engine.segments import FileJob, SegmentBuilder
from tui.core.index.schema import build_schema, new_codec

MANY = {
    f"repeat-{n:03d}.md": f"# Repeat {n}\n\nThe common word appears here, story {n % 7}.\n"
    for n in range(300)
}


@pytest.fixture(autouse=True)
def blocks_of_128(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whoosh's own block size, so that some posting lists here span several blocks.
    monkeypatch.setattr(schema, "POSTING_BLOCK", 128)


def both_readers(tmp_path: Path) -> tuple[Any, Any]:
    """Our builder's segment and Whoosh's own writer's, of the same documents."""
    corpus = write_corpus(tmp_path, {**ARTICLES, **MANY})
    jobs = [
        FileJob(item.rel, str(item.path), item.size, item.mtime_ns)
        for item in scan(corpus)
        if isinstance(item, CorpusFile)
    ]
    builder = SegmentBuilder(tmp_path / "ours", entities="rules", dayfirst=False)
    built = builder.build(jobs)
    ours = builder._ix
    TOC(ours.schema, [built.segment], 1).write(ours.storage, ours.indexname)
    (tmp_path / "theirs").mkdir()
    theirs = create_in(str(tmp_path / "theirs"), build_schema())
    writer = SegmentWriter(theirs, codec=new_codec())
    names: dict[str, str] = {}
    for job in jobs:
        for document in builder._read(job, names)[1]:
            writer.add_document(**document)
    writer.commit()
    return ours.reader(), theirs.reader()


def postings(reader: Any, fieldname: str, text: bytes) -> list[tuple[Any, ...]]:
    matcher = reader.postings(fieldname, text)
    found = []
    positional = reader.schema[fieldname].format.supports("positions")
    while matcher.is_active():
        value = matcher.value_as("positions") if positional else None
        found.append((matcher.id(), matcher.weight(), value))
        matcher.next()
    return found


def test_postings_and_term_statistics_match_whooshs_writer(tmp_path: Path) -> None:
    ours, theirs = both_readers(tmp_path)
    same_postings(ours, theirs)


def test_postings_spilled_to_disk_past_the_memory_limit_match_whooshs_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Our writer keeps postings by term in memory; past its limit they go to Whoosh's pool
    # as sorted runs on disk, merged back at the end with what is still held.
    spills: list[int] = []
    spill = segments.LeanWriter._spill

    def counted(writer: Any) -> None:
        spills.append(writer.docnum)
        spill(writer)

    monkeypatch.setattr(segments.LeanWriter, "_spill", counted)
    monkeypatch.setattr(segments, "WRITER_LIMIT_MB", 0.05)  # about 260 postings
    ours, theirs = both_readers(tmp_path)
    assert len(spills) >= 5  # and the last postings are still held when it finishes
    same_postings(ours, theirs)


def same_postings(ours: Any, theirs: Any) -> None:
    terms = list(ours.all_terms())
    assert terms == list(theirs.all_terms())
    assert any(ours.doc_frequency(f, t) > 128 for f, t in terms)  # some span several blocks
    for fieldname, text in terms:
        assert postings(ours, fieldname, text) == postings(theirs, fieldname, text)
        mine, whooshs = ours.term_info(fieldname, text), theirs.term_info(fieldname, text)
        assert (mine.weight(), mine.doc_frequency(), mine.max_weight()) == (
            whooshs.weight(),
            whooshs.doc_frequency(),
            whooshs.max_weight(),
        )


def test_stored_fields_and_lengths_match_whooshs_writer(tmp_path: Path) -> None:
    ours, theirs = both_readers(tmp_path)
    assert ours.doc_count() == theirs.doc_count() == len(ARTICLES) + len(MANY)
    for docnum in range(ours.doc_count_all()):
        assert ours.stored_fields(docnum) == theirs.stored_fields(docnum)
        for fieldname in ("title", "body", "person"):
            assert ours.doc_field_length(docnum, fieldname) == theirs.doc_field_length(
                docnum, fieldname
            )
