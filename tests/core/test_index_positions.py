"""Positions stored as varints of their gaps (schema 7): what is written reads back, in one
value and decoded in bulk, phrases match across posting blocks and far into long articles,
and an index of the old pickled format is rebuilt."""

from __future__ import annotations

import itertools
import json
import pickle
import random
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh.formats import Positions
from whoosh.system import pack_uint

from tests.helpers import built_index, open_index
from tui.core.index import ArticleIndex, analysis, schema
from tui.core.index import search as search_module
from tui.core.index.analysis import VarintPositions, decode_positions, encode_positions
from tui.core.index.engine import ranking
from tui.core.index.engine.translate import expand_words, to_whoosh
from tui.core.index.query import parse_query
from tui.core.index.schema import SCHEMA_VERSION
from tui.core.index.store import META_FILE

AWKWARD_POSITIONS = [
    [0],
    [127],
    [128],
    [5, 132],
    [0, 1, 2, 3],
    [16_383, 16_384, 2_097_152, 2_097_153],
    [3, 300, 301, 90_000],
]


@pytest.mark.parametrize("positions", AWKWARD_POSITIONS)
def test_positions_read_back_as_written(positions: list[int]) -> None:
    encoded = encode_positions(positions)
    assert decode_positions(encoded) == positions
    fmt = VarintPositions(field_boost=2.0)
    assert fmt.decode_positions(encoded) == positions
    assert fmt.decode_frequency(encoded) == len(positions)
    assert fmt.decode_weight(encoded) == 2.0 * len(positions)
    assert fmt.decode_position_boosts(encoded) == [(p, 1.0) for p in positions]


def test_gaps_below_128_take_one_byte_each_and_larger_ones_more() -> None:
    assert encode_positions([3, 10, 137]) == bytes([3, 7, 127])
    assert len(encode_positions([0, 128])) == 3
    assert len(encode_positions([0, 16_384])) == 4


def test_combining_values_joins_their_positions() -> None:
    fmt = VarintPositions()
    combined = fmt.combine([encode_positions([1, 500]), encode_positions([2, 500, 70_000])])
    assert fmt.decode_positions(combined) == [1, 2, 500, 70_000]


def test_a_whole_posting_list_decodes_in_bulk_as_one_by_one() -> None:
    rng = random.Random(3)
    lists = [
        sorted(rng.sample(range(rng.choice([40, 400, 40_000, 3_000_000])), rng.randrange(1, 30)))
        for _ in range(500)
    ]
    lists += AWKWARD_POSITIONS
    flat, counts = ranking._decode_positions([encode_positions(p) for p in lists])
    assert counts.tolist() == [len(p) for p in lists]
    assert flat.tolist() == [p for positions in lists for p in positions]
    assert flat.dtype == np.int64


def test_bulk_decoding_refuses_a_value_cut_inside_a_varint() -> None:
    whole = encode_positions([5, 300])
    with pytest.raises(ranking.Unsupported):
        ranking._decode_positions([whole[:-1], encode_positions([1])])


# A real index: phrases across posting blocks (few postings each) and far into articles ----

ARTICLES = 400
FILLER = ("report", "council", "weather", "market", "railway", "festival", "budget")


def _article(number: int) -> str:
    """Article `number`: "harbour" and "master" in most articles, as a phrase in some, far
    into the text in some (gaps of positions over 127 and over 16,383)."""
    rng = random.Random(number)
    length = 17_000 if number % 50 == 0 else rng.choice([20, 40, 300])
    words = [rng.choice(FILLER) for _ in range(length)]
    if number % 3 == 0:
        words.insert(rng.randrange(len(words) + 1), "harbour master")
    elif number % 3 == 1:
        words.insert(rng.randrange(len(words) + 1), "master")
        words.insert(0, "master")
        words.append("harbour")  # never followed by "master"
    else:
        words.insert(0, "master")
    if number % 50 == 0:
        words.append("harbour master")  # after ~17,000 positions
    return f"# Article {number}\n\n" + " ".join(words) + ".\n"


def _expected_phrase(number: int) -> bool:
    return number % 3 == 0 or number % 50 == 0


BLOCK = 64
"""Postings in a block of the test index: small, so that its posting lists span several."""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    root = tmp_path_factory.mktemp("positions")
    articles = {f"a{number:04d}.md": _article(number) for number in range(ARTICLES)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema, "POSTING_BLOCK", BLOCK)
        return built_index(root, articles)


def _ranked(index: ArticleIndex, text: str) -> ranking.Ranked:
    searcher = index._searcher_now()
    query = to_whoosh(parse_query(text).tree)
    expand_words(query, searcher.reader())
    ranking._EVALUATED.clear()  # score afresh, not from the last search of the same query
    found = ranking.rank(searcher, query, None)
    assert found is not None, f"{text!r} was left to Whoosh"
    return found


def _whoosh_docs(index: ArticleIndex, text: str) -> set[int]:
    searcher = index._searcher_now()
    collector = search_module.top_collector(None)
    searcher.search_with_collector(to_whoosh(parse_query(text).tree), collector)
    return {int(docnum) for docnum, _ in collector.results().items()}


def _ids(index: ArticleIndex, docs: set[int]) -> set[str]:
    searcher = index._searcher_now()
    return {searcher.stored_fields(docnum)["id"] for docnum in docs}


def test_the_phrase_words_span_several_posting_blocks(index: ArticleIndex) -> None:
    reader = index._searcher_now().reader()
    assert reader.doc_frequency("body", "harbour") > 2 * BLOCK
    assert reader.doc_frequency("body", "master") > 2 * BLOCK
    for word in (b"harbour", b"master"):
        blocks = [
            _blocks(segment._terms._postfile, segment._terms.term_info("body", word).extent()[0])
            for segment, _ in reader.leaf_readers()
        ]
        assert max(blocks) >= 3, blocks


def _blocks(postfile: Any, offset: int) -> int:
    """How many blocks a posting list has (each is its length, negative for the last,
    then its bytes; the list starts after a 4-byte header)."""
    position = offset + 4
    count = 0
    while True:
        (length,) = struct.unpack("!i", bytes(postfile.get(position, 4)))
        count += 1
        if length < 0:
            return count
        position += 4 + length


def test_a_phrase_matches_exactly_the_articles_with_the_words_next_to_each_other(
    index: ArticleIndex,
) -> None:
    found = _ranked(index, '"harbour master"')
    expected = {f"a{n:04d}.md" for n in range(ARTICLES) if _expected_phrase(n)}
    assert found.total == len(expected)
    assert _ids(index, {docnum for docnum, _ in found.hits}) == expected


def test_whooshs_own_phrase_matcher_reads_the_same_positions(index: ArticleIndex) -> None:
    for text in ('"harbour master"', '"master harbour"', '"harbour master"~3'):
        ours = {docnum for docnum, _ in _ranked(index, text).hits}
        assert ours == _whoosh_docs(index, text), text


def test_a_phrase_far_into_a_long_article_is_found(index: ArticleIndex) -> None:
    hits = index.hit_ids('"harbour master" title:"article 50"')
    assert hits == ["a0050.md"]
    searcher = index._searcher_now()
    docnum = next(iter(searcher.document_numbers(id="a0050.md")))
    matcher = searcher.reader().postings("body", "harbour")
    while matcher.id() != docnum:
        matcher.next()
    assert max(matcher.value_as("positions")) > 16_384


# The old format ---------------------------------------------------------------------------


def _pickled_positions(positions: list[int]) -> bytes:
    """Positions as schema 6 (Whoosh's Positions format) wrote them."""
    deltas = [positions[0], *(b - a for a, b in itertools.pairwise(positions))]
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


def test_an_index_with_pickled_positions_is_rebuilt_with_varints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = {f"a{number:04d}.md": _article(number) for number in range(30)}
    monkeypatch.setattr(analysis, "VarintPositions", Positions)
    monkeypatch.setattr(analysis, "encode_positions", _pickled_positions)
    old = built_index(tmp_path, articles)
    searcher = old._searcher_now()
    assert type(searcher.schema["body"].format) is Positions
    # The array ranking leaves positions it cannot read to Whoosh, which reads them right.
    query: Any = to_whoosh(parse_query('"harbour master"').tree)
    assert ranking.rank(searcher, query, 20) is None
    expected = {f"a{n:04d}.md" for n in range(30) if _expected_phrase(n)}
    assert set(old.hit_ids('"harbour master"')) == expected
    old.close()
    monkeypatch.undo()
    (tmp_path / "index" / META_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}))
    reopened = open_index(tmp_path / "corpus", tmp_path)
    assert any(f"version {SCHEMA_VERSION - 1}" in notice for notice in reopened.notices)
    assert reopened.update().added == 30
    assert isinstance(reopened._searcher_now().schema["body"].format, VarintPositions)
    assert set(reopened.hit_ids('"harbour master"')) == expected
    assert _ranked(reopened, '"harbour master"').total == len(expected)
    reopened.close()


# Positions kept across searches -----------------------------------------------------------


def test_a_phrase_searched_again_uses_the_positions_kept(
    index: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranking.KEPT_POSITIONS.clear()
    first = _ranked(index, '"harbour master"')
    assert len(ranking.KEPT_POSITIONS) > 0
    read: list[tuple[str, bytes]] = []
    real = ranking._Segment.postings

    def counting(self: Any, fieldname: str, btext: bytes, *, values: bool = False) -> Any:
        read.append((fieldname, btext))
        return real(self, fieldname, btext, values=values)

    monkeypatch.setattr(ranking._Segment, "postings", counting)
    again = _ranked(index, '"harbour master"')
    assert again == first
    assert ("body", b"harbour") not in read and ("body", b"master") not in read


def test_positions_kept_stay_within_their_budget(
    index: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = ranking._KeptPositions(10**9)
    monkeypatch.setattr(ranking, "KEPT_POSITIONS", everything)
    expected = _ranked(index, '"harbour master"')
    largest = max(kept.nbytes for kept in everything._items.values())
    small = ranking._KeptPositions(largest * 3 // 2)
    monkeypatch.setattr(ranking, "KEPT_POSITIONS", small)
    for text in ('"master harbour"', '"report council"', '"harbour master"', '"harbour master"'):
        found = _ranked(index, text)
        assert 0 < small.used <= small.budget
        if text == '"harbour master"':
            assert found == expected
    assert len(small) < len(everything)  # some were let go
    small.clear()
    assert small.used == 0 and len(small) == 0
