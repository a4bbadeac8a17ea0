"""The query language: a typed query read into a checked tree (`tree`, `parser`), which the
engine turns into Whoosh queries (`..engine.translate`).

    putin kremlin              both words (words default to AND), anywhere
    putin OR zelensky          either; NOT excludes; (parentheses) group
    "strait of hormuz"         a phrase; "peace talks"~3 allows words in between
    sanction*  goverment~      a prefix; a fuzzy word (~1 or ~2 edits)
    title:iran  author:smith   a field: title, body, author, source, person, org, place, entity
    date:2026-04  after:"last week"  before:2026  date:2026-04-01..2026-04-30

The tree's types load alone; the parser (and python-dateutil with it) when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...lazy import lazy_exports
from .tree import DateFilter, Group, Negation, Node, ParsedQuery, Word

if TYPE_CHECKING:
    from .parser import parse_query

__all__ = ["DateFilter", "Group", "Negation", "Node", "ParsedQuery", "Word", "parse_query"]

__getattr__, __dir__ = lazy_exports(__name__, globals(), {"parse_query": ".parser"})
