"""A generator of hostile test corpora: every kind of file a reader of a news folder may meet.

`build_hostile_corpus` writes a corpus into a folder and returns what a correct reader must
make of it: the articles it must load (each with a word found nowhere else, to search for)
and the files it must skip (with words its reason must contain). Big files (a 50 MB article,
10,000 files in one folder) are written by their own functions, once per test session.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

NESTING_DEPTH = 30
LONG_LINE_BYTES = 2 * 1024 * 1024
HUGE_ARTICLE_BYTES = 50 * 1024 * 1024
MANY_FILES = 10_000

ESC = "\x1b"
TERMINAL_ATTACKS = (
    f"{ESC}[2J{ESC}[H",  # clear the screen, cursor home
    f"{ESC}]0;pwned-title{ESC}\\",  # set the window title (ST)
    f"{ESC}]2;pwned-title\x07",  # set the window title (BEL)
    f"{ESC}]52;c;cHduZWQ=\x07",  # write "pwned" to the clipboard (OSC 52)
    f"{ESC}[?1049l",  # leave the alternate screen
    f"{ESC}c",  # full reset
    "\x9b2J",  # C1 CSI: clear the screen on 8-bit terminals
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\x07\x08\r",  # bell, backspace, carriage return
)
"""Escape sequences and controls that a terminal would obey if they reached it raw."""
MARKUP_ATTACKS = "[bold red]LOUD[/] [@click=app.quit]quit[/] [link=file:///etc/passwd]x[/link]"
HOSTILE_TEXT = MARKUP_ATTACKS + " " + " ".join(TERMINAL_ATTACKS)


@dataclass
class HostileCorpus:
    """A generated corpus and what a correct reader makes of it."""

    root: Path
    articles: dict[str, str] = field(default_factory=dict)
    """Article id → a word that only this article holds (search for it to find it)."""
    skipped: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """File id → words the reason for skipping it must contain (any one of them)."""
    unreadable: str | None = None
    """The id of the file without read permission (skipped only for an unprivileged user)."""


def marker(number: int) -> str:
    """A made-up word, unique per number, that no English text holds (letters only)."""
    letters = "bcdfghjklmnpqrstvwxz"
    word = ""
    while True:
        number, digit = divmod(number, len(letters))
        word += letters[digit]
        if number == 0:
            break
    return f"quokkazed{word}"


def article_text(title: str, word: str, paragraphs: int = 2) -> str:
    """A small plain-text article whose body holds `word`."""
    body = "\n\n".join(
        f"Paragraph {n} says the council met again and the word {word} was spoken."
        for n in range(1, paragraphs + 1)
    )
    return f"{title}\n\nBy Staff Writer\n\nMarch 3, 2026\n\n{body}\n"


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def build_hostile_corpus(root: Path, *, outside: Path | None = None) -> HostileCorpus:
    """Write the hostile corpus into `root` (created) and say what must become of it.

    `outside` is a folder beside the corpus for the target of the escaping symlink
    (default: `root.parent / "outside"`).
    """
    root.mkdir(parents=True, exist_ok=True)
    corpus = HostileCorpus(root)
    counter = iter(range(1000))

    def article(rel: str | bytes, make: Callable[[str], bytes | str] | None = None) -> None:
        word = marker(next(counter))
        data = make(word) if make is not None else article_text(f"Story {word}", word)
        name = os.fsdecode(rel)
        _write(Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(rel)))), data)
        corpus.articles[name] = word

    def skipped(rel: str, data: bytes | str, *reason: str) -> None:
        _write(root / rel, data)
        corpus.skipped[rel] = reason

    # Articles that must load, however odd their encoding, names or shape.
    article("plain.txt")
    article(
        "utf16-le.txt",
        lambda w: codecs.BOM_UTF16_LE + article_text("Sixteen", w).encode("utf-16-le"),
    )
    article(
        "utf16-be.md", lambda w: codecs.BOM_UTF16_BE + f"# Big end\n\n{w} text.".encode("utf-16-be")
    )
    article(
        "invalid-utf8.txt",
        lambda w: article_text("Caf\xe9 society", w).encode("cp1252") + b"\xff\xfe invalid \x81",
    )
    article("a name with spaces.txt")
    article("new\nline name.txt")
    article(b"caf\xe9 latin1 name.txt")
    article("tab\tand\x1b[2J escape.txt")
    nested = "/".join(f"level{n:02d}" for n in range(1, NESTING_DEPTH + 1))
    article(f"{nested}/deep.txt")
    article("long-line.txt", lambda w: f"{w} " + "longline " * (LONG_LINE_BYTES // 9))
    article(
        "hostile-title.txt",
        lambda w: (
            f"{HOSTILE_TEXT}\n\nBy {HOSTILE_TEXT}\n\n{w} {HOSTILE_TEXT}\n\n"
            + article_text("", w, 12)
        ),
    )
    article(
        "hostile.json",
        lambda w: json.dumps(
            {"title": HOSTILE_TEXT, "byline": HOSTILE_TEXT, "body": f"{w} {HOSTILE_TEXT}"}
        ),
    )
    # A symlink to an article inside the corpus is followed: the article is there twice.
    (root / "alias.txt").symlink_to(root / "plain.txt")
    corpus.articles["alias.txt"] = corpus.articles["plain.txt"]

    # Files that must be skipped, each with its reason.
    skipped("binary.txt", bytes(range(256)) * 64, "binary")
    skipped("nul-in-text.md", b"# Title\n\nText\x00with a NUL byte.", "binary")
    skipped("empty.txt", b"", "empty")
    skipped("blank.txt", b" \n\t\r\n   \n", "white space")
    skipped("blank-utf16.txt", codecs.BOM_UTF16_LE + "   \n".encode("utf-16-le"), "white space")
    skipped("broken.json", '{"title": "cut off', "json")
    skipped("photo.png", b"\x89PNG\r\n\x1a\n", "not an article file type")
    (root / "loop").mkdir()
    (root / "loop" / "again").symlink_to(root / "loop")
    corpus.skipped["loop/again"] = ("loop",)
    (root / "self.txt").symlink_to(root / "self.txt")
    corpus.skipped["self.txt"] = ("loop", "symbolic links")
    outside = outside or root.parent / "outside"
    _write(outside / "secret.txt", article_text("Secret", "outsidesecretword"))
    (root / "escape.txt").symlink_to(outside / "secret.txt")
    corpus.skipped["escape.txt"] = ("outside the corpus",)
    (root / "escape-dir").symlink_to(outside)
    corpus.skipped["escape-dir"] = ("outside the corpus",)
    os.mkfifo(root / "pipe.txt")
    corpus.skipped["pipe.txt"] = ("not a regular file",)
    locked = root / "locked.txt"
    _write(locked, article_text("Locked", "lockedawayword"))
    locked.chmod(0)
    corpus.unreadable = "locked.txt"
    return corpus


def build_many_files(folder: Path, count: int = MANY_FILES) -> dict[str, str]:
    """`count` small articles in one folder; returns id → its word (ids relative to `folder`)."""
    folder.mkdir(parents=True, exist_ok=True)
    words = {}
    for number in range(count):
        name = f"item-{number:05d}.txt"
        word = marker(10_000 + number)
        (folder / name).write_text(f"Item {number}\n\nA short note holding {word}.\n")
        words[name] = word
    return words


def build_huge_article(path: Path, size: int = HUGE_ARTICLE_BYTES) -> str:
    """A plain-text article of about `size` bytes in many paragraphs; returns its first word."""
    word = marker(999)
    paragraph = (
        "The committee heard evidence from shipping insurers, port officials and crews "
        "about delays at sea, and the chair promised a report before the summer recess. "
    ) * 4
    block = (paragraph.strip() + "\n\n").encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        out.write(f"Huge Inquiry Transcript\n\nBy Hansard\n\n{word} opens the record.\n\n".encode())
        written = 0
        chunk = block * 256
        while written < size:
            out.write(chunk)
            written += len(chunk)
    return word
