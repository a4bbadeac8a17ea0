"""The user's settings, from `config.toml` in the config folder."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .paths import config_file


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
    watch: str = "auto"
    """Noticing new files while open: "auto" (notifications, else polling), "poll" or "off"."""


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
        ("entities", str),
        ("day_first", bool),
        ("theme", str),
        ("reading_width", int),
        ("watch", str),
    )
    for name, kind in settings:
        if name in data:
            if name == "reading_width" and (
                isinstance(data[name], bool) or not isinstance(data[name], int) or data[name] < 0
            ):
                problems.append("config: 'reading_width' should be a whole number, 0 or more")
            elif name == "watch" and data[name] not in ("auto", "poll", "off"):
                problems.append('config: \'watch\' should be "auto", "poll" or "off"')
            elif isinstance(data[name], kind):
                values[name] = data[name]
            else:
                problems.append(f"config: '{name}' should be a {kind.__name__}")
    return Config(**values), problems  # type: ignore[arg-type]
