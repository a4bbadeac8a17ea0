"""The term file as sorted blocks answers every call Whoosh makes of its hash file, the same
way, in less space."""

from __future__ import annotations

import inspect
import pickle
import random
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from whoosh.codec.whoosh3 import W3FieldWriter, W3TermInfo, W3TermsReader
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

from tui.core.index.engine import terms
from tui.core.index.engine.postings import bare_pickle
from tui.core.index.engine.storage import MappedFile
from tui.core.index.engine.terms import (
    BlockFieldWriter,
    BlockTermsReader,
    TermBlocksReader,
    TermBlocksWriter,
)


def sample_entries(count: int = 700, seed: int = 7) -> list[tuple[bytes, bytes]]:
    """Keys as Whoosh makes them (a field number, then the term), with a few long keys and
    records to take the lengths past one varint byte."""
    chance = random.Random(seed)
    words = set()
    while len(words) < count:
        size = chance.choice((2, 5, 8, 12, 200))
        words.add("".join(chance.choice("abcdeéz") for _ in range(size)).encode())
    keys = sorted(field.to_bytes(2, "big") + word for word in words for field in (0, 1, 3))
    return [(key, bytes(chance.randrange(256) for _ in range(chance.choice((3, 23, 300))))) for key in keys]  # fmt: skip


def write_both(tmp_path: Path, entries: list[tuple[bytes, bytes]]) -> tuple[Any, Any]:
    storage = FileStorage(str(tmp_path))
    ours = TermBlocksWriter(storage.create_file("ours.trm"))
    theirs = OrderedHashWriter(storage.create_file("theirs.trm"))
    for writer in (ours, theirs):
        writer.extras["fieldmap"] = {"title": 0, "body": 1, "person": 3}
        for key, value in entries:
            writer.add(key, value)
        writer.close()
    return (
        TermBlocksReader(storage.open_file("ours.trm"), storage.file_length("ours.trm")),
        OrderedHashReader(storage.open_file("theirs.trm"), storage.file_length("theirs.trm")),
    )


def walk(reader: Any, key: bytes) -> list[bytes]:
    """The keys a W3 field cursor visits from `key`: entry by entry, by position."""
    found = []
    position = reader.closest_key_pos(key)
    while position is not None:
        entry = reader.key_and_range_at(position)
        if entry is None:
            break
        found.append(entry[0])
        position = entry[1] + entry[2]
    return found


def test_every_lookup_answers_as_whooshs_hash_file(tmp_path: Path) -> None:
    entries = sample_entries()
    ours, theirs = write_both(tmp_path, entries)
    assert ours.extras["fieldmap"] == theirs.extras["fieldmap"]
    assert list(ours.keys()) == list(theirs.keys()) == [key for key, _ in entries]
    assert list(ours.items()) == list(theirs.items())
    for key, value in entries:
        assert key in ours and ours[key] == value
        datapos, datalen = ours.range_for_key(key)
        assert bytes(ours.dbfile.get(datapos, datalen)) == value  # the record lies in place
    probes = [key for key, _ in entries[::37]] + [key[:-1] for key, _ in entries[::41]]
    probes += [b"", b"\x00\x02", b"\x00\x01zzzz", b"\xff\xff"]
    for probe in probes:
        assert (probe in ours) == (probe in theirs)
        assert ours.get(probe) == theirs.get(probe)
        assert list(ours.keys_from(probe)) == list(theirs.keys_from(probe))
        assert list(ours.items_from(probe))[:50] == list(theirs.items_from(probe))[:50]
        assert ours.closest_key(probe) == theirs.closest_key(probe)
        assert walk(ours, probe) == walk(theirs, probe)
    with pytest.raises(KeyError):
        ours[b"\x00\x00not there"]
    with pytest.raises(KeyError):
        ours.range_for_key(b"\x00\x00not there")


def test_the_file_is_a_fraction_of_whooshs(tmp_path: Path) -> None:
    entries = [(key, value[:23]) for key, value in sample_entries()]  # short records, as most
    write_both(tmp_path, entries)
    ours, theirs = ((tmp_path / f"{name}.trm").stat().st_size for name in ("ours", "theirs"))
    overhead = sum(len(key) + len(value) for key, value in entries)
    assert ours - overhead < (theirs - overhead) / 4


def test_keys_must_come_in_order(tmp_path: Path) -> None:
    writer = TermBlocksWriter(FileStorage(str(tmp_path)).create_file("t.trm"))
    writer.add(b"\x00\x00b", b"1")
    with pytest.raises(ValueError, match="increase"):
        writer.add(b"\x00\x00a", b"2")


def test_an_empty_file_reads_as_empty(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path))
    writer = TermBlocksWriter(storage.create_file("t.trm"))
    writer.extras["fieldmap"] = {}
    writer.close()
    reader = TermBlocksReader(storage.open_file("t.trm"), storage.file_length("t.trm"))
    assert list(reader.keys()) == [] and reader.closest_key_pos(b"") is None
    assert b"\x00\x00a" not in reader


def test_a_file_of_another_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "t.trm").write_bytes(b"HSH3" + bytes(60))
    storage = FileStorage(str(tmp_path))
    with pytest.raises(ValueError, match="format"):
        TermBlocksReader(storage.open_file("t.trm"), storage.file_length("t.trm"))


def test_a_block_is_read_once_while_it_is_in_use(tmp_path: Path) -> None:
    ours, _ = write_both(tmp_path, sample_entries(count=100))
    key = next(iter(ours.keys()))
    ours._cache.clear()
    for _ in range(3):
        assert key in ours
    assert len(ours._cache) == 1
    for number in range(terms.CACHED_BLOCKS + 5):
        ours._block(number % len(ours._firsts))
    assert len(ours._cache) <= terms.CACHED_BLOCKS


def test_inlined_postings_lose_their_pickle_headers_not_their_values() -> None:
    postings = ((17, 40), (1, 2), (b"\x05", b"\x01\x02"))
    record = W3TermInfo._struct.pack(1, 3.0, 2, 0, 0, 2.0, 17, 40) + bare_pickle(postings)
    assert W3TermInfo.from_bytes(record).inlined_postings() == postings
    assert len(bare_pickle(postings)) < len(pickle.dumps(postings, 4)) - 12


def assigned_in_init(cls: type) -> set[str]:
    source = inspect.getsource(cls.__init__)  # type: ignore[misc]
    return set(re.findall(r"\bself\.(\w+)\s*=", source))


@pytest.mark.parametrize(("ours", "whooshs"), [
    (BlockFieldWriter, W3FieldWriter), (BlockTermsReader, W3TermsReader),
])  # fmt: skip
def test_our_constructors_set_what_whooshs_set(ours: type, whooshs: type) -> None:
    # They stand in for Whoosh's __init__ (pinned): a new attribute there must be set here.
    assert assigned_in_init(ours) == assigned_in_init(whooshs)


def test_threads_share_a_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The app's workers search in threads through one reader: its block cache must hold up
    # when they fill and empty it at once.
    monkeypatch.setattr(terms, "CACHED_BLOCKS", 2)
    entries = sample_entries(count=300)
    write_both(tmp_path, entries)
    data = (tmp_path / "ours.trm").read_bytes()  # read from a map, as segments are
    ours = TermBlocksReader(MappedFile(memoryview(data)), len(data))
    failures: list[BaseException] = []

    def look_up(seed: int) -> None:
        chance = random.Random(seed)
        try:
            for _ in range(2000):
                key, value = chance.choice(entries)
                assert ours[key] == value
        except BaseException as error:  # reported below, in the test's own thread
            failures.append(error)

    threads = [threading.Thread(target=look_up, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(ours._cache) <= 2


def test_very_long_words_and_records_keep_their_lengths(tmp_path: Path) -> None:
    # A run of base64 in a saved page is one word; a common name's inlined postings can
    # outgrow two bytes: both need the wide lengths.
    entries = sorted([
        (b"\x00\x01" + b"A" * 70_000, b"r" * 10), (b"\x00\x01" + b"A" * 300, b"s" * 70_000),
        (b"\x00\x01b", b"t"), (b"\x00\x02" + b"c" * 256, b"u" * 65_536),
    ])  # fmt: skip
    ours, theirs = write_both(tmp_path, entries)
    assert list(ours.items()) == list(theirs.items()) == entries
    assert walk(ours, b"") == [key for key, _ in entries]
