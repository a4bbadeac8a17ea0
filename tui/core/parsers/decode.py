"""Turning a file's bytes into text, or saying why they are not text."""

from __future__ import annotations

import codecs


class NotText(ValueError):
    """The bytes are not an article's text; the message says why."""


_SNIFF = 8192
# Bytes that plain text never holds; a few of them mean a binary file.
_BINARY_BYTES = bytes(sorted(set(range(0, 9)) | set(range(14, 32)) - {27}))


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode a file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Returns the text and notes on how it was read. Raises NotText for empty or
    whitespace-only files and for binary ones.
    """
    notes: tuple[str, ...] = ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise NotText(f"damaged UTF-16 text at byte {error.start}") from error
        notes = ("read as UTF-16",)
    else:
        head = data[:_SNIFF]
        binary = len(head) - len(head.translate(None, _BINARY_BYTES))
        if b"\x00" in head or binary > len(head) // 100 + 2:
            raise NotText("binary file, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text = data.decode("cp1252", errors="replace")
            notes = (f"not valid UTF-8 (byte {error.start}); read as Windows-1252",)
    if not text.strip():
        raise NotText("empty file" if not data else "only white space")
    return text, notes
