"""The query language: a typed query read into a checked tree (`tree`, `parser`), which the
engine turns into Whoosh queries (`..engine.translate`).

    putin kremlin              both words (words default to AND), anywhere
    putin OR zelensky          either; NOT excludes; (parentheses) group
    "strait of hormuz"         a phrase; "peace talks"~3 allows words in between
    sanction*  goverment~      a prefix; a fuzzy word (~1 or ~2 edits)
    title:iran  author:smith   a field: title, body, author, source, person, org, place
    date:2026-04  after:"last week"  before:2026  date:2026-04-01..2026-04-30
"""

from .parser import parse_query
from .tree import DateFilter, Group, Negation, Node, ParsedQuery, Word

__all__ = ["DateFilter", "Group", "Negation", "Node", "ParsedQuery", "Word", "parse_query"]
