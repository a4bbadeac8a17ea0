"""Counting the entities of the index: every name, counted once per index generation."""

from __future__ import annotations

from pathlib import Path

from whoosh.query import Term

from tui.core.index import ArticleIndex

STORY = "Report {n}\n\nJune 2, 2025\n\n{body}\n"


def _write(corpus: Path, name: str, body: str, n: int = 0) -> None:
    (corpus / name).write_text(STORY.format(n=n, body=body), encoding="utf-8")


def _index(tmp_path: Path) -> tuple[Path, ArticleIndex]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(6):
        _write(
            corpus, f"a{n}.txt", f"Mr Balan Vessard met Ms Coris Tarning in Norway. Part {n}.", n
        )
    index = ArticleIndex.open(corpus, tmp_path / "index", entities="rules")
    index.update()
    return corpus, index


def _counts(index: ArticleIndex) -> dict[tuple[str, str], int]:
    return {(e.kind, e.key): e.count for e in index.top_entities(None, limit=None)}


def test_counts_are_articles_mentioning_each_name(tmp_path: Path) -> None:
    _, index = _index(tmp_path)
    counts = _counts(index)
    assert counts[("person", "balan vessard")] == 6
    searcher = index._searcher_now()
    for (kind, key), count in counts.items():
        term = Term("entity_keys", f"{kind}:{key}")
        assert count == len(list(searcher.docs_for_query(term)))


def test_counts_are_kept_for_the_same_generation(tmp_path: Path) -> None:
    _, index = _index(tmp_path)
    first = index.top_entities(None, limit=None)
    assert index.top_entities(None, limit=None) is first
    assert index.top_entities("person", limit=1) == [first[0]] or first[0].kind != "person"


def test_an_update_brings_new_names_and_new_counts(tmp_path: Path) -> None:
    corpus, index = _index(tmp_path)
    before = _counts(index)
    assert ("person", "odalys threnody") not in before
    _write(corpus, "new.txt", "Officials said Ms Odalys Threnody met Mr Balan Vessard in Oslo.", 9)
    (corpus / "a0.txt").unlink()
    index.update()
    after = _counts(index)
    assert any(key == "odalys threnody" and count == 1 for (_, key), count in after.items())
    assert after[("person", "balan vessard")] == 6  # one article gone, one new
    names = {e.name for e in index.top_entities(None, limit=None)}
    assert "Odalys Threnody" in names


def test_a_deleted_article_is_not_counted(tmp_path: Path) -> None:
    corpus, index = _index(tmp_path)
    (corpus / "a1.txt").unlink()
    (corpus / "a2.txt").unlink()
    index.update()
    assert _counts(index)[("person", "balan vessard")] == 4
