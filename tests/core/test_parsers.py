"""The article parsers: each rule on the seed articles and on small fixtures."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import MARKDOWN_SEED, PLAIN_SEED
from tui.core.article import Article, Link, Skipped
from tui.core.parsers import parse_bytes


def parse(data: bytes | str, name: str = "a.txt") -> list[Article | Skipped]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse_bytes(raw, rel=name, path=Path(name))


def parse_one(data: bytes | str, name: str = "a.txt") -> Article:
    [result] = parse(data, name)
    assert isinstance(result, Article), result
    return result


def seed(path: Path) -> Article:
    return parse_one(path.read_bytes(), path.name)


# The Markdown-flavoured seed


def test_markdown_title_comes_from_the_heading() -> None:
    article = seed(MARKDOWN_SEED)
    assert article.title == "Putin Says Ready to Help Peace Efforts in Call With Iran President"
    assert not article.title_derived


def test_markdown_byline_link_becomes_plain_name() -> None:
    assert seed(MARKDOWN_SEED).byline == "AFP"


def test_markdown_date_line_is_the_published_date() -> None:
    assert seed(MARKDOWN_SEED).published == datetime(2026, 4, 12)


def test_markdown_image_credit_line_is_a_caption_not_body() -> None:
    article = seed(MARKDOWN_SEED)
    assert len(article.captions) == 1
    assert article.captions[0].startswith("Iranian President Masoud Pezeshkian meeting")
    assert "Zuma\\TASS" in article.captions[0]
    assert not any("Zuma" in p for p in article.paragraphs)


def test_markdown_related_article_is_a_link_not_body() -> None:
    article = seed(MARKDOWN_SEED)
    assert article.related == (Link("Kremlin Welcomes Iran Ceasefire Deal", None),)
    assert not any("Related article" in p for p in article.paragraphs)


def test_markdown_original_url_footer_becomes_the_url() -> None:
    article = seed(MARKDOWN_SEED)
    assert article.url is not None
    assert article.url.startswith("https://www.themoscowtimes.com/2026/04/12/putin-says")
    assert not any("Original url" in p or "https://" in p for p in article.paragraphs)


def test_source_is_derived_from_the_url_host() -> None:
    assert seed(MARKDOWN_SEED).source == "The Moscow Times"


def test_inline_links_are_reduced_to_their_text() -> None:
    first = seed(MARKDOWN_SEED).paragraphs[0]
    assert first.endswith("the Kremlin said.")
    assert "](#)" not in first


def test_markdown_body_has_every_article_paragraph() -> None:
    article = seed(MARKDOWN_SEED)
    assert len(article.paragraphs) == 13
    assert article.paragraphs[-1].startswith("Throughout the war")
    assert article.boilerplate == ()


def test_emphasis_markers_are_removed() -> None:
    article = parse_one("# Title\n\nThis is **very** important and *quite* _subtle_.\n", "a.md")
    assert article.paragraphs == ("This is very important and quite subtle.",)


# The bare-text seed


def test_plain_long_first_line_gives_a_derived_title() -> None:
    article = seed(PLAIN_SEED)
    assert article.title_derived
    assert article.title.startswith("The Kremlin said Tuesday that it would welcome a ceasefire")
    assert len(article.title) <= 81
    assert article.title.endswith("…")


def test_plain_first_line_stays_in_the_body_when_title_is_derived() -> None:
    assert seed(PLAIN_SEED).paragraphs[0].startswith("The Kremlin said Tuesday")


def test_plain_seed_has_no_date_and_no_note_about_one() -> None:
    article = seed(PLAIN_SEED)
    assert article.published is None


def test_plain_one_paragraph_a_line() -> None:
    article = seed(PLAIN_SEED)
    assert article.paragraphs[-1] == "AFP contributed reporting."
    assert len(article.paragraphs) == 14


def test_publisher_appeal_is_set_apart_as_boilerplate() -> None:
    article = seed(PLAIN_SEED)
    assert article.boilerplate[0] == "A Message from The Moscow Times:"
    assert article.boilerplate[-1] == "Remind me later."
    assert not any("Dear readers" in p for p in article.paragraphs)


def test_boilerplate_is_found_by_general_cues_not_exact_text() -> None:
    text = (
        "Storm hits coast\n\n"
        "A storm hit the coast on Monday, cutting power to thousands of homes.\n\n"
        "Officials said repairs would take days.\n\n"
        "Before you go\n\n"
        "Our reporting is free to read. Please consider a monthly donation to keep it so.\n\n"
        "Subscribe to our newsletter for the morning briefing.\n\n"
        "Not now\n"
    )
    article = parse_one(text)
    assert article.paragraphs[-1] == "Officials said repairs would take days."
    assert article.boilerplate[0] == "Before you go"


def test_publisher_named_in_the_appeal_becomes_the_source() -> None:
    assert seed(PLAIN_SEED).source == "The Moscow Times"


def test_plain_short_first_line_is_the_title() -> None:
    article = parse_one("Storm Hits the Coast\n\nA storm hit the coast on Monday.\n")
    assert article.title == "Storm Hits the Coast"
    assert not article.title_derived
    assert article.paragraphs == ("A storm hit the coast on Monday.",)


def test_plain_headline_followed_directly_by_body_line() -> None:
    article = parse_one("Storm Hits the Coast\nA storm hit the coast on Monday, officials said.\n")
    assert article.title == "Storm Hits the Coast"


def test_plain_byline_and_date_under_the_title() -> None:
    article = parse_one("Storm Hits\n\nBy Jane Roe\n\nDec. 12, 2025\n\nA storm hit.\n")
    assert (article.byline, article.published) == ("Jane Roe", datetime(2025, 12, 12))


def test_title_derived_at_word_boundary() -> None:
    words = "word " * 40
    article = parse_one(f"{words.strip()}.\n")
    assert article.title_derived
    assert article.title.endswith("…")
    assert article.title[:-1].split() == ["word"] * len(article.title[:-1].split())


def test_derived_title_ignores_abbreviation_full_stops() -> None:
    article = parse_one("The U.S. Army said on Monday it was ready. Later it changed its mind.\n")
    assert article.title == "The U.S. Army said on Monday it was ready"


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    text = (
        "Storm Hits\n\n"
        "A storm hit the coast on Monday, cutting power to thousands\n"
        "of homes and closing the main road, officials said on\n"
        "Tuesday.\n"
    )
    assert len(parse_one(text).paragraphs) == 1


# Encodings and bad files


def test_utf8_bom_is_removed() -> None:
    article = parse_one(b"\xef\xbb\xbf# Title\n\nBody text.\n", "a.md")
    assert article.title == "Title"
    assert article.notes == ()


def test_cp1252_byte_falls_back_with_a_note() -> None:
    article = parse_one(b"Caf\xe9 Opens Downtown\n\nThe caf\xe9 opened \x93today\x94.\n")
    assert article.title == "Café Opens Downtown"
    assert article.paragraphs == ("The café opened “today”.",)
    assert any("Windows-1252" in note for note in article.notes)


def test_utf16_with_bom_is_read() -> None:
    article = parse_one("Title Here\n\nBody.\n".encode("utf-16"))
    assert article.title == "Title Here"


def test_empty_file_is_skipped_with_reason() -> None:
    assert parse(b"") == [Skipped("a.txt", Path("a.txt"), "empty file")]


def test_whitespace_only_file_is_skipped_with_reason() -> None:
    [result] = parse(b"  \n\t\n")
    assert isinstance(result, Skipped) and result.reason == "only white space"


def test_binary_file_is_skipped_with_reason() -> None:
    [result] = parse(bytes(range(256)) * 4)
    assert isinstance(result, Skipped) and "binary" in result.reason


def test_file_without_title_or_date() -> None:
    article = parse_one("just some words that run on without a stop")
    assert article.title_derived and article.published is None


# JSON


def test_json_single_object() -> None:
    record = {
        "title": "Markets Rally",
        "text": "Shares rose.\n\nBonds fell.",
        "author": {"name": "Ann Lee"},
        "published": "2026-04-12T09:30:00+03:00",
        "url": "https://www.washingtonpost.com/x",
    }
    article = parse_one(json.dumps(record), "a.json")
    assert article.id == "a.json" and article.entry is None
    assert article.title == "Markets Rally"
    assert article.paragraphs == ("Shares rose.", "Bonds fell.")
    assert article.byline == "Ann Lee"
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=3)
    assert article.source == "Washington Post"


def test_json_list_gives_one_article_per_entry() -> None:
    records = [{"title": "One", "body": "First."}, {"title": "Two", "content": "Second."}]
    results = parse(json.dumps(records), "feed.json")
    assert [r.id for r in results] == ["feed.json#0", "feed.json#1"]
    assert all(isinstance(r, Article) and r.file_id == "feed.json" for r in results)


def test_json_entry_without_text_is_skipped_alone() -> None:
    results = parse(json.dumps([{"title": "One", "body": "First."}, {"id": 3}]), "feed.json")
    assert isinstance(results[0], Article)
    assert isinstance(results[1], Skipped) and "no title and no text" in results[1].reason


def test_invalid_json_is_skipped_with_position() -> None:
    [result] = parse('{"title": "x",', "a.json")
    assert isinstance(result, Skipped) and "invalid JSON at line 1" in result.reason


def test_jsonl_bad_line_skips_that_line_only() -> None:
    lines = '{"title": "One", "body": "A."}\n{broken\n{"title": "Three", "body": "C."}\n'
    results = parse(lines, "a.jsonl")
    assert [type(r).__name__ for r in results] == ["Article", "Skipped", "Article"]
    assert results[1].id == "a.jsonl#2" and "line 2" in results[1].reason
    assert results[2].id == "a.jsonl#3"


def test_json_unparseable_date_is_none_with_a_note() -> None:
    article = parse_one(json.dumps({"title": "T", "body": "B.", "date": "sometime soon"}), "a.json")
    assert article.published is None
    assert any("could not be read" in note for note in article.notes)


def test_article_text_markup_is_kept_verbatim() -> None:
    article = parse_one("[bold]Loud[/] Title\n\nBody with [@click=app.quit]x[/] in it.\n")
    assert article.title == "[bold]Loud[/] Title"
    assert "[@click=app.quit]x[/]" in article.paragraphs[0]


def test_word_count_counts_body_only() -> None:
    assert seed(PLAIN_SEED).word_count == sum(len(p.split()) for p in seed(PLAIN_SEED).paragraphs)
