"""`broadsheet export` end to end, through a real subprocess, on real pages and feeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import SHARED_DATA
from tests.helpers import run_cli as broadsheet
from tests.helpers import write_corpus

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


def test_export_as_markdown_gives_a_heading_a_metadata_line_and_the_text(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    result = broadsheet("export", "strait", "--corpus", str(corpus), "--format", "md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    articles = result.stdout.split("\n---\n")
    assert len(articles) == 2
    for article in articles:
        lines = [line for line in article.strip().splitlines() if line]
        assert lines[0].startswith("# ")
        assert lines[1].startswith("*") and lines[1].endswith("*")
        assert any("strait" in line.lower() for line in lines[2:])


def test_export_as_csv_has_a_row_per_article_and_the_body_only_when_asked(tmp_path: Path) -> None:
    import csv
    import io

    corpus = write_corpus(tmp_path)
    plain = broadsheet("export", "--corpus", str(corpus), "--format", "csv", cwd=tmp_path)
    rows = list(csv.DictReader(io.StringIO(plain.stdout)))
    assert len(rows) == len(
        exported(broadsheet("export", "--corpus", str(corpus), cwd=tmp_path).stdout)
    )
    assert "body" not in rows[0] and rows[0]["title"]
    with_body = broadsheet(
        "export", "--corpus", str(corpus), "--format", "csv", "--body", cwd=tmp_path
    )
    assert all(row["body"] for row in csv.DictReader(io.StringIO(with_body.stdout)))


def test_export_to_a_file_says_where_and_how_many(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    target = tmp_path / "out.jsonl"
    result = broadsheet("export", "--corpus", str(corpus), "--output", str(target), cwd=tmp_path)
    assert result.returncode == 0
    count = len(target.read_text(encoding="utf-8").splitlines())
    assert count > 0 and f"wrote {count} articles to {target}" in result.stderr
    assert result.stdout == ""
