"""The first listing of a small corpus, before its index exists: real titles and dates."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import REPO
from tui.core.corpus import load_corpus
from tui.core.library import Library


def test_a_small_corpus_is_listed_with_its_parsed_titles_before_indexing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    (corpus / "notes.json").write_text('{"title": "A JSON note", "body": "Words."}')
    library = Library(corpus, tmp_path / "index")
    library.open()
    quick = {summary.id: summary for summary in library.quick_listing()}
    articles, _ = load_corpus(corpus)
    assert len(quick) == len(articles) == 3
    for article in articles:
        summary = quick[article.id]
        assert summary.pending
        if article.id.endswith(".txt"):
            # Text files are read whole: the parser's title (even one taken from the first
            # sentence, where the first line is no headline) and its date.
            assert (summary.title, summary.published) == (article.title, article.published)
            assert not summary.title.endswith(".txt")
        else:
            assert summary.title == "notes.json"  # other kinds wait for the index
    library.close()
