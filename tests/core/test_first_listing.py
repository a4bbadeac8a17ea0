"""The first listing of a small corpus, before its index exists: real titles and dates."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import REPO
from tui.core.article import Skipped
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


def test_a_file_of_many_articles_listed_before_indexing_opens_at_its_first(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    items = "".join(
        f"<item><guid>https://e.com/{n}</guid><title>Item {n}</title>"
        f"<description>Text of item {n}.</description></item>"
        for n in (1, 2)
    )
    (corpus / "news.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>E</title>{items}</channel></rss>'
    )
    (corpus / "wire.jsonl").write_text(
        '{"title": "First wire", "body": "One."}\n{"title": "Second wire", "body": "Two."}\n'
    )
    library = Library(corpus, tmp_path / "index")
    library.open()
    # Before indexing each file is one row, and Enter on it opens the file's first article
    # (it used to say the article was "no longer in its file").
    rows = {summary.id for summary in library.quick_listing()}
    assert rows == {"news.xml", "wire.jsonl"}
    titles = {}
    for row in rows:
        opened = library.open_article(row)
        assert not isinstance(opened, Skipped), opened.reason
        titles[row] = opened.article.title
    assert titles == {"news.xml": "Item 1", "wire.jsonl": "First wire"}
    # A real article id still has to be found exactly.
    assert isinstance(library.load_article("news.xml#nothing"), Skipped)
    library.close()
