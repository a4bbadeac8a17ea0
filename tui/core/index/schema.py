"""The fields of the article index, and the version that says when it must be rebuilt."""

from __future__ import annotations

import json
from collections.abc import Generator
from datetime import date, datetime
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import CompressedBytesColumn as _CompressedBytesColumn
from whoosh.columns import NumericColumn as _NumericColumn
from whoosh.columns import VarBytesColumn as _VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, Schema

from .analysis import NameText, NewsText
from .engine.postings import CompactPostingsWriter
from .engine.terms import BlockFieldWriter, BlockTermsReader
from .version import SCHEMA_VERSION as SCHEMA_VERSION  # kept in a module without Whoosh

ENTITY_KINDS = ("person", "org", "place")
"""Entity groups with a field of their own."""
OTHER_NAMES = "other_names"
"""The field of the names of every other group (nationalities, events, laws, works...)."""
NAME_INDEX_FIELDS = (*ENTITY_KINDS, OTHER_NAMES)
"""The index's fields of names: each name is in one of them."""
ANY_NAME = "entity"
"""What `entity:` searches: not a field of the index but all of NAME_INDEX_FIELDS at once
(a field of every name again cost a tenth of the build and of the index)."""

POSTING_COMPRESSION = 1
"""zlib level of posting blocks: the fastest, nearly as small as the default 3 on postings."""

POSTING_BLOCK = 1024
"""Postings in a block (Whoosh's default is 128). Searches read whole posting lists, and
each block costs a zlib inflate and two unpickles whatever its size: blocks of 1,024 read
28% faster at doj1k (and the index is 0.9% smaller)."""

TEXT_FIELDS = ("title", "body", "byline", "source")
NAME_FIELDS = (*NAME_INDEX_FIELDS, ANY_NAME)
"""Fields a query may name whose words are matched as names (folded, not stemmed)."""


class LeanCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's codec without per-block length statistics, with compact posting blocks.

    Scoring stays exact: without the statistics a block's score bound is only looser, so
    fewer blocks are skipped in searches that are fast at our sizes anyway. Blocks are
    pickled compactly and compressed with zlib's fastest level (see `engine.postings`):
    uncompressed, the postings alone were three times the size of the article text.
    """

    length_stats = False

    def __init__(
        self,
        blocklimit: int | None = None,
        compression: int = POSTING_COMPRESSION,
        inlinelimit: int = 1,
    ) -> None:
        base: Any = super()
        base.__init__(
            blocklimit=POSTING_BLOCK if blocklimit is None else blocklimit,
            compression=compression,
            inlinelimit=inlinelimit,
        )

    def field_writer(self, storage: Any, segment: Any) -> Any:
        """The writer of a segment's terms and postings: Whoosh's, with the terms written
        as sorted blocks (see `engine.terms`)."""
        return BlockFieldWriter(self, storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> Any:
        """The reader of a segment's terms, written by `field_writer`."""
        name = segment.make_filename(self.TERMS_EXT)
        return BlockTermsReader(
            self,
            storage.open_file(name),
            storage.file_length(name),
            segment.open_file(storage, self.POSTS_EXT),
        )

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        """The writer of posting lists: Whoosh's, with blocks pickled compactly."""
        writer: Any = CompactPostingsWriter
        return writer(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


NumericColumn: Any = _NumericColumn  # untyped in Whoosh
VarBytesColumn: Any = _VarBytesColumn


class CompressedBytesColumn(_CompressedBytesColumn):  # type: ignore[misc]
    """Whoosh's zlib-compressed bytes column, with the default (b"") a segment without the
    column answers with (Whoosh's own class has none, and fails there)."""

    _default = b""


TEXT_COMPRESSION = 3
"""zlib level of the body and entity columns (one compressed value per article)."""


def text_column() -> Any:
    """A column of one zlib-compressed value per article."""
    column: Any = CompressedBytesColumn
    return column(level=TEXT_COMPRESSION)


EPOCH = date(1970, 1, 1)
UNDATED = -(2**62)
"""The `when` column's value for an article without a date: sorts after every real one."""


def seconds_since_epoch(moment: datetime) -> int:
    """The `when` column's value for a (naive UTC) publication time."""
    return int((moment - datetime(1970, 1, 1)).total_seconds())


def day_number(moment: datetime) -> int:
    """The `day` field's value for a (naive UTC) publication time: days since 1970-01-01."""
    return (moment.date() - EPOCH).days


class ArticleId(ID):  # type: ignore[misc]
    """The `id` field: an article id is a file path, whose name may hold bytes that are not
    UTF-8 (kept in the id as surrogate escapes); the term is the path's own bytes."""

    def index(
        self, value: Any, **kwargs: Any
    ) -> Generator[tuple[bytes, int, float | int, bytes], Any, None]:
        """The one term of an id (Whoosh's would encode it as strict UTF-8 and fail)."""
        yield self.to_bytes(value), 1, 1.0, b""

    def to_bytes(self, value: Any) -> bytes:
        """The term for an id, as written by `index` (and looked up by queries on it)."""
        if isinstance(value, list | tuple):
            value = value[0]
        return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogateescape")


class BodyText(NewsText):
    """The `body` field: indexed as article text, and kept compressed in a column of its own
    for snippets, instead of among the stored fields every hit reads."""

    def __init__(self) -> None:
        super().__init__(stored=False)
        self.column_type = text_column()

    def to_column_value(self, value: Any) -> bytes:
        """The body as the column holds it (UTF-8, surrogate escapes kept)."""
        return str(value).encode("utf-8", "surrogatepass")

    def from_column_value(self, value: Any) -> str:
        """The body back from the column."""
        return bytes(value).decode("utf-8", "surrogatepass")


class EntityRows(COLUMN):  # type: ignore[misc]
    """The `entities` field: the body's entities as rows (see `segments.encode_entities`),
    kept as compressed JSON in a column: only opening an article reads them."""

    def __init__(self) -> None:
        super().__init__(text_column())

    def to_column_value(self, value: Any) -> bytes:
        """The rows as the column holds them."""
        return json.dumps(list(value), separators=(",", ":")).encode("utf-8", "surrogatepass")

    def from_column_value(self, value: Any) -> list[Any]:  # type: ignore[override]
        """The rows back from the column (lists, not tuples)."""
        rows: list[Any] = json.loads(bytes(value).decode("utf-8", "surrogatepass") or "[]")
        return rows


def new_codec() -> Any:
    """The codec every writer of the index uses."""
    codec: Any = LeanCodec
    return codec()


def build_schema() -> Schema:
    """A fresh schema for the article index."""
    return Schema(
        id=ArticleId(stored=True, unique=True),
        file=STORED(),
        title=NewsText(stored=True),
        # Not a stored field: the reader reads the article from its file, and snippets
        # read the body's column, so a hit's stored fields stay small.
        body=BodyText(),
        byline=NewsText(stored=True),
        source=NewsText(stored=True),
        url=STORED(),
        published=STORED(),
        # Publication date twice: whole days indexed for date: queries (4 terms an article),
        # and the exact time in a column for sorting, which costs no terms at all.
        day=NUMERIC(int, bits=32, signed=True, shift_step=8),
        when=COLUMN(NumericColumn("q", default=UNDATED)),
        # The id again, as a column: a whole result set's ids without reading stored fields.
        key=COLUMN(VarBytesColumn()),
        title_derived=STORED(),
        summary_only=STORED(),
        person=NameText(),
        org=NameText(),
        place=NameText(),
        other_names=NameText(),
        entity_keys=KEYWORD(commas=True, scorable=False, lowercase=False),
        entities=EntityRows(),
        stamp=STORED(),
    )
