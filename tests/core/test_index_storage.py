"""Reading segment files in place: compound segments are mapped, their parts never copied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term

from tests.helpers import built_index
from tui.core.index import ArticleIndex
from tui.core.index.engine.storage import IndexStorage, MappedFile, open_index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    return built_index(tmp_path_factory.mktemp("storage"))


def test_the_index_is_read_through_index_storage(index: ArticleIndex) -> None:
    index.search("putin")
    assert isinstance(index._ix.storage, IndexStorage)


def test_segment_parts_are_views_of_the_mapped_file(index: ArticleIndex) -> None:
    storage = IndexStorage(index.folder)
    names = [name for name in os.listdir(index.folder) if name.endswith(".seg")]
    assert names
    compound = storage.open_file(names[0])
    assert isinstance(compound, MappedFile)
    part = compound.subset(0, 16)
    assert isinstance(part, MappedFile)
    assert isinstance(part._buf, memoryview)
    assert part.read(16) == compound.get(0, 16)
    part.close()
    compound.close()


def test_search_finds_what_plain_whoosh_finds(index: ArticleIndex) -> None:
    folder = Path(index.folder)
    mapped = open_index(folder)
    plain = whoosh_index.open_dir(str(folder))
    for word in ("putin", "oil", "berlin", "barcelona"):
        with mapped.searcher() as ours, plain.searcher() as theirs:
            query = Term("body", word)
            assert [hit.docnum for hit in ours.search(query, limit=None)] == [
                hit.docnum for hit in theirs.search(query, limit=None)
            ]
            assert ours.document(id=next(iter(ours.lexicon("id"))).decode()) is not None
