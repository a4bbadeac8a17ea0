"""A small fixture corpus for the index tests, written into a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.index import ArticleIndex

ARTICLES: dict[str, str] = {
    "kremlin-ceasefire.md": """# Kremlin Welcomes Iran Ceasefire Deal

By Anna Petrova

April 8, 2026

The Kremlin said on Wednesday that it welcomed the ceasefire between Iran and Israel.

Russian President Vladimir Putin spoke with Iranian President Masoud Pezeshkian by phone.

Shipping through the Strait of Hormuz resumed as governments urged restraint.
""",
    "putin-peace.md": """# Putin Says Ready to Help Peace Efforts

By AFP

April 12, 2026

Vladimir Putin told his Iranian counterpart that Russia was ready to help mediate peace talks.

Putin emphasised his readiness to facilitate a political settlement, the Kremlin said.

Original url:

<https://www.themoscowtimes.com/2026/04/12/putin-says-ready-a92478>
""",
    "oil-prices.md": """# Oil Prices Climb as Strait Stays Tense

By John Miller

March 30, 2026

Oil prices rose sharply on Monday as traders worried about tankers in the Gulf.

Analysts at Goldman Sachs said supply from the strait could fall further.

Original url:

<https://www.reuters.com/markets/oil-prices-climb>
""",
    "election-berlin.md": """# Berlin Prepares for a Snap Election

By Clara Weber

February 3, 2026

Voters in Berlin will choose a new parliament after the coalition collapsed.

Chancellor candidates held rallies across Germany over the weekend.
""",
    "football-final.md": """# Madrid Win the Cup Final

By Luis Garcia

May 2, 2025

Real Madrid beat Barcelona in a dramatic cup final decided by penalties.

The government declared a holiday in the capital to celebrate the victory.
""",
}


def write_corpus(root: Path, articles: dict[str, str] | None = None) -> Path:
    """Write the fixture articles into `root/corpus` and return that folder."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in (ARTICLES if articles is None else articles).items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return corpus


def open_index(corpus: Path, root: Path, **options: object) -> ArticleIndex:
    """Open the index of `corpus` in `root/index`."""
    return ArticleIndex.open(corpus, root / "index", **options)  # type: ignore[arg-type]


def built_index(root: Path, articles: dict[str, str] | None = None) -> ArticleIndex:
    """A corpus written into `root` and its index brought up to date."""
    index = open_index(write_corpus(root, articles), root)
    index.update()
    return index


def bump_mtime(path: Path, seconds: int = 10) -> None:
    """Move a file's mtime forward without changing its content."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))
