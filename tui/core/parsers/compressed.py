"""Reading gzipped article files, never expanding one past the size limit."""

from __future__ import annotations

import gzip
import io
import zlib

MAX_ARTICLE_BYTES = 64 * 1024 * 1024
"""Files larger than this (after decompression, for gzipped ones) are skipped, not read."""

GZIP_SUFFIX = ".gz"


class DamagedStream(ValueError):
    """A gzipped file that cannot be read to its end, or would grow past the limit."""


def gunzip(data: bytes, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The decompressed content of a gzip file (all its members), at most `limit` bytes.

    Raises DamagedStream for a corrupt or truncated stream, and for one that expands past
    `limit`: decompression stops there, so a small bomb never fills the memory.
    """
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise DamagedStream(f"damaged gzip stream ({_reason(error)})") from error
    if len(content) > limit:
        raise DamagedStream(f"too large once decompressed (over {limit // 1_048_576} MB)")
    return content


def _reason(error: BaseException) -> str:
    if isinstance(error, EOFError):
        return "it ends before its end marker"
    return str(error) or type(error).__name__
