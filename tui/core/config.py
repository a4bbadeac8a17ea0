"""The user's settings, from `config.toml` in the config folder."""

from __future__ import annotations

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
    animations: str | None = None
    """"none", "basic" or "full"; unset: none over SSH (every frame costs bytes), else full."""


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
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(), [f"config file {path} ignored: {error}"]
    problems: list[str] = []
    values: dict[str, object] = {}
    settings = (
        ("entities", str), ("day_first", bool), ("theme", str), ("reading_width", int),
        ("animations", str),
    )  # fmt: skip
    for name, kind in settings:
        if name in data:
            if name == "reading_width" and (
                isinstance(data[name], bool) or not isinstance(data[name], int) or data[name] < 0
            ):
                problems.append("config: 'reading_width' should be a whole number, 0 or more")
            elif name == "animations" and data[name] not in ANIMATION_LEVELS:
                problems.append('config: \'animations\' should be "none", "basic" or "full"')
            elif isinstance(data[name], kind):
                values[name] = data[name]
            else:
                problems.append(f"config: '{name}' should be a {kind.__name__}")
    return Config(**values), problems  # type: ignore[arg-type]
