"""The user's keymap: checked against the reader's bindings, and the keys each binding has now."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.keys import Keys, _character_to_key, key_to_character

from .core.config import KeyChoice
from .core.inert import inert_line

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(
    key.value for key in Keys if "+" not in key.value and not key.value.startswith("<")
)


def normal_key(key: str) -> str:
    """A key as Textual names it: "?" becomes "question_mark", names stay as they are."""
    key = key.strip()
    return _character_to_key(key) if len(key) == 1 else key


def key_is_valid(key: str) -> bool:
    """True for a key Textual can bind: a character or a key name, with modifiers."""
    *modifiers, name = normal_key(key).split("+")
    if not name or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    return name in NAMED_KEYS or key_to_character(name) is not None


def check_keymap(
    choices: Iterable[KeyChoice], known_ids: Iterable[str]
) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply, and a problem for each entry left out (the default applies)."""
    known = set(known_ids)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for choice in choices:
        where = f"line {choice.line}: " if choice.line else ""
        name = inert_line(choice.binding_id)
        keys = [key.strip() for key in choice.keys.split(",")]
        if choice.binding_id not in known:
            problems.append(f"config {where}[keys] '{name}' is not a binding id; see `?`")
        elif bad := [key for key in keys if not key_is_valid(key)]:
            problems.append(
                f"config {where}[keys] '{name}': {inert_line(', '.join(map(repr, bad)))} "
                "is not a key Broadsheet knows; the default applies"
            )
        else:
            keymap[choice.binding_id] = ",".join(normal_key(key) for key in keys)
    return keymap, problems


def binding_keys(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys that run a binding now: the user's, or else the binding's own."""
    if binding.id and binding.id in keymap:
        return keymap[binding.id].split(",")
    return [normal_key(key) for key in binding.key.split(",")]


def bindings_of(*owners: type) -> list[Binding]:
    """The Binding objects declared by screens and widgets, in order."""
    found: list[Binding] = []
    for owner in owners:
        for binding in getattr(owner, "BINDINGS", []):
            if isinstance(binding, Binding):
                found.append(binding)
    return found


def keys_label(
    binding: Binding, keymap: Mapping[str, str], display: Callable[[Binding], str]
) -> str:
    """Every key of the binding as the footer writes it ("^o", "?"), joined with " / "."""
    keys = binding_keys(binding, keymap)
    return " / ".join(display(binding.with_key(key, key_display=None)) for key in keys)


def applied_keymap(app: App[Any]) -> Mapping[str, str]:
    """The keymap Textual is applying now (it offers no public way to read it back)."""
    keymap: Mapping[str, str] = getattr(app, "_keymap", {})
    return keymap
