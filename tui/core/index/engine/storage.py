"""The index folder as Whoosh storage that reads segment files in place, without copying them.

Our segments are compound `.seg` files. whoosh3 opens one by memory-mapping it and handing out
each part as a `BufferFile`, whose `BytesIO(buffer)` copies the part: a searcher would hold
every segment's postings, terms and stored fields in memory (about 20 MB per 1,000 articles).
Here a `.seg` file is mapped once and its parts are zero-copy views of the map, so the pages
the OS has not been asked for are never read and those it has can be dropped again.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import threading
import weakref
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.index import FileIndex

from ...trust import PRIVATE_FILE_MODE, judge, make_private_folder

COMPOUND_EXT = ".seg"


class _ViewReader:
    """A read-only, seekable file over a memoryview that never copies the whole view."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(len(self._view), start + size)
        self._pos = max(start, end)
        return bytes(self._view[start:end])

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        view = self._view
        end = len(view) if size is None or size < 0 else min(len(view), self._pos + size)
        start = self._pos
        position = start
        while position < end:
            if view[position] == 10:
                position += 1
                break
            position += 1
        self._pos = position
        return bytes(view[start:position])

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._pos
        elif whence == os.SEEK_END:
            offset += len(self._view)
        self._pos = max(0, offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        """Nothing to release: the view belongs to the MappedFile."""


class MappedFile(BufferFile):  # type: ignore[misc]
    """A `BufferFile` over (part of) a memory map, whose reads and subsets do not copy it."""

    def __init__(self, view: memoryview, name: str | None = None, owner: Any = None) -> None:
        super().__init__(b"", name=name)
        self._buf = view
        self.file: Any = _ViewReader(view)
        self._owner = owner

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        """The part of the file at `position`, as a view of the same map."""
        view: memoryview = self._buf[position : position + length]  # type: ignore[assignment]
        return MappedFile(view, name=name or self._name)

    def close(self) -> None:
        """Release the view, and the map when this file owns it."""
        super().close()
        owner, self._owner = self._owner, None
        if owner is not None:
            # Parts still open elsewhere keep the map alive until they are collected.
            with contextlib.suppress(BufferError):
                owner.close()


class IndexStorage(FileStorage):  # type: ignore[misc]
    """A Whoosh file storage whose compound segment files are read in place through a map."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        # supports_mmap=False makes whoosh's CompoundStorage use our file's zero-copy `subset`
        # instead of mapping the file itself and copying each part.
        super().__init__(str(path), supports_mmap=False, readonly=readonly)  # type: ignore[no-untyped-call]
        self._maps: weakref.WeakSet[mmap.mmap] = weakref.WeakSet()
        self._maps_lock = threading.Lock()  # the updater opens segments while searches run

    def drop_pages(self) -> None:
        """Let go of the pages of segment files this process has read (the OS keeps them
        cached): otherwise every page a search touched counts in the process's memory."""
        advice = getattr(mmap, "MADV_DONTNEED", None)
        if advice is None:
            return
        with self._maps_lock:
            maps = list(self._maps)
        for mapped in maps:
            with contextlib.suppress(ValueError, OSError):
                mapped.madvise(advice)

    def create_file(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Create a file only the user can read or write (0600, whatever the umask)."""
        created = super().create_file(name, *args, **kwargs)  # type: ignore[no-untyped-call]
        os.fchmod(created.file.fileno(), PRIVATE_FILE_MODE)
        return created

    def lock(self, name: str) -> Any:
        """Whoosh's lock on `name`, its file made beforehand as a private one (Whoosh's own
        would be 0777 less the umask)."""
        os.close(os.open(self._fpath(name), os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))  # type: ignore[no-untyped-call]
        return super().lock(name)  # type: ignore[no-untyped-call]

    def open_file(self, name: str, **kwargs: Any) -> Any:
        """Open a file, once it is known to be the user's alone to write (UntrustedFolder if
        not: Whoosh unpickles what it reads); a compound segment file comes back mapped."""
        path: str = self._fpath(name)  # type: ignore[no-untyped-call]
        handle = open(path, "rb")  # noqa: SIM115 - handed to the StructFile, or closed below
        try:
            info = os.fstat(handle.fileno())
            judge(Path(path), info)
            if not name.endswith(COMPOUND_EXT) or kwargs or info.st_size == 0:
                return StructFile(handle, name=name, **kwargs)  # type: ignore[no-untyped-call]
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except BaseException:
            handle.close()
            raise
        handle.close()
        with self._maps_lock:
            self._maps.add(mapped)
        return MappedFile(memoryview(mapped), name=name, owner=mapped)


def open_index(folder: str | Path) -> FileIndex:
    """Open the Whoosh index in `folder` through an IndexStorage."""
    storage: Any = IndexStorage(folder)
    index: FileIndex = storage.open_index()
    return index


def create_index(folder: str | Path, schema: Any) -> FileIndex:
    """Create an empty Whoosh index in `folder` (an IndexStorage) and return it."""
    make_private_folder(Path(folder))
    storage: Any = IndexStorage(folder)
    index: FileIndex = storage.create_index(schema)
    return index
