"""Correcting names from the lists that show them: hide one, change its type, merge two.

The entity panel and the entity browser are both `CorrectingDialog`s: each says which name
the cursor is on (`current_name`) and where to say things (`say`); the corrections go to
the library's `Corrections`, which saves them and tells every screen showing names.
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding

from ..core.corrections import KIND_NAMES, Corrections
from ..core.inert import inert_line
from ..core.library import Library
from .corrections import CorrectionsScreen
from .dialog import Dialog
from .kind_chooser import KindChooser

ResultT = TypeVar("ResultT")
ShownName = tuple[str, str, str]
"""(kind, key, name shown) of a name in a list."""


def correction_bindings(prefix: str) -> list[Binding]:
    """The correcting keys, with ids under `prefix` ("entity_panel", "entity_browser")."""
    return [
        Binding("x", "hide_name", "Hide", id=f"{prefix}.hide"),
        Binding("t", "retype_name", "Type", id=f"{prefix}.retype"),
        Binding("m", "merge_name", "Merge", id=f"{prefix}.merge"),
        Binding("z", "undo_correction", "Undo", id=f"{prefix}.undo"),
        Binding("c", "list_corrections", "Corrections", id=f"{prefix}.corrections"),
    ]


class CorrectingDialog(Dialog[ResultT]):
    """A dialog listing names, in which the user can correct them."""

    def __init__(self, library: Library | None) -> None:
        super().__init__()
        self.library = library
        self.merging: ShownName | None = None
        """The name chosen to be merged into another (the next `m` says which)."""

    @property
    def corrections(self) -> Corrections | None:
        """Where corrections go (None: this list cannot correct)."""
        return self.library.corrections if self.library is not None else None

    def current_name(self) -> ShownName | None:
        """The name under the cursor (None when it is not a name that can be corrected)."""
        raise NotImplementedError

    def say(self, text: str) -> None:
        """Tell the user something about correcting (a line of the dialog)."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Correcting keys only where there is a name and somewhere to keep corrections."""
        if action in ("hide_name", "retype_name", "merge_name"):
            return (self.corrections is not None and self.current_name() is not None) or None
        if action == "undo_correction":
            return bool(self.corrections) or None
        if action == "list_corrections":
            return self.corrections is not None or None
        return True

    def action_hide_name(self) -> None:
        """Hide the name: no highlight, not listed, not found by type."""
        name, corrections = self.current_name(), self.corrections
        if name is None or corrections is None:
            return
        corrections.hide(*name)
        self.say(f"Hid {inert_line(name[2])} · z undoes")

    def action_retype_name(self) -> None:
        """Give the name another type (chosen from a list)."""
        name, corrections = self.current_name(), self.corrections
        if name is None or corrections is None:
            return

        def chosen(kind: str | None) -> None:
            if kind is not None and kind != name[0]:
                corrections.retype(name[0], name[1], name[2], kind)
                self.say(f"{inert_line(name[2])} is now a {KIND_NAMES[kind]} · z undoes")

        self.app.push_screen(KindChooser(name[2], name[0]), callback=chosen)

    def action_merge_name(self) -> None:
        """Choose a name to merge; on another name, merge the chosen one into it."""
        name, corrections = self.current_name(), self.corrections
        if name is None or corrections is None:
            return
        source = self.merging
        if source is None or source[:2] == name[:2]:
            self.merging = None if source is not None else name
            self.say(
                f"Merge {inert_line(name[2])} into…: move to the name it is and press m"
                if self.merging
                else "Merge cancelled"
            )
            self.refresh_bindings()
            return
        self.merging = None
        corrections.merge(source, name)
        self.say(f"Merged {inert_line(source[2])} into {inert_line(name[2])} · z undoes")

    def action_undo_correction(self) -> None:
        """Undo the last correction."""
        corrections = self.corrections
        taken = corrections.undo() if corrections is not None else None
        if taken is not None:
            self.say(f"Undone: {inert_line(taken.describe())}")

    def action_list_corrections(self) -> None:
        """Every correction made, each of which can be undone."""
        if self.corrections is not None:
            self.app.push_screen(CorrectionsScreen(self.corrections))
