"""Making article text inert on a terminal: control characters shown, never obeyed.

Every character that a terminal would act on (C0 and C1 controls, DEL, bidirectional
overrides and isolates) is replaced one-for-one by a visible stand-in, so offsets into
the text (entities, search matches) stay valid and `\\x1b[2J` shows as `␛[2J`.
"""

from __future__ import annotations

_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(32)}
_CONTROL_PICTURES[0x7F] = "\u2421"  # ␡
_C1 = {code: "\ufffd" for code in range(0x80, 0xA0)}
_BIDI = {
    code: "\u2046"  # ⁆: visible, and does nothing to the text direction
    for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_LINE_TABLE = {**_CONTROL_PICTURES, **_C1, **_BIDI, 0x09: " "}
_BLOCK_TABLE = {key: value for key, value in _LINE_TABLE.items() if key != 0x0A}


def inert(text: str) -> str:
    """The text with every terminal control made visible, one character for one.

    Tabs become a space; newlines are kept (use `inert_line` for one-line fields).
    Lone surrogates (from undecodable file names) become U+FFFD.
    """
    cleaned = text.translate(_BLOCK_TABLE)
    if _has_surrogates(cleaned):
        cleaned = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in cleaned)
    return cleaned


def inert_line(text: str) -> str:
    """Like `inert`, and newlines shown as ␊ too: for titles, bylines and file names."""
    return inert(text).translate({0x0A: "\u240a"})


_JSON_ESCAPES = {
    code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), *_BIDI, *range(0xD800, 0xE000))
}


def inert_json(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) made safe to print.

    `json.dumps` escapes C0 controls but leaves DEL, C1 controls, bidirectional overrides
    and lone surrogates (from undecodable file names) as they are; they can occur only
    inside strings, so writing them as `\\uXXXX` escapes keeps the JSON and its values the same.
    """
    return text.translate(_JSON_ESCAPES)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
