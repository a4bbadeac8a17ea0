"""Articles written out for other tools stay data: no formulas, no terminal controls."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

from tui.core.article import Article
from tui.core.export import write_articles


def article(title: str, body: str = "Text.") -> Article:
    return Article(
        id="a.md",
        path=Path("a.md"),
        title=title,
        paragraphs=tuple(body.split("\n\n")),
        byline='=HYPERLINK("http://evil")',
        published=datetime(2026, 3, 1),
        source="@source",
        url="https://example.com/a",
    )


def test_csv_cells_a_spreadsheet_would_run_are_kept_as_text() -> None:
    out = io.StringIO()
    write_articles([article("+1 title")], out, "csv", body=True)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["title"] == "'+1 title"
    assert row["byline"].startswith("'=")
    assert row["source"] == "'@source"
    assert row["body"] == "Text."


def test_markdown_and_jsonl_never_carry_terminal_controls() -> None:
    hostile = article("Bad \x1b[2J title", body="Body \x1b]52;c;aGk=\x07 end.")
    for fmt in ("md", "jsonl", "csv"):
        out = io.StringIO()
        assert write_articles([hostile], out, fmt) == 1
        assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue(), fmt


def test_jsonl_reads_back_to_the_article() -> None:
    out = io.StringIO()
    write_articles([article("Title", body="One.\n\nTwo.")], out, "jsonl")
    record = json.loads(out.getvalue())
    assert record["title"] == "Title" and record["body"] == "One.\n\nTwo."
    assert record["date"] == "2026-03-01T00:00:00"
