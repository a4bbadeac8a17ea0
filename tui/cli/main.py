"""Argument parsing and dispatch for the `broadsheet` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from .. import __version__

# Each subcommand lives in its own module with `add_parser(subparsers)` and `run(args) -> int`.
SUBCOMMANDS = {
    "read": "tui.cli.read_command",
    "index": "tui.cli.index_command",
    "search": "tui.cli.search_command",
    "entities": "tui.cli.entities_command",
    "export": "tui.cli.export_command",
    "serve": "tui.cli.serve_command",
}
DEFAULT_SUBCOMMAND = "read"


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser, with every subcommand registered, or with `only` that one: the reader
    then starts without loading the index and the parsers that the others import."""
    parser = argparse.ArgumentParser(
        prog="broadsheet",
        description="A keyboard-first terminal reader for a folder of news articles.",
        epilog="Run `broadsheet [CORPUS]` to open the reader (CORPUS defaults to ./corpus).",
    )
    parser.add_argument("--version", action="version", version=f"broadsheet {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in SUBCOMMANDS.items():
        if only is None or name == only:
            import_module(module_name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (
        args_list[0] not in SUBCOMMANDS and args_list[0] not in ("-h", "--help", "--version")
    ):
        args_list.insert(0, DEFAULT_SUBCOMMAND)
    # The command is known before parsing (a bare CORPUS is `read`): only its module loads.
    parser = build_parser(args_list[0] if args_list[0] in SUBCOMMANDS else None)
    args = parser.parse_args(args_list)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error.
        sys.stderr.close()
        return 0
