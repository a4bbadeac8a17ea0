"""The fixed query mix, written for Broadsheet's query language and for SQLite FTS5.

`QUERY_MIX` uses words the generated corpus is sure to contain (see `synthetic.TOPICS`);
`REAL_QUERY_MIX` asks the same kinds of query in words common in the DOJ press releases
(and in news at large), with dates inside their years (2009-2018).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class QueryCase:
    """One kind of query: Broadsheet's text, and what FTS5 is asked for the same thing."""

    kind: str
    ours: str
    fts_match: str | None = None
    """An FTS5 MATCH expression (None for the date range, which FTS5 cannot express)."""
    fts_dates: tuple[str, str] | None = None
    """A published-date range [start, end) answered from a plain indexed column."""
    fts_fuzzy: tuple[str, int] | None = None
    """A word and edit distance, expanded from the FTS5 vocabulary (FTS5 has no fuzzy)."""


QUERY_MIX: tuple[QueryCase, ...] = (
    QueryCase("single term", "minister", fts_match="{title body} : minister"),
    QueryCase(
        "two-term AND", "minister election", fts_match="{title body} : (minister AND election)"
    ),
    QueryCase("phrase", '"prime minister"', fts_match='{title body} : "prime minister"'),
    QueryCase("field", "title:election", fts_match="title : election"),
    QueryCase("date range", "date:2025-01..2025-06", fts_dates=("2025-01-01", "2025-07-01")),
    QueryCase("prefix", "elect*", fts_match="{title body} : elect*"),
    QueryCase("fuzzy", "ministr~", fts_fuzzy=("ministr", 1)),
)

REAL_QUERY_MIX: tuple[QueryCase, ...] = (
    QueryCase("single term", "fraud", fts_match="{title body} : fraud"),
    QueryCase("two-term AND", "fraud sentenced", fts_match="{title body} : (fraud AND sentenced)"),
    QueryCase("phrase", '"attorney general"', fts_match='{title body} : "attorney general"'),
    QueryCase("field", "title:charged", fts_match="title : charged"),
    QueryCase("date range", "date:2016-01..2016-06", fts_dates=("2016-01-01", "2016-07-01")),
    QueryCase("prefix", "investig*", fts_match="{title body} : investig*"),
    QueryCase("fuzzy", "goverment~", fts_fuzzy=("goverment", 1)),
)
"""The mix for real-text tiers."""
