"""The smaller index (schema 6): bodies and entities in compressed columns, compact posting
blocks, matches found without tokenizing whole bodies, and ranking's shortcuts."""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.helpers import ARTICLES, built_index, open_index, write_corpus
from tui.core.index import ArticleIndex, snippets
from tui.core.index.analysis import stem_word, text_tokens
from tui.core.index.engine import ranking
from tui.core.index.engine.translate import MatchSpec, match_specs
from tui.core.index.query import parse_query
from tui.core.index.schema import SCHEMA_VERSION, UNDATED
from tui.core.index.snippets import (
    STEM_CHANGE,
    _find_by_tokens,
    find_matches,
    make_snippet,
)
from tui.core.index.spelling import distance
from tui.core.index.store import META_FILE, article_body


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    return built_index(tmp_path_factory.mktemp("footprint"))


def test_bodies_are_not_stored_fields_but_snippets_still_come_back(index: ArticleIndex) -> None:
    searcher = index._searcher_now()
    for docnum in searcher.reader().all_doc_ids():
        assert "body" not in searcher.stored_fields(docnum)
        assert "entities" not in searcher.stored_fields(docnum)
    results = index.search("hormuz")
    assert [hit.id for hit in results.hits] == ["kremlin-ceasefire.md"]
    snippet = results.hits[0].snippet
    assert snippet is not None
    assert [snippet.text[s:e].lower() for s, e in snippet.matches] == ["hormuz"]


def test_the_body_column_holds_the_body_the_reader_reads(index: ArticleIndex) -> None:
    searcher = index._searcher_now()
    for docnum in searcher.reader().all_doc_ids():
        ident = searcher.stored_fields(docnum)["id"]
        article = index.load_article(ident)
        assert article_body(searcher, docnum) == getattr(article, "body", None)


def test_entities_come_back_from_their_column(index: ArticleIndex) -> None:
    article = index.load_article("putin-peace.md")
    entities = index.entities_for("putin-peace.md")
    assert entities
    body = getattr(article, "body", "")
    assert any(entity.text == "Putin" for entity in entities)
    for entity in entities:
        assert body[entity.start : entity.end] == entity.text


def test_more_like_this_reads_the_body_column(index: ArticleIndex) -> None:
    related = index.more_like_this("putin-peace.md")
    assert "kremlin-ceasefire.md" in {hit.id for hit in related}


def test_an_index_of_the_previous_version_is_rebuilt(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    index.close()
    meta = index.folder / META_FILE
    meta.write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}))
    reopened = open_index(tmp_path / "corpus", tmp_path)
    assert any(f"version {SCHEMA_VERSION - 1}" in notice for notice in reopened.notices)
    assert reopened.update().added == len(ARTICLES)
    hit = reopened.search("hormuz").hits[0]
    assert hit.snippet is not None and hit.snippet.matches
    reopened.close()


DATED = {
    f"dated-{n:02d}.md": f"# Dated {n}\n\nBy A Reporter\n\nMarch {n + 1}, 2024\n\nThe harbour report.\n"
    for n in range(6)
}


def test_dates_come_from_the_column_in_every_segment(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, dict(list(DATED.items())[:3]))
    index = open_index(corpus, tmp_path)
    index.update()
    for name, text in list(DATED.items())[3:]:  # a second segment
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "undated.md").write_text("# Undated\n\nThe harbour report.\n", encoding="utf-8")
    index.update()
    searcher = index._searcher_now()
    leaves = list(searcher.reader().leaf_readers())
    assert len(leaves) >= 2
    for leaf, _ in leaves:
        column = leaf.column_reader("when", translate=False)
        assert getattr(column, "_dbfile", None) is not None  # the fast path applies
        fast = ranking._Segment(leaf, leaf.doc_count_all(), {}).when()
        assert fast.tolist() == [int(value) for value in leaf.column_reader("when")]
    hits = index.search("harbour", sort="date").hits
    assert [hit.id for hit in hits] == [*sorted(DATED, reverse=True), "undated.md"]
    published = [hit.published for hit in hits[:-1] if isinstance(hit.published, datetime)]
    assert len(published) == len(DATED)
    assert published == sorted(published, reverse=True)
    assert UNDATED < 0
    index.close()


def test_all_hit_ids_after_a_search_do_not_score_again(
    index: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    evaluate = ranking._evaluate

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args[1])
        return evaluate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ranking, "_evaluate", counting)
    index._searching.forget_words()
    first_page = index.search("government OR putin OR oil", limit=1)
    every = index.hit_ids("government OR putin OR oil")
    assert len(calls) == 1
    assert first_page.total == len(every) > 1
    assert every[0] == first_page.hits[0].id
    monkeypatch.setattr(ranking, "_EVALUATED", type(ranking._EVALUATED)())
    assert index.hit_ids("government OR putin OR oil") == every  # scored afresh: the same
    assert len(calls) == 2


TEXTS = [
    "U.S. fraud.Fraud a.fraud ..fraud _fraud FRAUDS fraud's Attorney, general; the General",
    "Sentenced, sentencing and SENTENCES: the sentence was sentenced. Sensibility, happy, happier",
    "İstanbul fraud: the attorney general of İzmir said the fraud was sentenced.",
    "Convicted convicts convict-ed conviction x_convict convict.ion 3.5 percent 3.5",
    "",
]
QUERIES = [
    "fraud",
    "sentenced",
    '"attorney general"',
    '"fraud sentenced"~3',
    "convict*",
    "sentense~",
    "happi",
    "sensibl",
    "u.s",
    "3.5",
    "person:putin",
]


@pytest.mark.parametrize("query", QUERIES)
def test_matches_found_from_candidate_words_are_those_of_every_token(query: str) -> None:
    specs = match_specs(parse_query(query), "body", None)
    rng = random.Random(query)
    words = " ".join(TEXTS).split()
    texts = [*TEXTS, *(" ".join(rng.choice(words) for _ in range(60)) for _ in range(20))]
    for text in texts:
        assert find_matches(text, specs) == _find_by_tokens(text, specs)


def test_a_stem_keeps_the_start_of_its_word() -> None:
    words = [
        "sensibility", "relational", "happy", "generalization", "conditional", "hopefulness",
        "probabilities", "ponies", "agreed", "hoping", "electricity", "formalize", "dependent",
        "adoption", "sentencing", "attorneys", "allowance", "digitizer", "callousness",
    ]  # fmt: skip
    for word in words:
        stem = stem_word(word)
        assert word.startswith(stem[: max(1, len(stem) - STEM_CHANGE)]), (word, stem)


def test_hits_from_the_manifest_are_those_from_stored_fields(index: ArticleIndex) -> None:
    from_records = index.search("said OR putin OR oil OR berlin", limit=50)
    parsed = parse_query("said OR putin OR oil OR berlin")
    searcher = index._searcher_now()
    from_fields = index._searching.search(
        searcher, parsed, limit=50, sort="relevance", snippets=20, started=0.0, complete=True
    )
    assert from_records.hits == from_fields.hits
    assert len(from_records.hits) == 4


def test_a_fuzzy_word_matches_from_its_expansions_as_from_every_token() -> None:
    # In the index, a fuzzy word carries the index terms it expanded to: every close word
    # of an indexed text is among them, so candidates need only begin as they do.
    texts = [
        *TEXTS,
        "Sentences sentense SENTANCE, the sentenced man; sentience; Séntence sentencé.",
        "SENTENCE-sentense_x 3.sentence sentence.s and the ßentence of the court",
    ]
    rng = random.Random(5)
    words = " ".join(texts).split()
    texts += [" ".join(rng.choice(words) for _ in range(60)) for _ in range(20)]
    for wanted, edits in (("sentens", 1), ("sentenc", 2), ("hapi", 1), ("fraud", 1), ("xyzzy", 1)):
        close = frozenset(
            token.term
            for text in texts
            for token in text_tokens(text)
            if token.term[:1] == wanted[:1] and distance(token.term, wanted) <= edits
        )
        spec = MatchSpec("fuzzy", (wanted,), False, edits, close)
        for text in texts:
            assert find_matches(text, [spec]) == _find_by_tokens(text, [spec]), (wanted, text)


def test_the_snippet_of_many_matches_is_the_one_every_window_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(11)
    names = ["fraud", "wire", "scheme", "court", "sentenced", "bank", "loan", "tax", "drug"]
    words = [*names, "and", "the", "a", "Fraud", "WIRE", "extraordinarily", "of", "in"]
    specs = match_specs(parse_query(" OR ".join(names)), "body", None)
    texts = [" ".join(rng.choice(words) for _ in range(n)) for n in (5, 60, 400, 1000) * 6]
    found = [make_snippet(text, find_matches(text, specs)) for text in texts]
    # Told the ends do not ascend, make_snippet looks at every match of every window.
    monkeypatch.setattr(snippets, "itertools", SimpleNamespace(pairwise=lambda ends: [(1, 0)]))
    assert found == [make_snippet(text, find_matches(text, specs)) for text in texts]
    assert all(snippet is not None and snippet.matches for snippet in found)
