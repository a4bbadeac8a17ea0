"""Picture captions are tagged too: searchable by entity, and named when an article opens."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui.core.entities import EntityContext, RulesRecognizer, recognise_captions
from tui.core.library import Library, OpenedArticle

SEED = Path(__file__).resolve().parents[2] / "corpus" / "000_40f09a8b1627295c.txt"


def test_each_caption_gets_its_own_entities() -> None:
    captions = ["Fans of Everton beat drums outside Goodison Park.", "", "A view of Lake Geneva."]
    found = recognise_captions(RulesRecognizer(), captions, EntityContext())
    assert len(found) == 3 and found[1] == []
    assert ("Goodison Park", "FAC") in [(e.text, e.label) for e in found[0]]
    assert [(e.text, e.label) for e in found[2]] == [("Lake Geneva", "LOC")]
    for caption, entities in zip(captions, found, strict=True):
        assert all(caption[e.start : e.end] == e.text for e in entities)


def test_a_place_named_only_in_a_caption_is_searchable_and_shown(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    library = Library(corpus, tmp_path / "index")
    library.open()
    library.update()
    try:
        opened = library.open_article(SEED.name)
        assert isinstance(opened, OpenedArticle)
        article = opened.article
        assert "Turkmenistan" not in article.body and "Turkmenistan" in article.captions[0]
        caption_names = [(e.text, e.label) for e in opened.caption_entities[0]]
        assert ("Turkmenistan", "GPE") in caption_names
        assert [hit.id for hit in library.search("place:Turkmenistan").hits] == [SEED.name]
    finally:
        library.close()
