"""The command line: the reader, plus the `index`, `search` and `entities` subcommands."""

from .main import main

__all__ = ["main"]
