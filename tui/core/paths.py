"""Where Broadsheet keeps its files: one place that builds every folder it uses.

Honours the XDG variables (through platformdirs), so tests point them at a temporary
folder, and BROADSHEET_INDEX_DIR for the index.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "broadsheet"
INDEX_DIR_VARIABLE = "BROADSHEET_INDEX_DIR"


def cache_dir() -> Path:
    """The user cache folder ($XDG_CACHE_HOME/broadsheet)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user data folder ($XDG_DATA_HOME/broadsheet), where reading state lives."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user config folder ($XDG_CONFIG_HOME/broadsheet)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def corpus_id(corpus: Path) -> str:
    """A folder-name-safe id for a corpus, from its absolute path: readable name plus hash."""
    absolute = Path(os.path.abspath(corpus))
    digest = hashlib.sha256(os.fsencode(absolute)).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", absolute.name).strip("-.") or "root"
    return f"{name[:40]}-{digest}"


def index_dir(corpus: Path, override: Path | str | None = None) -> Path:
    """The index folder for a corpus: `override`, else $BROADSHEET_INDEX_DIR, else the cache."""
    if override:
        return Path(override)
    from_env = os.environ.get(INDEX_DIR_VARIABLE)
    if from_env:
        return Path(from_env)
    return cache_dir() / corpus_id(corpus)


def state_file(corpus: Path) -> Path:
    """The reading-state file (read marks, bookmarks, position) for a corpus."""
    return data_dir() / corpus_id(corpus) / "state.json"


def config_file() -> Path:
    """The user's configuration file."""
    return config_dir() / "config.toml"
