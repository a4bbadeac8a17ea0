"""JSON Lines files and WARC archives are read record by record, and split across workers."""

from __future__ import annotations

import gzip
import importlib
import io
import json
import random
from pathlib import Path

import pytest

from tests.helpers import REPO, bump_mtime, open_index
from tui.core.article import Article, Skipped
from tui.core.corpus import CorpusFile, read_file
from tui.core.index import ArticleIndex
from tui.core.index import updater as updater_module

# The module, not the `records` function the package exports under the same name.
records_module = importlib.import_module("tui.core.parsers.records")

PAGES = REPO / ".." / "shared" / "data" / "html" / "trafilatura"


def corpus_file(path: Path) -> CorpusFile:
    info = path.stat()
    return CorpusFile(path.name, str(path), info.st_size, info.st_mtime_ns)


def crawl(pages: list[bytes], *, compress: bool) -> bytes:
    """A WARC archive: a request, a 200 response per page, and a 404."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=compress)

    def response(url: str, status: str, body: bytes) -> None:
        headers = StatusAndHeaders(
            status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"},
        )  # fmt: skip
        writer.write_record(record)

    request = b"GET /0 HTTP/1.1\r\nHost: news.example\r\n\r\n"
    writer.write_record(
        writer.create_warc_record("https://news.example/0", "request", payload=io.BytesIO(request))
    )
    for number, body in enumerate(pages):
        response(f"https://news.example/{number}", "200 OK", body)
    response("https://news.example/gone", "404 Not Found", pages[0])
    return stream.getvalue()


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_a_warc_larger_than_the_limit_is_read_record_by_record(
    tmp_path: Path, compress: bool
) -> None:
    shared = [path.read_bytes() for path in sorted(PAGES.glob("*.html"))[:4]]
    limit = max(len(body) for body in shared) + 1
    oversized = shared[0] + b"<!-- padding -->" * (limit // 16)
    archive = crawl([*shared, oversized], compress=compress)
    name = "crawl.warc.gz" if compress else "crawl.warc"
    (tmp_path / name).write_bytes(archive)
    assert len(gzip.decompress(archive) if compress else archive) > 4 * limit

    results = read_file(corpus_file(tmp_path / name), limit=limit)

    pages = [result for result in results if isinstance(result, Article)]
    skipped = [result for result in results if isinstance(result, Skipped)]
    assert len(pages) == 4 and all(page.kind == "warc page" for page in pages)
    assert [page.url is not None for page in pages] == [True] * 4
    # The response over the limit is skipped by itself; the 404 and the request are passed over.
    [too_large] = skipped
    assert too_large.id.startswith(name + "#") and "too large" in too_large.reason
    assert "record 6" in too_large.reason
    # Read whole or opened alone, each page has the same id.
    whole = read_file(corpus_file(tmp_path / name))
    assert [r.id for r in whole if isinstance(r, Article)][:4] == [page.id for page in pages]
    assert read_file(corpus_file(tmp_path / name), only=pages[2].id, limit=limit) == [pages[2]]


def test_a_long_json_line_is_skipped_and_the_lines_around_it_load(tmp_path: Path) -> None:
    rows = [{"title": f"Story {n}", "body": "Words. " * 20, "url": f"https://e.com/{n}"}
            for n in range(3)]  # fmt: skip
    rows[1]["body"] = "Long. " * 5000
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", "utf-8")
    results = read_file(corpus_file(path), limit=4096)
    assert [type(result).__name__ for result in results] == ["Article", "Skipped", "Article"]
    assert results[1].reason == "line 2: too large (over 4,096 bytes)"
    # The other lines keep the ids they have when the whole file is within the limit.
    whole = read_file(corpus_file(path))
    assert (results[0].id, results[2].id) == (whole[0].id, whole[2].id)


def test_a_gzip_bomb_in_a_json_lines_file_is_stopped(tmp_path: Path) -> None:
    story = {"title": "Before the bomb", "body": "Real words. " * 100}
    first = (json.dumps(story).encode() + b"\n") * 10  # past the sniff for binary files
    packed = gzip.compress(first + b"\0" * (32 * 1024 * 1024), compresslevel=9)
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(packed)
    assert len(packed) < 64 * 1024
    results = read_file(corpus_file(path), limit=1024 * 1024)
    assert isinstance(results[0], Article) and results[0].title == "Before the bomb"
    assert isinstance(results[-1], Skipped) and results[-1].id == "bomb.jsonl.gz"
    assert "too large once decompressed (stopped at" in results[-1].reason


def test_a_damaged_gzip_json_lines_file_keeps_the_lines_before_the_damage(
    tmp_path: Path,
) -> None:
    words = random.Random(13)
    rows = [
        json.dumps({"title": f"T{n}", "body": " ".join(f"w{words.random()}" for _ in range(900))})
        for n in range(60)
    ]
    packed = gzip.compress("\n".join(rows).encode())
    assert len(packed) > 3 * 128 * 1024  # more than gzip reads from the file at once
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    results = read_file(corpus_file(path))
    assert isinstance(results[0], Article)
    assert isinstance(results[-1], Skipped) and "damaged gzip stream" in results[-1].reason
    assert 20 <= len(results) - 1 < 60


# Split across workers through the index


def news_lines(count: int, *, start: int = 0) -> list[str]:
    return [
        json.dumps(
            {
                "title": f"Harbour report {n}",
                "body": f"The harbour at berth{n} reported tides. " * 30,
                # Two lines share a URL: the second gets a suffixed id.
                "url": f"https://e.com/{n if n != 7 else 6}",
            }
        )
        for n in range(start, start + count)
    ]


def parts_of_split_files(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split files of 1 KB and up across two workers, in parts of at least 10 records; the
    list filled with each part's record count as the parts are read."""
    monkeypatch.setattr(updater_module, "SPLIT_BYTES", 1024)
    monkeypatch.setattr(updater_module, "MIN_PART", 10)
    monkeypatch.setattr(updater_module, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(updater_module.os, "cpu_count", lambda: 2)
    parts: list[int] = []
    real_parts = updater_module.Updater._parts

    def counted(self: updater_module.Updater, job: object, workers: int) -> object:
        for batch in real_parts(self, job, workers):  # type: ignore[arg-type]
            parts.append(len(batch[0].records or ()))
            yield batch

    monkeypatch.setattr(updater_module.Updater, "_parts", counted)
    return parts


def wire_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: int) -> ArticleIndex:
    """An index (no entities) of a corpus of one JSON Lines file of `records` news lines,
    read 4 KB at a time, so that the records left can be judged after the first few."""
    monkeypatch.setattr(records_module, "_READ_CHUNK", 4096)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.jsonl").write_text("\n".join(news_lines(records)) + "\n")
    return open_index(corpus, tmp_path, entities="none")


def test_a_large_json_lines_file_split_across_workers_gets_the_ids_read_whole_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "news.jsonl.gz"
    parts = parts_of_split_files(monkeypatch)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / name

    def write(lines: list[str]) -> None:
        path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))

    write(news_lines(120))
    index = open_index(corpus, tmp_path, entities="none")
    report = index.update()
    assert report.added == 120 and len(parts) > 2 and sum(parts) == 120
    # Each part is a segment with its own dictionary of terms: none but the last is small.
    assert min(parts[:-1]) >= 10
    expected = [result.id for result in read_file(corpus_file(path))]
    assert sorted(summary.id for summary in index.listing()) == sorted(expected)
    assert f"{name}#" in expected[7] and expected[7].endswith("-2")
    assert index.search("berth77").hits[0].id == expected[77]
    opened = index.load_article(expected[77])
    assert isinstance(opened, Article) and opened.title == "Harbour report 77"

    # Nothing changed: nothing is read again (the file's stamp was recorded once complete).
    assert index.update().unchanged == 120

    # A line added at the top re-ids none of the others, and the old articles go.
    write(news_lines(1, start=500) + news_lines(120))
    bump_mtime(path)
    report = index.update()
    assert (report.added, report.updated, report.removed) == (1, 120, 0)
    after = {summary.id for summary in index.listing()}
    assert after == set(expected) | {read_file(corpus_file(path))[0].id}
    assert len(index.search("berth77").hits) == 1
    index.close()


def test_a_file_of_many_records_starts_with_a_small_part_then_parts_of_the_least_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = parts_of_split_files(monkeypatch)
    monkeypatch.setattr(updater_module, "FIRST_PART", 4)
    index = wire_index(tmp_path, monkeypatch, 200)
    listed: list[int] = []
    report = index.update(progress=lambda _: listed.append(len(index.listing())))
    assert report.added == 200
    # The first titles come after a small part; every other part but the last is big,
    # since each part is a segment with its own dictionary of terms.
    assert parts[0] == 4 and min(parts[1:-1]) >= 10 and sum(parts) == 200
    # The listing grows with each part committed, not only once the whole file is in
    # (the two workers' parts are committed as they finish, one or both at a time).
    assert listed[0] in (parts[0], parts[1], parts[0] + parts[1])
    assert listed == sorted(listed) and len(set(listed)) > 3
    assert listed[-1] == 200
    index.close()


def test_a_file_of_fewer_records_than_a_part_is_shared_by_the_workers_with_no_small_last_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = parts_of_split_files(monkeypatch)
    # A part is 100 records at least, the first of a long file 20: a file of 120 records
    # would be a part of 100 and one of 20, one worker reading most of it.
    monkeypatch.setattr(updater_module, "MIN_PART", 100)
    monkeypatch.setattr(updater_module, "FIRST_PART", 20)
    index = wire_index(tmp_path, monkeypatch, 120)
    assert index.update().added == 120
    # One part for each worker, of about half the file each; the few records left after
    # the second cut joined it rather than making a third part (a segment) of their own.
    assert len(parts) == 2 and sum(parts) == 120 and min(parts) >= 40, parts
    assert index.search("berth119").total == 1
    index.close()
