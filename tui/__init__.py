"""Broadsheet: a keyboard-first terminal reader for a folder of news articles."""

__version__ = "0.1.0"
