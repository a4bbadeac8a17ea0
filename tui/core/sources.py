"""Where the corpus's articles come from: sites, feeds and archives, with counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .index import ArticleSummary


@dataclass(frozen=True, slots=True)
class SourceCount:
    """One source (a site, a feed or an archive's site) and how many articles it gave."""

    name: str
    kind: str
    """"feed", "site", "archive" or "files" (text, Markdown and JSON articles)."""
    count: int


def source_kind(path: Path) -> str:
    """What kind of source an article's file is: a feed, a site's page, an archive, files."""
    return _kind_of_name()(path.name)


@cache
def _kind_of_name() -> Callable[[str], str]:
    # The parsers (and python-dateutil with them) load when sources are first counted,
    # not with the screen that counts them.
    from .parsers import FEED_SUFFIXES, PAGE_SUFFIXES, WARC_SUFFIXES, article_suffix

    kinds = {"feed": FEED_SUFFIXES, "site": PAGE_SUFFIXES, "archive": WARC_SUFFIXES}
    by_suffix = {suffix: kind for kind, suffixes in kinds.items() for suffix in suffixes}

    def kind_of(name: str) -> str:
        return by_suffix.get(article_suffix(name) or "", "files")

    return kind_of


def count_sources(summaries: Iterable[ArticleSummary]) -> list[SourceCount]:
    """Every named source with its article count, most articles first."""
    counts: Counter[tuple[str, str]] = Counter()
    for summary in summaries:
        if summary.source and summary.source.strip():
            counts[(summary.source.strip(), source_kind(summary.path))] += 1
    return [
        SourceCount(name, kind, count)
        for (name, kind), count in sorted(
            counts.items(), key=lambda i: (-i[1], i[0][0].casefold(), i[0][1])
        )
    ]


def source_query(source: SourceCount) -> str:
    """The search that lists a source's articles."""
    return f'source:"{source.name.replace(chr(34), " ")}"'
