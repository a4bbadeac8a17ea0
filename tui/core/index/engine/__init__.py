"""Everything that reaches into Whoosh's internals, fenced in one package.

Broadsheet writes segments, ranks searches and reads columns faster than Whoosh's public
interface allows, by using parts of Whoosh that are not public. They are all here, the
Whoosh version is pinned exactly in pyproject.toml (`whoosh3==3.54.0`), and
`tests/core/test_whoosh_internals.py` checks every one of them against the installed
Whoosh, so an upgrade that moves one fails with its name rather than somewhere deep in a
search. Outside this package the index uses only Whoosh's public interface.

The private attributes and methods relied on, by module:

- `ranking`: `SegmentReader._perdoc` and `W3PerDocReader._cached_reader(field, column)`
  (field lengths); a column reader's `_fixedlen`, `_count`, `_basepos` and `_dbfile`
  (lengths and dates read as arrays); `SegmentReader._terms` and its `_postfile`
  (posting blocks read directly); `BM25F._field_B` (per-field B); `MultiTerm._btexts`
  (a prefix or fuzzy word's terms); `NumericRange._compile_query` (date ranges).
- `postings`: `W3FieldWriter._postwriter`, `_fieldid`, `_tindex`; `W3PostingsWriter`
  `_blocklimit`, `_postfile`, `_write_block`, `_ids`, `_weights`, `_values`, `_maxweight`
  (postings written a whole list at a time), and `_compression`, `_blockcount`,
  `_terminfo`, `_minlength`, `_maxlength`, `_mini_ids`, `_mini_weights`, `_mini_values`,
  `_new_block` (its `_write_block` overridden to pickle blocks compactly); the layout of
  `W3TermInfo._struct` (inlined term records written directly).
- `terms`: `W3FieldWriter.__init__` and `W3TermsReader.__init__` stood in for (so that the
  term file is ours: `_create_file`, and every attribute the two set, which
  `tests/core/test_index_terms.py` compares); `W3Codec.TERMS_EXT` and `POSTS_EXT`.
- `schema` (outside this package, the codec and columns): `W3Codec._blocklimit`,
  `_compression`, `_inlinelimit` (the postings writer it makes); `CompressedBytesColumn`
  given the `_default` Whoosh's class lacks.
- `columns`: none private (per-segment `column_reader`).
- `segments`: `SegmentWriter._flush_segment` (overridden), `_added`, `_merge_segments`,
  `_finalize_segment`, `_close_segment`, `_commit_toc`, `_cleanup_on_error`, `_finish`
  (segments built in worker processes and committed together).
- `translate`: `MultiTerm._btexts` (overridden, to remember expansions).
- `storage`: none private (subclasses of `FileStorage` and `BufferFile`).
- `order`: none private (a segment's own date column).
"""

PINNED_WHOOSH = "3.54.0"
"""The Whoosh (`whoosh3`) release these internals were written against."""

PRIVATE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "whoosh.reading.SegmentReader": ("_perdoc", "_terms"),
    "whoosh.codec.whoosh3.W3PerDocReader": ("_cached_reader",),
    "whoosh.columns.FixedBytesColumn.Reader": ("_fixedlen", "_count", "_basepos", "_dbfile"),
    "whoosh.codec.whoosh3.W3TermsReader": (
        "_postfile",
        "_codec",
        "_dbfile",
        "_tindex",
        "_fieldmap",
        "_fieldunmap",
    ),
    "whoosh.scoring.BM25F": ("_field_B",),
    "whoosh.query.terms.MultiTerm": ("_btexts",),
    "whoosh.query.ranges.NumericRange": ("_compile_query",),
    "whoosh.codec.whoosh3.W3FieldWriter": (
        "_postwriter",
        "_fieldid",
        "_tindex",
        "_create_file",
        "_fieldmap",
        "_postfile",
        "_infield",
    ),
    "whoosh.codec.whoosh3.W3PostingsWriter": (
        "_blocklimit",
        "_postfile",
        "_write_block",
        "_ids",
        "_weights",
        "_values",
        "_maxweight",
        "_compression",
        "_blockcount",
        "_terminfo",
        "_minlength",
        "_maxlength",
        "_mini_ids",
        "_mini_weights",
        "_mini_values",
        "_new_block",
    ),
    "whoosh.codec.whoosh3.W3TermInfo": ("_struct",),
    "whoosh.codec.whoosh3.W3Codec": (
        "_blocklimit",
        "_compression",
        "_inlinelimit",
        "TERMS_EXT",
        "POSTS_EXT",
    ),
    "whoosh.writing.SegmentWriter": (
        "_flush_segment",
        "_added",
        "_merge_segments",
        "_finalize_segment",
        "_close_segment",
        "_commit_toc",
        "_cleanup_on_error",
        "_finish",
    ),
}
"""Every private attribute of Whoosh the engine uses, by the class that has it."""
