"""The user's settings, from `config.toml` in the config folder."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from .paths import config_file

AnimationLevel = Literal["none", "basic", "full"]
"""Textual's animation levels: none, basic (no smooth scrolling), full."""
ANIMATION_LEVELS: tuple[AnimationLevel, ...] = get_args(AnimationLevel)
SSH_VARIABLES = ("SSH_CONNECTION", "SSH_TTY")


@dataclass(frozen=True)
class KeyChoice:
    """One entry of the `[keys]` table: a binding id and the keys the user gave it."""

    binding_id: str
    keys: str
    """Comma-separated key names, as Textual writes them ("ctrl+o", "f2", "?")."""
    line: int | None = None
    """Where the entry is in config.toml (for reporting a bad one)."""


@dataclass(frozen=True)
class Config:
    """Settings that apply to every corpus."""

    entities: str = "rules"
    """The entity recognizer: "rules", "spacy" or "spacy:MODEL"."""
    day_first: bool = False
    """Read numeric dates such as 12/04/2026 as day/month."""
    theme: str | None = None
    """A Textual theme name; the reader remembers the last one chosen."""
    reading_width: int = 80
    """The longest line of article text in columns; 0 for as wide as the pane."""
    mouse: bool = True
    """Capture the mouse; false leaves it to the terminal (its own text selection)."""
    keys: tuple[KeyChoice, ...] = ()
    """The user's keymap: binding ids given other keys."""
    animations: str | None = None
    """"none", "basic" or "full"; unset: none over SSH (every frame costs bytes), else full."""

    watch: str = "auto"
    """Noticing new files while open: "auto" (notifications, else polling), "poll" or "off"."""


def _as_level(value: object) -> AnimationLevel | None:
    for level in ANIMATION_LEVELS:
        if value == level:
            return level
    return None


def animation_level(config: Config, environ: Mapping[str, str]) -> AnimationLevel:
    """The animation level to run at: TEXTUAL_ANIMATIONS, then the config, then the link.

    Over SSH (SSH_CONNECTION or SSH_TTY set) animations are off unless asked for: each
    frame of a smooth scroll repaints the pane, multiplying the bytes sent.
    """
    wanted = _as_level(environ.get("TEXTUAL_ANIMATIONS", "").strip().lower())
    chosen = _as_level(config.animations)
    if wanted is not None:
        return wanted
    if chosen is not None:
        return chosen
    if any(environ.get(name) for name in SSH_VARIABLES):
        return "none"
    return "full"


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The configuration and any problems found reading it (never raises)."""
    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(), [f"config file {path} ignored: {error}"]
    problems: list[str] = []
    values: dict[str, object] = {}
    settings = (
        ("entities", str),
        ("day_first", bool),
        ("theme", str),
        ("reading_width", int),
        ("mouse", bool),
        ("animations", str),
        ("watch", str),
    )
    for name, kind in settings:
        if name in data:
            if name == "reading_width" and (
                isinstance(data[name], bool) or not isinstance(data[name], int) or data[name] < 0
            ):
                problems.append("config: 'reading_width' should be a whole number, 0 or more")
            elif name == "animations" and data[name] not in ANIMATION_LEVELS:
                problems.append('config: \'animations\' should be "none", "basic" or "full"')
            elif name == "watch" and data[name] not in ("auto", "poll", "off"):
                problems.append('config: \'watch\' should be "auto", "poll" or "off"')
            elif isinstance(data[name], kind):
                values[name] = data[name]
            else:
                problems.append(f"config: '{name}' should be a {kind.__name__}")
    if "keys" in data:
        keys, key_problems = _read_keys(data["keys"], text)
        values["keys"] = keys
        problems.extend(key_problems)
    return Config(**values), problems  # type: ignore[arg-type]


def _read_keys(table: object, text: str) -> tuple[tuple[KeyChoice, ...], list[str]]:
    """The `[keys]` entries that are strings; the others reported with their line."""
    if not isinstance(table, dict):
        return (), ["config: 'keys' should be a table of binding ids and keys"]
    lines = _key_lines(text)
    choices: list[KeyChoice] = []
    problems: list[str] = []
    for binding_id, keys in _flatten(table):
        line = lines.get(binding_id)
        if isinstance(keys, str) and keys.strip():
            choices.append(KeyChoice(binding_id, keys, line))
        else:
            where = f"line {line}: " if line else ""
            problems.append(
                f"config {where}[keys] '{binding_id}' should be a string of keys, "
                'such as "ctrl+o" or "o,f2"; the default applies'
            )
    return tuple(choices), problems


def _flatten(table: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """Entries with their full ids: `main.search = "f"` unquoted is a table in TOML."""
    entries: list[tuple[str, object]] = []
    for name, value in table.items():
        if isinstance(value, dict):
            entries.extend(_flatten(value, f"{prefix}{name}."))
        else:
            entries.append((f"{prefix}{name}", value))
    return entries


_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$")
_ENTRY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=""")


def _key_lines(text: str) -> dict[str, int]:
    """The line of each entry in the `[keys]` table (or of dotted `keys.ID = ...` entries).

    tomllib keeps no positions, so the lines are found again in the text; ids written in
    a form this does not follow simply get no line number.
    """
    lines: dict[str, int] = {}
    table: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            table = header.group(1).strip()
            continue
        entry = _ENTRY.match(line)
        if entry is None:
            continue
        name = entry.group(1)
        if name[0] in "\"'":
            name = name[1:-1]
        if table == "keys":
            lines.setdefault(name, number)
        elif table is None and name.startswith("keys."):
            lines.setdefault(name.removeprefix("keys."), number)
    return lines
