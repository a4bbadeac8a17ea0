"""The corpus's articles as the anchors index them: read by Broadsheet's own parser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tui.core.article import Article
from tui.core.corpus import CorpusFile, read_file, scan


def parsed_articles(corpus: Path) -> Iterator[Article]:
    """Every article of the corpus, parsed exactly as Broadsheet's index reads them."""
    for item in scan(corpus):
        if not isinstance(item, CorpusFile):
            continue
        for result in read_file(item):
            if isinstance(result, Article):
                yield result
