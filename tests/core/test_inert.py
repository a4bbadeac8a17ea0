"""Article text is data: controls are shown one-for-one, never obeyed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.inert import inert, inert_line


def test_escape_sequence_is_visible() -> None:
    assert inert("\x1b[2J") == "␛[2J"


def test_osc_sequences_lose_their_escape_and_bell() -> None:
    assert inert("\x1b]52;c;aGk=\x07") == "␛]52;c;aGk=␇"
    assert inert("\x1b]8;;http://x\x1b\\link") == "␛]8;;http://x␛\\link"


def test_bidi_override_is_neutralised() -> None:
    assert "\u202e" not in inert("abc\u202edef")


def test_c1_controls_are_replaced() -> None:
    assert inert("a\x9bb") == "a\ufffdb"


def test_newlines_kept_in_blocks_but_shown_in_lines() -> None:
    assert inert("a\nb") == "a\nb"
    assert inert_line("a\nb") == "a␊b"


def test_markup_is_left_as_text() -> None:
    assert inert("[bold]x[/] [@click=app.quit]y[/]") == "[bold]x[/] [@click=app.quit]y[/]"


@given(st.text())
def test_inert_keeps_length_and_leaves_no_controls(text: str) -> None:
    shown = inert_line(text)
    assert len(shown) == len(text)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in shown)
