"""Fuzzing the way in: whatever bytes a file holds and whatever its name, parsing gives
articles or reasons and never raises; the articles' bodies keep the recognizer's contract
and are printed inert. (The query parser, dates and the recognizer on raw text have their
own property tests in tests/core.)"""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.conftest import cli_env
from tests.hardening.hostile import HOSTILE_TEXT
from tests.helpers import NEWSY_WORDS, assert_contract
from tui.core.article import PARAGRAPH_SEPARATOR, Article, Skipped
from tui.core.corpus import display_name
from tui.core.entities import EntityContext, get_recognizer
from tui.core.inert import inert, inert_line
from tui.core.parsers import ARTICLE_SUFFIXES, parse_bytes

SUFFIXES = st.one_of(st.sampled_from(sorted(ARTICLE_SUFFIXES)), st.text(max_size=6))
LINES = [
    "# Headline",
    "#",
    "By Ann Lee",
    "By",
    "April 8, 2026",
    "2026-04-08T10:00:00+02:00",
    "12/04/2026",
    "Feb. 29, 2025",
    "**Related article:** [Peace talks](https://x.org/a)",
    "**Photo: AFP**",
    "![Tankers](https://x.org/i.jpg)",
    "Original url:",
    "<https://www.themoscowtimes.com/2026/04/12/x>",
    "Please donate to keep our journalism free.",
    "Subscribe now.",
    "",
    " ",
    "\t",
    "\r",
    HOSTILE_TEXT,
    *NEWSY_WORDS,
]
newsy_text = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=40)), max_size=40).map(
    "\n".join
)
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=30),
        st.sampled_from(LINES),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.sampled_from(
                ["title", "body", "text", "content", "author", "byline", "date", "published",
                 "url", "link", "source", "articles", "x"]
            ),
            children,
            max_size=6,
        ),
    ),
    max_leaves=20,
)  # fmt: skip
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])


def encode(text: str, encoding: str) -> bytes:
    data = text.encode(encoding, errors="replace")
    return codecs.BOM_UTF16_LE + data if encoding == "utf-16-le" else data


def check(results: list[Article | Skipped], rel: str) -> None:
    """What parse_bytes promises for any input."""
    assert results
    for result in results:
        assert isinstance(result, Article | Skipped)
        assert result.id == rel or result.id.startswith(rel + "#")
        if isinstance(result, Skipped):
            assert result.reason.strip()
            continue
        assert isinstance(result.title, str)
        assert result.title or result.paragraphs
        assert all(isinstance(p, str) and p for p in result.paragraphs)
        assert result.body == PARAGRAPH_SEPARATOR.join(result.paragraphs)
        for field in (result.title, result.byline or "", result.source or "", result.url or ""):
            assert len(inert_line(field)) == len(field)
        assert len(inert(result.body)) == len(result.body)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000), suffix=SUFFIXES)
def test_any_bytes_with_any_suffix_parse_or_give_a_reason(data: bytes, suffix: str) -> None:
    rel = f"file{suffix}"
    check(parse_bytes(data, rel=rel, path=Path(rel)), rel)


@settings(max_examples=200, deadline=None)
@given(text=newsy_text, encoding=encodings, suffix=SUFFIXES, dayfirst=st.booleans())
def test_article_like_text_in_any_encoding_parses_or_gives_a_reason(
    text: str, encoding: str, suffix: str, dayfirst: bool
) -> None:
    rel = f"story{suffix}"
    data = encode(text, encoding)
    check(parse_bytes(data, rel=rel, path=Path(rel), dayfirst=dayfirst), rel)


@settings(max_examples=200, deadline=None)
@given(value=json_values, lines=st.booleans(), dayfirst=st.booleans())
def test_any_json_parses_or_gives_a_reason(value: object, lines: bool, dayfirst: bool) -> None:
    rel = "feed.jsonl" if lines else "feed.json"
    if lines:
        items = value if isinstance(value, list) else [value]
        text = "\n".join(json.dumps(item) for item in items)
    else:
        text = json.dumps(value)
    check(parse_bytes(text.encode(), rel=rel, path=Path(rel), dayfirst=dayfirst), rel)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=newsy_text)
def test_parsed_bodies_keep_the_recognizer_contract(text: str) -> None:
    for result in parse_bytes(text.encode(), rel="a.md", path=Path("a.md")):
        if isinstance(result, Article):
            context = EntityContext(published=result.published, title=result.title)
            assert_contract(result.body, get_recognizer("rules").recognise(result.body, context))


@given(
    name=st.text(max_size=40)
    | st.binary(max_size=40).map(lambda b: b.decode("utf-8", "surrogateescape"))
)
def test_any_file_name_is_displayed_as_printable_text(name: str) -> None:
    shown = display_name(name)
    shown.encode("utf-8")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in shown)
    assert not set(shown) & {
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
    }


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"title": "t", "body": ' + b"[" * 100_000 + b'"x"' + b"]" * 100_000 + b"}",
        b'{"title": "t", "author": ' + b'{"name": ' * 900 + b'"x"' + b"}" * 901,
    ],
    ids=["nested lists", "nested body", "nested author"],
)
def test_deeply_nested_json_is_skipped_or_read_never_raised(data: bytes, suffix: str) -> None:
    rel = f"deep{suffix}"
    results = parse_bytes(data, rel=rel, path=Path(rel))
    check(results, rel)
    for result in results:
        if isinstance(result, Skipped):
            assert "nested too deeply" in result.reason


ADVERSARIAL = {
    "unclosed bold": b"**a " * 300_000,
    "unclosed brackets": b"[" * 1_000_000,
    "unclosed images": b"![" * 500_000,
    "unclosed links": b"[x](" * 300_000,
    "unclosed autolinks": b"<https://" * 200_000,
    "a line of spaces": b"a" + b" " * 2_000_000 + b"b",
    "long heading": b"# " + b"#a" * 500_000,
}
RUN_ADVERSARIAL = """
import sys, time
from pathlib import Path
from tests.hardening.test_fuzz import ADVERSARIAL
from tui.core.parsers import parse_bytes
for name, data in ADVERSARIAL.items():
    started = time.perf_counter()
    parse_bytes(data, rel="x.md", path=Path("x.md"))
    print(f"{name}: {time.perf_counter() - started:.2f}", flush=True)
"""


def test_adversarial_markdown_lines_are_parsed_in_linear_time(tmp_path: Path) -> None:
    """Lines of a few MB made of unclosed openings once took minutes each (quadratic regular
    expressions): a file could stall indexing. Each now takes well under a second; the
    limit below is generous so a busy machine does not fail it."""
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_ADVERSARIAL],
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        out, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    finished = dict(line.split(": ") for line in out.splitlines())
    assert list(finished) == list(ADVERSARIAL), f"stalled after {list(finished)}"
    slow = {name: seconds for name, seconds in finished.items() if float(seconds) > 15}
    assert not slow
