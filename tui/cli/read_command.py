"""`broadsheet [CORPUS]`: open the reader."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .. import startup_gc
from ..core.config import load_config
from ..core.inert import inert_line
from .options import add_corpus_options, add_entities_option


def add_parser(subparsers: Any) -> None:
    """Register `read` (also what a bare `broadsheet CORPUS` runs)."""
    parser = subparsers.add_parser("read", help="open the reader (the default command)")
    add_corpus_options(parser, positional=True)
    add_entities_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Open the reader on the corpus."""
    if not args.corpus.is_dir():
        print(f"broadsheet: no such folder: {inert_line(str(args.corpus))}", file=sys.stderr)
        return 2
    config, problems = load_config()
    startup_gc.hold()  # until the first frame: the app releases it
    from ..app import BroadsheetApp  # Textual loads only for the reader

    app = BroadsheetApp(
        args.corpus,
        args.index_dir,
        config=config,
        entities=args.entities,
        dayfirst=True if args.day_first else None,
        config_problems=problems,
    )
    app.run(mouse=config.mouse)
    # Shown in the reader as notices; said again here, where they stay after it closes.
    for problem in problems:
        print(f"broadsheet: {problem}", file=sys.stderr)
    return 0
