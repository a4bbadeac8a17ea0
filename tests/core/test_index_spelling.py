"""Slips of the keyboard: fuzzy words and "did you mean" count a swap of two letters as one
edit, and a rare word gets a suggestion when a much commoner neighbour exists."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tui.core.index import ArticleIndex
from tui.core.index.spelling import distance, terms_within, words_within

STORY = "# {title}\n\nBy Staff\n\nMarch {day}, 2026\n\n{body}\n"


def _bodies() -> dict[str, str]:
    bodies = {}
    for n in range(12):
        bodies[f"gov{n:02d}.txt"] = f"The government met the unions on day {n} of the strike."
    for n in range(5):
        bodies[f"blair{n}.txt"] = f"Tony Blair spoke to the press about the treaty, part {n}."
    for n in range(5):
        bodies[f"mallory{n}.txt"] = f"George Mallory set out for the summit, part {n}."
    for n in range(3):
        bodies[f"malory{n}.txt"] = f"Mary Malory opened the gallery for the season, part {n}."
    bodies["typo.txt"] = "The goverment said nothing about the strike."
    bodies["harbour.txt"] = "The harbour master counted the boats at dawn."
    return bodies


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    root = tmp_path_factory.mktemp("spelling")
    corpus = root / "corpus"
    corpus.mkdir()
    for number, (name, body) in enumerate(sorted(_bodies().items())):
        text = STORY.format(title=f"Story {number}", day=1 + number % 28, body=body)
        (corpus / name).write_text(text, encoding="utf-8")
    opened = ArticleIndex.open(corpus, root / "index", entities="none")
    opened.update()
    return opened


def _ids(index: ArticleIndex, query: str) -> set[str]:
    return {hit.id for hit in index.search(query, limit=100).hits}


def test_a_swap_of_two_letters_is_one_edit() -> None:
    assert distance("blari", "blair") == 1
    assert distance("goverment", "government") == 1
    assert distance("teh", "the") == 1
    assert distance("abcd", "badc") == 2


def test_a_fuzzy_word_finds_a_word_with_two_letters_swapped(index: ArticleIndex) -> None:
    found = _ids(index, "blari~")
    assert {f"blair{n}.txt" for n in range(5)} <= found
    assert not any(name.startswith("gov") for name in found)


def test_a_fuzzy_word_highlights_the_swapped_word(index: ArticleIndex) -> None:
    body = "Tony Blair spoke to the press."
    assert index.match_offsets("blari~", body) == [(5, 10)]
    assert index.match_offsets("harobur~", "The harbour master.") == [(4, 11)]


def test_an_unknown_word_with_swapped_letters_gets_a_suggestion(index: ArticleIndex) -> None:
    results = index.search("hrabour")
    assert results.total == 0
    assert results.suggestion == "harbour"
    assert index.search("blari").suggestion == "blair"


def test_a_rare_word_with_a_much_commoner_neighbour_gets_a_suggestion(
    index: ArticleIndex,
) -> None:
    results = index.search("goverment strike")
    assert {hit.id for hit in results.hits} == {"typo.txt"}
    assert results.suggestion == "government strike"


def test_no_suggestion_when_the_neighbour_is_not_much_commoner(index: ArticleIndex) -> None:
    # "malory" is in 3 articles, "mallory" in 5: both are real names.
    assert index.search("malory").total == 3
    assert index.search("malory").suggestion is None
    assert index.search("government").suggestion is None


def test_a_fuzzy_word_that_found_hits_gets_no_suggestion(index: ArticleIndex) -> None:
    assert index.search("goverment~").suggestion is None
    assert index.search("goverment~").total == 13


@pytest.mark.parametrize("seed", range(4))
def test_words_within_agrees_with_the_distance(seed: int) -> None:
    rng = random.Random(seed)
    letters = "abcd"
    words = sorted(
        {"".join(rng.choice(letters) for _ in range(rng.randrange(1, 7))) for _ in range(800)}
    )
    for _ in range(30):
        word = "".join(rng.choice(letters) for _ in range(rng.randrange(1, 6)))
        for edits in (1, 2):
            for prefix in (0, 1):
                expected = [
                    w for w in words if distance(w, word) <= edits and w[:prefix] == word[:prefix]
                ]
                assert words_within(words, word, edits, prefix) == expected


def test_terms_within_walks_each_segment_of_the_index(index: ArticleIndex) -> None:
    reader = index._searcher_now().reader()
    for segment, _ in reader.leaf_readers():
        every = [term.decode("utf-8") for term in segment.lexicon("body")]
        for word in ("blari", "govern", "harobur"):
            expected = {t for t in every if t[:1] == word[:1] and distance(t, word) <= 2}
            assert set(terms_within(segment, "body", word, 2, prefix=1)) == expected


def test_the_word_list_is_read_again_after_an_update(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(STORY.format(title="A", day=1, body="Quiet day."))
    index = ArticleIndex.open(corpus, tmp_path / "index", entities="none")
    index.update()
    assert index.search("zeplin").suggestion is None
    for n in range(3):
        (corpus / f"z{n}.txt").write_text(STORY.format(title="Z", day=2, body="A zeppelin."))
    index.update()
    assert index.search("zepplein").suggestion == "zeppelin"
