"""Writing a file so that readers see the old content or the new, never half of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Replace `path` with `data` through a temporary file in the same folder.

    With `durable`, the data is flushed to the disk before the rename, so a machine that
    stops right after still has one whole copy (for what cannot be rebuilt, such as
    reading state). A failure leaves the old file and no temporary file behind. The new
    file is private to the user (0600, whatever the umask): `mkstemp` creates it so.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
