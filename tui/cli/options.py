"""Options shared by several subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")


def add_corpus_options(parser: argparse.ArgumentParser, *, positional: bool) -> None:
    """Add the corpus folder (positional or --corpus) and --index-dir."""
    if positional:
        parser.add_argument(
            "corpus", nargs="?", type=Path, default=DEFAULT_CORPUS,
            help="folder of articles (default: ./corpus)",
        )  # fmt: skip
    else:
        parser.add_argument(
            "--corpus", type=Path, default=DEFAULT_CORPUS,
            help="folder of articles (default: ./corpus)",
        )  # fmt: skip
    parser.add_argument(
        "--index-dir", type=Path, default=None,
        help="where the search index lives (default: $BROADSHEET_INDEX_DIR, else the user cache)",
    )  # fmt: skip
    parser.add_argument(
        "--day-first", action="store_true",
        help="read numeric dates such as 12/04/2026 as day/month (default: month/day)",
    )  # fmt: skip


def add_entities_option(parser: argparse.ArgumentParser) -> None:
    """Add --entities to choose the entity recognizer."""
    parser.add_argument(
        "--entities", default=None, metavar="BACKEND",
        help="entity recognizer: 'rules' (built in, default), 'spacy', or 'spacy:MODEL'",
    )  # fmt: skip
