"""What the terminal shows, kept cell by cell, so that an update writes only the cells it changes.

Textual redraws a region by writing every cell of it again, each run of text wrapped in
its full style and a reset. Over SSH that is most of the bytes: a list whose rows came
back unchanged, a pane repainted with the same text, a style repeated on every segment.
`TerminalCopy` keeps what was last written to each cell (the way curses does) and turns
each of Textual's updates into the cells that differ, with only the style changes
between them. The screen ends up exactly as Textual's own output would leave it.

The copy is forgotten whenever the terminal may show something else: on a resize, while
the app is suspended (a pager or editor ran), and on Ctrl+L.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console
from rich.style import Style
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.strip import SGR_STYLES, Strip

Cell = tuple[str, Style | None]
"""A character (empty for the second column of a wide one) and its style."""
_UNKNOWN: None = None
GAP = 6
"""Unchanged cells between two changed runs that are written anyway (a cursor move costs about as much)."""
_RESET = ("", "", "")


class TerminalCopy:
    """Our copy of the terminal's cells; turns compositor updates into minimal output."""

    def __init__(self) -> None:
        self._rows: list[list[Cell | None]] = []
        self._width = 0
        self._codes: dict[tuple[Style, ColorSystem], tuple[str, str, str]] = {}

    def forget(self) -> None:
        """The terminal may show anything now: the next update writes every cell it covers."""
        self._rows = []
        self._width = 0

    def _fit(self, width: int, height: int) -> None:
        if width != self._width or height != len(self._rows):
            self._width = width
            self._rows = [[_UNKNOWN] * width for _ in range(height)]

    def update(self, update: CompositorUpdate, width: int, height: int) -> CompositorUpdate:
        """The update as the output that changes only what differs (others pass through)."""
        if isinstance(update, LayoutUpdate):
            lines = _layout_lines(update)
        elif isinstance(update, ChopsUpdate):
            lines = _chops_lines(update)
        else:
            return update
        self._fit(width, height)
        return _Difference(self, lines)

    def render(self, lines: list[tuple[int, int, list[Cell]]], console: Console) -> str:
        """Terminal output for these new cells: cursor moves, style changes and text."""
        system = console._color_system or ColorSystem.TRUECOLOR
        out: list[str] = []
        state = _RESET
        for y, x, cells in lines:
            if not (0 <= y < len(self._rows)):
                continue
            row = self._rows[y]
            end = min(len(row), x + len(cells))
            for start, stop in _changed_runs(row, cells, x, end):
                # A run never starts on the second column of a wide character.
                while start > x and cells[start - x][0] == "":
                    start -= 1
                out.append(f"\x1b[{y + 1};{start + 1}H")
                for position in range(start, stop):
                    text, style = cells[position - x]
                    if text == "":
                        continue
                    if style is not None and style._link:
                        # Hyperlinks keep Textual's own rendering (rare; never in articles).
                        if state != _RESET:
                            out.append("\x1b[0m")
                            state = _RESET
                        out.append(Strip.render_style(style, text, system))
                        continue
                    codes = self._style_codes(style, system)
                    if codes != state:
                        out.append(_transition(state, codes))
                        state = codes
                    out.append(text)
                # Writing over half of a wide character blanks its other half.
                if start > 0 and _second_half(row[start]):
                    row[start - 1] = _UNKNOWN
                if stop < len(row) and _second_half(row[stop]):
                    row[stop] = _UNKNOWN
                row[start:stop] = cells[start - x : stop - x]
        if state != _RESET:
            out.append("\x1b[0m")
        return "".join(out)

    def _style_codes(self, style: Style | None, system: ColorSystem) -> tuple[str, str, str]:
        """The style's SGR codes in three parts: attributes, foreground, background."""
        if style is None:
            return _RESET
        key = (style, system)
        codes = self._codes.get(key)
        if codes is None:
            bits = style._attributes & style._set_attributes
            attributes = ";".join(code for bit, code in enumerate(SGR_STYLES) if bits & (1 << bit))
            color, background = style._color, style._bgcolor
            codes = (
                attributes,
                ";".join(color.downgrade(system).get_ansi_codes()) if color else "",
                ";".join(background.downgrade(system).get_ansi_codes(False)) if background else "",
            )
            if len(self._codes) > 4096:
                self._codes.clear()
            self._codes[key] = codes
        return codes


def _second_half(cell: Cell | None) -> bool:
    return cell is not None and cell[0] == ""


def _transition(old: tuple[str, str, str], new: tuple[str, str, str]) -> str:
    """The shortest SGR that turns style `old` into `new` (a reset when attributes go)."""
    if new == _RESET:
        return "\x1b[0m"
    if old[0] != new[0]:
        parts = ["0", *(part for part in new if part)]
    else:
        parts = []
        if old[1] != new[1]:
            parts.append(new[1] or "39")
        if old[2] != new[2]:
            parts.append(new[2] or "49")
    return f"\x1b[{';'.join(parts)}m"


def _changed_runs(
    row: list[Cell | None], cells: list[Cell], x: int, end: int
) -> Iterable[tuple[int, int]]:
    """Runs [start, stop) of positions whose new cell differs, short gaps bridged."""
    start = stop = -1
    for position in range(x, end):
        if row[position] != cells[position - x]:
            if start < 0:
                start = position
            elif position - stop > GAP:
                yield start, stop
                start = position
            stop = position + 1
    if start >= 0:
        yield start, stop


def _cells(strips: Iterable[Strip], limit: int | None = None) -> list[Cell]:
    """The cells of strips laid side by side (at most `limit` of them)."""
    cells: list[Cell] = []
    for strip in strips:
        for text, style, control in strip:
            if control:
                continue
            for char in text:
                width = cell_len(char)
                if width == 0:
                    # A combining mark joins the character before it.
                    index = -1 if not cells or cells[-1][0] else -2
                    if len(cells) >= -index:
                        cells[index] = (cells[index][0] + char, cells[index][1])
                    continue
                cells.append((char, style))
                if width == 2:
                    cells.append(("", style))
    if limit is not None and len(cells) > limit:
        del cells[limit:]
        # Cut in the middle of a wide character: blank its first half, as a terminal would.
        if cells and cell_len(cells[-1][0]) == 2:
            cells[-1] = (" ", cells[-1][1])
    return cells


def _layout_lines(update: LayoutUpdate) -> list[tuple[int, int, list[Cell]]]:
    """Every line of a whole-screen update, as cells."""
    x = update.region.x
    return [(y, x, _cells(strips)) for y, strips in enumerate(update.strips, update.region.y)]


def _chops_lines(update: ChopsUpdate) -> list[tuple[int, int, list[Cell]]]:
    """The pieces of lines a partial update writes, as cells (as Textual crops them)."""
    lines = []
    for y, x1, x2 in update.spans:
        line = update.chops[y]
        ends = update.chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or x > x2 or end <= x1:
                continue
            if x2 > x >= x1 and end <= x2:
                lines.append((y, x, _cells([strip])))
            else:
                lines.append((y, x, _cells([strip], min(end, x2) - x)))
    return lines


class _Difference(CompositorUpdate):
    """An update rendered as the difference from what the terminal shows."""

    def __init__(self, copy: TerminalCopy, lines: list[tuple[int, int, list[Cell]]]) -> None:
        self._copy = copy
        self._lines = lines

    def render_segments(self, console: Console) -> str:
        """The output that brings the terminal to the new cells."""
        return self._copy.render(self._lines, console)
