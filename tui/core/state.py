"""Reading state that lasts across runs: read marks, bookmarks, position, preferences.

Written atomically (temporary file, fsync, rename) with the previous good copy kept as
`state.json.bak`; a damaged file is set aside, never silently lost, and the last good
copy is used in its place.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .files import write_atomically
from .trust import make_private_folder

STATE_VERSION = 1
SORTS = ("date", "title", "source")
SCROLL_POSITIONS = 500
"""How many articles' scroll positions are remembered."""


@dataclass
class ReadingState:
    """What the reader remembers about one corpus."""

    read: set[str] = field(default_factory=set)
    bookmarks: set[str] = field(default_factory=set)
    last_article: str | None = None
    scroll: dict[str, float] = field(default_factory=dict)
    sort: str = "date"
    theme: str | None = None
    entities_on: bool = True
    pipe_command: str | None = None
    """The last shell command an article was piped to (offered again next time)."""
    saved_searches: dict[str, str] = field(default_factory=dict)
    """Saved searches: name to query (listed by name)."""

    def toggle_read(self, article_id: str) -> bool:
        """Mark an article read, or unread if it was read; True when it is now read."""
        return _toggle(self.read, article_id)

    def toggle_bookmark(self, article_id: str) -> bool:
        """Bookmark an article, or remove its bookmark; True when it is now bookmarked."""
        return _toggle(self.bookmarks, article_id)

    def mark_read(self, article_id: str) -> bool:
        """Mark an article read; True when that changed anything."""
        if article_id in self.read:
            return False
        self.read.add(article_id)
        return True

    def mark_all_read(self, article_ids: Iterable[str]) -> set[str]:
        """Mark articles read; the ids that were unread (what an undo marks unread again)."""
        newly = {article_id for article_id in article_ids if article_id not in self.read}
        self.read |= newly
        return newly

    def mark_unread(self, article_ids: Iterable[str]) -> None:
        """Mark articles unread again (the undo of `mark_all_read`)."""
        self.read.difference_update(article_ids)

    def save_search(self, name: str, query: str, *, replacing: str | None = None) -> None:
        """Keep a query under a name (renaming `replacing`, in its place, when given)."""
        name = name.strip()
        if not name:
            raise ValueError("a saved search needs a name")
        if replacing is not None and replacing in self.saved_searches:
            self.saved_searches = {
                (name if key == replacing else key): (query if key == replacing else value)
                for key, value in self.saved_searches.items()
                if key == replacing or key != name
            }
            return
        self.saved_searches[name] = query

    def remove_search(self, name: str) -> None:
        """Forget a saved search."""
        self.saved_searches.pop(name, None)

    def remember_scroll(self, article_id: str, y: float) -> None:
        """Where the reader left an article (the most recent few hundred are kept)."""
        self.scroll.pop(article_id, None)
        self.scroll[article_id] = y
        for key in list(self.scroll)[:-SCROLL_POSITIONS]:
            del self.scroll[key]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (sets as sorted lists)."""
        data = asdict(self)
        data["read"] = sorted(self.read)
        data["bookmarks"] = sorted(self.bookmarks)
        data["version"] = STATE_VERSION
        return data

    @classmethod
    def from_json(cls, data: Any) -> ReadingState:
        """Read a state dict, raising ValueError when its shape is wrong."""
        if not isinstance(data, dict):
            raise ValueError("state is not a JSON object")
        state = cls()
        state.read = _string_set(data.get("read", []), "read")
        state.bookmarks = _string_set(data.get("bookmarks", []), "bookmarks")
        last = data.get("last_article")
        state.last_article = last if isinstance(last, str) else None
        scroll = data.get("scroll", {})
        if isinstance(scroll, dict):
            state.scroll = {
                str(k): float(v) for k, v in scroll.items() if isinstance(v, (int, float))
            }
        sort = data.get("sort")
        state.sort = sort if sort in SORTS else "date"
        theme = data.get("theme")
        state.theme = theme if isinstance(theme, str) else None
        state.entities_on = bool(data.get("entities_on", True))
        command = data.get("pipe_command")
        state.pipe_command = command if isinstance(command, str) and command.strip() else None
        saved = data.get("saved_searches", {})
        if isinstance(saved, dict):
            state.saved_searches = {
                str(name): query for name, query in saved.items() if isinstance(query, str)
            }
        return state


def _toggle(marks: set[str], article_id: str) -> bool:
    if article_id in marks:
        marks.discard(article_id)
        return False
    marks.add(article_id)
    return True


def _string_set(value: Any, name: str) -> set[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"'{name}' is not a list of article ids")
    return set(value)


class StateStore:
    """Loads and saves a ReadingState file, keeping the last good copy."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.backup = path.with_name(path.name + ".bak")
        self.notices: list[str] = []

    def load(self) -> ReadingState:
        """The saved state; a damaged file is set aside with a notice and the backup used."""
        try:
            return self._read(self.path)
        except FileNotFoundError:
            return self._from_backup_only()
        except (OSError, ValueError) as error:
            aside = self._set_aside()
            where = f"; kept as {aside.name}" if aside else ""
            try:
                state = self._read(self.backup)
                self.notices.append(
                    f"Reading state was damaged ({error}){where}; restored the last good copy."
                )
                return state
            except (OSError, ValueError):
                self.notices.append(f"Reading state was damaged ({error}){where}; starting afresh.")
                return ReadingState()

    def _from_backup_only(self) -> ReadingState:
        # No state file but a good backup: a save by an older Broadsheet was stopped after
        # moving the file aside, or the file was deleted by hand.
        try:
            state = self._read(self.backup)
        except (OSError, ValueError):
            return ReadingState()
        self.notices.append("Reading state was missing; restored the last good copy.")
        return state

    def _read(self, path: Path) -> ReadingState:
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON at line {error.lineno}") from error
        return ReadingState.from_json(data)

    def _set_aside(self) -> Path | None:
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
        except OSError:
            return None
        return aside

    def save(self, state: ReadingState) -> None:
        """Write the state atomically, keeping the previous good file as the backup.

        The state file is never absent: the backup is written as a copy beside it, and the
        new state replaces it in one rename, so a crash at any moment leaves the old state
        or the new one.
        """
        make_private_folder(self.path.parent)
        payload = json.dumps(state.to_json(), indent=1, sort_keys=True)
        previous = self._good_text(self.path)
        if previous is not None:
            write_atomically(self.backup, previous.encode("utf-8"), durable=True)
        write_atomically(self.path, payload.encode("utf-8"), durable=True)

    def _good_text(self, path: Path) -> str | None:
        """The file's text when it holds a good state, else None."""
        try:
            text = path.read_text(encoding="utf-8")
            ReadingState.from_json(json.loads(text))
        except (OSError, ValueError):
            return None
        return text


class Reading:
    """A corpus's reading state and the file it is kept in: the one way to change it.

    Every change happens inside `changes()`, which saves when the block ends; a failed
    save is handed to `on_error` (the app shows it) rather than raised into the reader.
    """

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self.state = ReadingState()
        self.on_error: Callable[[OSError], None] | None = None

    @property
    def notices(self) -> list[str]:
        """What loading found wrong (a damaged file set aside, a backup used)."""
        return self.store.notices

    def load(self) -> ReadingState:
        """Read the saved state (or start afresh)."""
        self.state = self.store.load()
        return self.state

    @contextmanager
    def changes(self) -> Iterator[ReadingState]:
        """Change the state in the block; it is saved when the block ends."""
        try:
            yield self.state
        finally:
            self.save()

    def save(self) -> None:
        """Write the state now."""
        try:
            self.store.save(self.state)
        except OSError as error:
            if self.on_error is None:
                raise
            self.on_error(error)
