"""The copy of the terminal's cells: updates write only what changed, and leave the screen
exactly as Textual's own output would.

A small terminal (cursor moves, SGR styles, wide characters) reads both outputs back.
"""

from __future__ import annotations

import random
import re

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from tui.terminal_copy import TerminalCopy

WIDTH, HEIGHT = 30, 6
STYLES = [
    None,
    Style(color="#ffffff", bgcolor="#000080"),
    Style(color="#ffff00", bgcolor="#000080", bold=True),
    Style(color="#ffff00", bgcolor="#000080"),
    Style(bgcolor="#000080"),
    Style(color="#00ff00", reverse=True, underline=True),
    Style(color="#00ff00", italic=True),
]
TEXTS = ["a", "b", " ", "中", "é", "·", "  "]
"""Narrow, wide and accented characters (a combining mark cut off at a crop is kept by the
copy, dropped by Textual: the copy is then the more faithful, so they are left out here)."""
_SEQUENCE = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])|(.)", re.S)


class Terminal:
    """Cells as a terminal shows them after reading some output."""

    def __init__(self) -> None:
        self.cells: list[list[tuple[str, tuple[object, ...]]]] = [
            [("?", ())] * WIDTH for _ in range(HEIGHT)
        ]
        self.x = self.y = 0
        self.style: dict[str, object] = {}

    def feed(self, output: str) -> None:
        """Apply output: cursor moves, SGR, text, newlines."""
        for match in _SEQUENCE.finditer(output):
            params, final, char = match.groups()
            if char is not None:
                self._put(char)
            elif final == "H":
                row, _, column = (params or "1;1").partition(";")
                self.y, self.x = int(row or 1) - 1, int(column or 1) - 1
            elif final == "m":
                self._sgr([int(p) if p else 0 for p in (params or "0").split(";")])

    def _put(self, char: str) -> None:
        if char == "\n":
            self.x, self.y = 0, self.y + 1
            return
        if char == "\r":
            self.x = 0
            return
        width = cell_len(char)
        key = tuple(sorted(self.style.items()))
        if width == 0:
            x = self.x - 1 if self.cells[self.y][self.x - 1][0] else self.x - 2
            text, style = self.cells[self.y][x]
            self.cells[self.y][x] = (text + char, style)
            return
        row = self.cells[self.y]
        # As xterm does: writing over half of a wide character blanks the other half.
        if 0 < self.x < WIDTH and row[self.x][0] == "":
            row[self.x - 1] = (" ", row[self.x - 1][1])
        if self.x < WIDTH:
            row[self.x] = (char, key)
        if width == 2 and self.x + 1 < WIDTH:
            row[self.x + 1] = ("", key)
        after = self.x + width
        if after < WIDTH and row[after][0] == "":
            row[after] = (" ", row[after][1])
        self.x += width

    def _sgr(self, codes: list[int]) -> None:
        index = 0
        while index < len(codes):
            code = codes[index]
            if code == 0:
                self.style = {}
            elif code in (38, 48):
                target = "fg" if code == 38 else "bg"
                if codes[index + 1] == 5:
                    self.style[target] = (5, codes[index + 2])
                    index += 2
                else:
                    self.style[target] = tuple(codes[index + 1 : index + 5])
                    index += 4
            elif code == 39:
                self.style.pop("fg", None)
            elif code == 49:
                self.style.pop("bg", None)
            else:
                self.style[f"attr{code}"] = True
            index += 1


def _console() -> Console:
    return Console(color_system="truecolor", force_terminal=True, width=WIDTH)


def _random_strip(rng: random.Random, width: int) -> Strip:
    segments: list[Segment] = []
    used = 0
    while used < width:
        text = "".join(rng.choice(TEXTS) for _ in range(rng.randint(1, 5)))
        while cell_len(text) > width - used:
            text = text[:-1]
        if not text or cell_len(text) == 0:
            text = " "
        segments.append(Segment(text, rng.choice(STYLES)))
        used += cell_len(text)
    return Strip(segments, width)


def _full(rng: random.Random) -> LayoutUpdate:
    return LayoutUpdate(
        [[_random_strip(rng, WIDTH)] for _ in range(HEIGHT)], Region(0, 0, WIDTH, HEIGHT)
    )


def _partial(rng: random.Random) -> ChopsUpdate:
    """Two chops a line (cut at 12), some lines and part-spans updated."""
    chops = []
    for _ in range(HEIGHT):
        left = _random_strip(rng, 12) if rng.random() < 0.5 else _repeat_strip(12)
        chops.append({0: left, 12: _random_strip(rng, WIDTH - 12)})
    rows = sorted(rng.sample(range(HEIGHT), rng.randint(1, HEIGHT)))
    spans = []
    for y in rows:
        x1 = rng.choice([0, 0, 5, 12])
        x2 = rng.choice([WIDTH, WIDTH, 20, 12 if x1 < 12 else WIDTH])
        spans.append((y, x1, x2))
    return ChopsUpdate(chops, spans, [[12, WIDTH] for _ in range(HEIGHT)])


def _repeat_strip(width: int) -> Strip:
    return Strip([Segment("x" * width, STYLES[1])], width)


def _both(copy: TerminalCopy, update: CompositorUpdate, ours: Terminal, theirs: Terminal) -> str:
    console = _console()
    output = copy.update(update, WIDTH, HEIGHT).render_segments(console)
    ours.feed(output)
    theirs.feed(update.render_segments(console))
    return output


def test_random_updates_leave_the_screen_as_textuals_own_output_would() -> None:
    rng = random.Random(18)
    for _ in range(20):
        copy, ours, theirs = TerminalCopy(), Terminal(), Terminal()
        _both(copy, _full(rng), ours, theirs)
        for _ in range(15):
            update = _full(rng) if rng.random() < 0.2 else _partial(rng)
            _both(copy, update, ours, theirs)
            assert ours.cells == theirs.cells


def test_repeating_an_update_writes_nothing_and_a_change_writes_only_that_cell() -> None:
    rng = random.Random(1)
    copy, ours, theirs = TerminalCopy(), Terminal(), Terminal()
    strips = [_random_strip(rng, WIDTH) for _ in range(HEIGHT)]
    first = _both(
        copy, LayoutUpdate([[s] for s in strips], Region(0, 0, WIDTH, HEIGHT)), ours, theirs
    )
    assert len(first) > WIDTH * HEIGHT
    again = _both(
        copy, LayoutUpdate([[s] for s in strips], Region(0, 0, WIDTH, HEIGHT)), ours, theirs
    )
    assert again == ""
    changed = list(strips)
    changed[3] = Strip([Segment("Z", STYLES[1]), *strips[3].crop(1, WIDTH)], WIDTH)
    output = _both(
        copy, LayoutUpdate([[s] for s in changed], Region(0, 0, WIDTH, HEIGHT)), ours, theirs
    )
    assert output == "\x1b[4;1H\x1b[38;2;255;255;255;48;2;0;0;128mZ\x1b[0m"
    assert ours.cells == theirs.cells


def test_a_style_repeated_along_a_line_is_sent_once() -> None:
    style = STYLES[1]
    strip = Strip([Segment(word, style) for word in ("one ", "two ", "three")], WIDTH)
    output = (
        TerminalCopy()
        .update(LayoutUpdate([[strip]], Region(0, 0, WIDTH, 1)), WIDTH, 1)
        .render_segments(_console())
    )
    assert output.count("\x1b[") == 3  # the move, the style, the reset at the end
    assert "one two three" in output


def test_after_forgetting_every_cell_is_written_again() -> None:
    rng = random.Random(2)
    copy, ours, theirs = TerminalCopy(), Terminal(), Terminal()
    update = _full(rng)
    _both(copy, update, ours, theirs)
    copy.forget()
    again = copy.update(update, WIDTH, HEIGHT).render_segments(_console())
    assert all(f"\x1b[{row + 1};1H" in again for row in range(HEIGHT))


def test_a_new_size_writes_everything() -> None:
    rng = random.Random(3)
    copy = TerminalCopy()
    update = _full(rng)
    copy.update(update, WIDTH, HEIGHT).render_segments(_console())
    again = copy.update(update, WIDTH + 1, HEIGHT).render_segments(_console())
    assert all(f"\x1b[{row + 1};1H" in again for row in range(HEIGHT))
