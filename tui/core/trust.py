"""Folders whose files Broadsheet loads as code: only the user may have written them.

Whoosh's segment files and tables of contents are pickles, and the recognizer's name-table
cache is `marshal` data: loading either runs (or can crash on) whatever its writer put in
it. So, as ssh does with keys and sudo with its rules, such a file is loaded only from a
folder, and as a file, that belongs to the user and that no group or other user can write.
What Broadsheet creates is private from the start (folders 0700, files 0600), whatever the
umask, so its own default locations always pass.
"""

from __future__ import annotations

import marshal
import os
import pwd
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_WRITABLE_BY_OTHERS = stat.S_IWGRP | stat.S_IWOTH


class UntrustedFolder(Exception):
    """A folder or file that someone other than the user could have written: not loaded."""

    def __init__(self, path: Path, owner: str, mode: int, *, yours: bool, is_folder: bool):
        self.path = path
        self.owner = owner
        self.mode = mode
        self.yours = yours
        self.is_folder = is_folder
        super().__init__(self.message())

    def message(self) -> str:
        """One line: which folder or file, who owns it, its mode, and what to do about it."""
        kind = "folder" if self.is_folder else "file"
        why = "and whoever can write there could run code as you"
        if self.yours:
            private = PRIVATE_FOLDER_MODE if self.is_folder else PRIVATE_FILE_MODE
            return (
                f"not loading {self.path}: the {kind} is writable by others (owner "
                f"{self.owner}, mode {self.mode:04o}), {why}; run `chmod {private:o} "
                f"{self.path}` or use the default location"
            )
        fix = (
            "use a folder of your own (`mkdir -m 700 DIR`)"
            if self.is_folder
            else "remove it (what it held is rebuilt)"
        )
        return (
            f"not loading {self.path}: the {kind} belongs to {self.owner}, not to you (mode "
            f"{self.mode:04o}), {why}; {fix} or use the default location"
        )


def owner_name(uid: int) -> str:
    """The user name for `uid`, or the number when the system has no name for it."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def judge(path: Path, info: os.stat_result) -> None:
    """Raise UntrustedFolder unless `info` (of `path`) is the user's and only theirs to write."""
    yours = info.st_uid == os.geteuid()
    if yours and not info.st_mode & _WRITABLE_BY_OTHERS:
        return
    raise UntrustedFolder(
        path,
        owner_name(info.st_uid),
        stat.S_IMODE(info.st_mode),
        yours=yours,
        is_folder=stat.S_ISDIR(info.st_mode),
    )


def check_folder(folder: Path) -> None:
    """Raise UntrustedFolder unless `folder` belongs to the user and no one else can write it.

    A missing folder raises FileNotFoundError (there is nothing in it to load).
    """
    judge(folder, os.stat(folder))


def make_private_folder(folder: Path) -> Path:
    """Create `folder` and its missing parents as 0700, whatever the umask; returns it.

    A folder that exists already is left as it is (checking it is `check_folder`'s part).
    """
    missing: list[Path] = []
    current = Path(os.path.abspath(folder))
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, PRIVATE_FOLDER_MODE)
        except FileExistsError:
            continue  # made by another process meanwhile: its mode is its maker's business
        os.chmod(path, PRIVATE_FOLDER_MODE)  # the umask may have taken bits away
    return folder


@contextmanager
def open_private(path: Path) -> Iterator[BinaryIO]:
    """`path` opened for reading, after checking its folder and the opened file itself.

    The file is judged by the handle that is read (`fstat`), so it cannot be swapped for
    another between the check and the read. A reader may take only parts of a large file
    (a NumPy archive's members).
    """
    check_folder(path.parent)
    with open(path, "rb") as handle:
        judge(path, os.fstat(handle.fileno()))
        yield handle


def read_private(path: Path) -> bytes:
    """The bytes of `path`, checked as `open_private` checks them."""
    with open_private(path) as handle:
        return handle.read()


def load_private_marshal(path: Path) -> object | None:
    """What a marshal cache file of the user's own holds; None when it is missing, damaged
    or could have been written by anyone else (crafted marshal data can crash Python)."""
    try:
        data: object = marshal.loads(read_private(path))
    except (OSError, EOFError, ValueError, TypeError, UntrustedFolder):
        return None
    return data
