"""The index's schema version, apart from the schema so that reading it loads no Whoosh.

A later launch compares it with the version an index was built with before it lists the
titles that index saved: importing `schema` for it would load part of Whoosh first.
"""

SCHEMA_VERSION = 9
"""Raise whenever fields or analysis change: an index of another version is rebuilt."""
