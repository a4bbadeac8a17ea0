"""`broadsheet export` end to end, through a real subprocess, on real pages and feeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import SHARED_DATA
from tests.core.test_index_corpus import write_corpus

from .test_index_cli import broadsheet

FIELDS = {"id", "path", "kind", "title", "byline", "source", "date", "url", "captions", "body"}


def exported(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def mixed_corpus(tmp_path: Path) -> Path:
    corpus = write_corpus(tmp_path)
    shutil.copy(SHARED_DATA / "feeds" / "photojournalism" / "quanta.xml", corpus)
    shutil.copy(SHARED_DATA / "html" / "trafilatura" / "dw.com.colonial.html", corpus)
    return corpus


def test_export_without_a_query_prints_every_article_with_every_field(tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path)
    result = broadsheet("export", "--corpus", str(corpus), "--format", "jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = exported(result.stdout)
    assert all(set(row) >= FIELDS for row in rows)
    kinds = [row["kind"] for row in rows]
    assert kinds.count("feed item") == 5 and kinds.count("web page") == 1
    page = next(row for row in rows if row["kind"] == "web page")
    assert page["id"] == "dw.com.colonial.html" and "colonial" in str(page["body"])
    assert str(page["url"]).startswith("https://www.dw.com/")
    items = [row for row in rows if row["kind"] == "feed item"]
    assert {row["source"] for row in items} == {"Quanta Magazine"}
    assert all(str(row["id"]).startswith("quanta.xml#") for row in items)


def test_export_with_a_query_prints_only_its_matches(tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path)
    result = broadsheet("export", "colonial", "--corpus", str(corpus), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = exported(result.stdout)
    assert [row["id"] for row in rows] == ["dw.com.colonial.html"]
    assert "\n\n" in str(rows[0]["body"])  # paragraphs separated by blank lines


def test_export_of_a_query_without_matches_exits_1(tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path)
    result = broadsheet("export", "zzzyzzyva", "--corpus", str(corpus), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
