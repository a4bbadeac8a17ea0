"""Building index segments from corpus files, in this process or in worker processes.

Each builder owns a private folder with an empty Whoosh index of the same schema. It reads,
hashes and parses a batch of files, recognises entities, and writes the batch as one finished
segment there; the updater then moves the segment's file into the real index and commits it.
Keeping unfinished segments out of the index folder matters: every commit deletes files the
table of contents does not name.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import itertools
import operator
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter as _SegmentWriter

from ...article import Article, Skipped
from ...corpus import MAX_ARTICLE_BYTES, NotARegularFile, read_bytes
from ...dates import as_utc
from ...entities import (
    LABEL_GROUPS,
    Entity,
    EntityContext,
    Recognizer,
    get_recognizer,
    recognise_captions,
)
from ...parsers import is_streamed, parse_bytes
from ...parsers.records import Record, open_stream, read_records, record_article
from .. import analysis
from ..copies import signature as copy_signature
from ..manifest import SummaryRecord
from ..schema import (
    NAME_INDEX_FIELDS,
    OTHER_NAMES,
    build_schema,
    day_number,
    new_codec,
    seconds_since_epoch,
)
from .postings import FieldPostings, Posting, add_postings
from .storage import IndexStorage, create_index

_POSTING_BYTES = 200
"""About what one posting costs in the pool's memory (Whoosh's own estimate, rounded up)."""


class LeanWriter(_SegmentWriter):  # type: ignore[misc]
    """Whoosh's SegmentWriter with a leaner `add_document` for our own documents.

    It keeps each field's postings by term (`TermPostings`) instead of handing them one by
    one to Whoosh's pool, which sorts every posting at the end: the documents come in
    order, so a term's postings are already in order and only the terms need sorting (an
    eighth as many in news: 41,358 terms for 324,552 postings of 1,000 DOJ releases). Past
    the pool's memory limit they go to the pool as sorted runs on disk, as Whoosh's would.
    Our documents never use what it leaves out: field or document boosts, `_stored_`
    overrides, term vectors and separate spelling fields.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[no-untyped-call]  # Whoosh's
        self._by_term: dict[str, TermPostings] = {}

    def add_document(self, **fields: Any) -> None:
        """Add one document (fields as in the schema; None values are left out)."""
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        by_term = self._by_term
        size = 0
        perdocwriter.start_doc(docnum)
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                terms = by_term.get(fieldname)
                if terms is None:
                    terms = by_term[fieldname] = {}
                count = 0
                for tbytes, freq, weight, vbytes in field.index(value):
                    postings = terms.get(tbytes)
                    if postings is None:
                        terms[tbytes] = [(docnum, weight, vbytes)]
                    else:
                        postings.append((docnum, weight, vbytes))
                    length += freq
                    count += 1
                if not field.scorable:
                    length = 0
                size += _POSTING_BYTES * count
            perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        pool: Any = self.pool
        pool.currentsize += size
        if pool.currentsize > pool.limit:
            self._spill()
        self._added = True
        self.docnum += 1

    def _spill(self) -> None:
        """Hand the postings held by term to Whoosh's pool, which writes them as a sorted run."""
        pool: Any = self.pool
        pool.fieldnames.update(self._by_term)
        pool.current.extend(_flat(_in_order(self._by_term)))
        self._by_term = {}
        pool.save()

    def _flush_segment(self) -> None:
        # As Whoosh's, without length statistics (LeanCodec has none) and term by term.
        self.perdocwriter.close()
        pool: Any = self.pool
        if pool.runs or pool.current:  # spilled, or given postings by Whoosh's own code
            self._spill()
            fields = _grouped(pool.iter_postings())
        else:
            fields = _in_order(self._by_term)
        add_postings(self.fieldwriter, self.schema, fields)
        self._by_term = {}
        self.fieldwriter.close()


TermPostings = dict[bytes, list[Posting]]
"""One field's postings by term, each term's in document order."""


def _in_order(by_term: dict[str, TermPostings]) -> FieldPostings:
    for fieldname in sorted(by_term):
        if terms := by_term[fieldname]:
            yield fieldname, sorted(terms.items(), key=_FIRST)


def _flat(fields: FieldPostings) -> Iterator[tuple[str, bytes, int, float, Any]]:
    for fieldname, terms in fields:
        for btext, postings in terms:
            for docnum, weight, value in postings:
                yield fieldname, btext, docnum, weight, value


def _grouped(items: Iterable[tuple[str, bytes, int, float, Any]]) -> FieldPostings:
    """Sorted (field, term, document, weight, value) postings, grouped as in FieldPostings."""
    for fieldname, in_field in itertools.groupby(items, key=_FIRST):
        yield (
            fieldname,
            (
                (btext, [(p[2], p[3], p[4]) for p in in_term])
                for btext, in_term in itertools.groupby(in_field, key=_SECOND)
            ),
        )


_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)


SegmentWriter: Any = LeanWriter
WRITER_LIMIT_MB = 128
"""Memory for each writer's posting pool before it spills sorted runs to disk."""

_NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
_KIND_OF_LABEL = {label: kind for kind, labels in LABEL_GROUPS.items() for label in labels}


@dataclass(frozen=True, slots=True)
class FileJob:
    """A corpus file to (re)index, or one part of a large one."""

    rel: str
    path: str
    size: int
    mtime_ns: int
    records: tuple[Record, ...] | None = None
    """For a part of a file split across workers: its records, read and given ids in file
    order by the one reader of the file (so the ids are those of the file read whole)."""


@dataclass(slots=True)
class FileOutcome:
    """What became of one file: its articles' summaries and the parts that were skipped."""

    rel: str
    size: int
    mtime_ns: int
    sha1: str
    articles: list[tuple[str, SummaryRecord]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    signatures: dict[str, bytes | None] = field(default_factory=dict)
    """Each article's MinHash signature, for finding its copies (see `index.copies`)."""
    part: bool = False
    """Only some of the file's records (the updater puts the parts together)."""


@dataclass(slots=True)
class BuiltSegment:
    """A finished segment waiting in a builder's folder, with what went into it."""

    folder: str
    segment: Any
    files: list[str]
    outcomes: list[FileOutcome]
    words: list[str]
    names: dict[str, str]

    @property
    def article_ids(self) -> list[str]:
        """Ids of the articles in the segment."""
        return [ident for outcome in self.outcomes for ident, _ in outcome.articles]


def file_sha1(path: str | Path) -> str | None:
    """The SHA-1 of a file's whole content (read in pieces), or None when it cannot be read."""
    try:
        with open_stream(path) as stream:
            return stream.sha1()
    except OSError:
        return None


def load_recognizer(spec: str | None) -> tuple[Recognizer | None, str | None]:
    """The entity recognizer named by `spec`, or None and a notice saying why not."""
    if not spec or spec == "none":
        return None, None
    try:
        return get_recognizer(spec), None
    except Exception as error:  # an optional backend may fail in many ways
        return None, f"entities not indexed: {error}"


class SegmentBuilder:
    """Turns batches of corpus files into finished segments in a private folder."""

    def __init__(self, folder: Path, *, entities: str | None, dayfirst: bool) -> None:
        self.folder = folder
        self._ix = create_index(folder, build_schema())  # private files, like the index's
        self.dayfirst = dayfirst
        self.recognizer, self.notice = load_recognizer(entities)
        self._keys: dict[str, str] = {}

    def build(
        self, jobs: list[FileJob], is_cancelled: Callable[[], bool] | None = None
    ) -> BuiltSegment:
        """Read, parse and index `jobs` into one new segment."""
        writer = SegmentWriter(self._ix, _lk=False, limitmb=WRITER_LIMIT_MB, codec=new_codec())
        outcomes: list[FileOutcome] = []
        names: dict[str, str] = {}
        added = 0
        analysis.collect_words()
        try:
            for job in jobs:
                if is_cancelled is not None and is_cancelled():
                    break
                try:
                    outcome, documents = self._read(job, names)
                except Exception as error:  # a parser bug must cost one file, not the update
                    outcome = FileOutcome(job.rel, job.size, job.mtime_ns, "")
                    outcome.skipped.append((job.rel, f"could not be read ({error!r:.80})"))
                    documents = []
                for document in documents:
                    writer.add_document(**document)
                    added += 1
                outcomes.append(outcome)
            segment = None
            files: list[str] = []
            if added:
                segment = writer._finalize_segment()
                prefix = segment.segment_id() + "."
                files = [name for name in os.listdir(self.folder) if name.startswith(prefix)]
            else:
                writer._close_segment()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        writer._finish()
        words = sorted(analysis.collected_words())
        return BuiltSegment(str(self.folder), segment, files, outcomes, words, names)

    def merge(self, index_folder: Path, sources: list[Any]) -> BuiltSegment:
        """Merge segments of the index in `index_folder` into one new segment here."""
        return merge_into_one(self._ix, index_folder, sources)

    def _read(
        self, job: FileJob, names: dict[str, str]
    ) -> tuple[FileOutcome, list[dict[str, Any]]]:
        path = Path(job.path)
        placed: dict[str, Any] = {
            "rel": job.rel,
            "path": path,
            "size": job.size,
            "mtime_ns": job.mtime_ns,
            "dayfirst": self.dayfirst,
        }
        if job.records is not None:
            outcome = FileOutcome(job.rel, job.size, job.mtime_ns, "", part=True)
            results = [record_article(record, **placed) for record in job.records]
            return outcome, self._documents(results, job, outcome, names)
        try:
            # A pipe swapped in after the scan is refused, not waited on.
            if is_streamed(job.rel):
                with open_stream(path) as stream:
                    results = read_records(stream, **placed)
                    sha1 = stream.sha1()
            else:
                data = read_bytes(path)
                sha1 = hashlib.sha1(data).hexdigest()
        except OSError as error:
            outcome = FileOutcome(job.rel, job.size, job.mtime_ns, "")
            reason = error.strerror if isinstance(error, NotARegularFile) else None
            outcome.skipped.append((job.rel, reason or f"cannot read: {error.strerror}"))
            return outcome, []
        outcome = FileOutcome(job.rel, job.size, job.mtime_ns, sha1)
        if not is_streamed(job.rel):
            if len(data) > MAX_ARTICLE_BYTES:
                outcome.skipped.append((job.rel, f"too large ({len(data) // 1_048_576} MB)"))
                return outcome, []
            results = parse_bytes(data, **{**placed, "size": len(data)})
        return outcome, self._documents(results, job, outcome, names)

    def _documents(
        self,
        results: list[Article | Skipped],
        job: FileJob,
        outcome: FileOutcome,
        names: dict[str, str],
    ) -> list[dict[str, Any]]:
        documents: list[dict[str, Any]] = []
        for result in results:
            if isinstance(result, Skipped):
                outcome.skipped.append((result.id, result.reason))
                continue
            documents.append(self._document(result, job, outcome.sha1, names))
            published = as_utc(result.published) if result.published else None
            summary: SummaryRecord = (
                job.rel,
                result.title,
                published,
                result.source,
                result.byline,
                result.title_derived,
                result.summary_only,
            )
            outcome.articles.append((result.id, summary))
            outcome.signatures[result.id] = copy_signature(result.body)
        return documents

    def _document(
        self, article: Article, job: FileJob, sha1: str, names: dict[str, str]
    ) -> dict[str, Any]:
        document: dict[str, Any] = {
            "id": article.id,
            "key": article.id.encode("utf-8", "surrogateescape"),
            "file": job.rel,
            "title": article.title,
            "body": article.body,
            "title_derived": article.title_derived,
            "summary_only": article.summary_only,
            "stamp": (job.size, job.mtime_ns, sha1),
        }
        for name in ("byline", "source", "url"):
            value = getattr(article, name)
            if value:
                document[name] = value
        if article.published is not None:
            published = as_utc(article.published)
            document["published"] = published
            document["day"] = day_number(published)
            document["when"] = seconds_since_epoch(published)
        if self.recognizer is not None:
            document.update(self._entity_fields(article, names))
        return document

    def _entity_fields(self, article: Article, names: dict[str, str]) -> dict[str, Any]:
        assert self.recognizer is not None
        context = EntityContext(published=article.published, title=article.title)
        try:
            in_body = self.recognizer.recognise(article.body, context)
            in_title = self.recognizer.recognise(article.title, context) if article.title else []
            in_captions = recognise_captions(self.recognizer, article.captions, context)
        except Exception:  # a recognizer bug must not stop indexing
            return {}
        by_kind: dict[str, list[str]] = {name: [] for name in NAME_INDEX_FIELDS}
        keys: set[str] = set()
        for entity in itertools.chain(in_title, *in_captions, in_body):
            if entity.label in _NOT_NAMES:
                continue
            shown = entity.canonical or entity.text
            spelled = [entity.text] if shown == entity.text else [entity.text, shown]
            kind = _KIND_OF_LABEL.get(entity.label)
            if kind is None:
                by_kind[OTHER_NAMES].extend(spelled)
                continue
            by_kind[kind].extend(spelled)
            key = self._keys.get(shown)
            if key is None:
                # Entity.key folds the same name the same way every time: remember it.
                key = self._keys[shown] = search_key(entity)
            if key:
                keys.add(f"{kind}:{key}")
                names.setdefault(f"{kind}:{key}", shown)
        fields: dict[str, Any] = {kind: values for kind, values in by_kind.items() if values}
        if keys:
            fields["entity_keys"] = ",".join(sorted(keys))
        fields["entities"] = encode_entities(in_body)
        return fields


def search_key(entity: Entity) -> str:
    """The entity's key as the `entity_keys` field holds it (no commas: they separate keys)."""
    return entity.key.replace(",", " ").strip()


def entity_names(entities: list[Entity], names: dict[str, str]) -> None:
    """Add the shown name of each person, organisation and place to `names` (by kind:key)."""
    for entity in entities:
        kind = _KIND_OF_LABEL.get(entity.label)
        if kind is None or entity.label in _NOT_NAMES:
            continue
        key = search_key(entity)
        if key:
            names.setdefault(f"{kind}:{key}", entity.canonical or entity.text)


def encode_entities(entities: list[Entity]) -> list[tuple[Any, ...]]:
    """Entities as plain tuples, to be stored with the document."""
    return [
        (
            e.start,
            e.end,
            e.label,
            e.text,
            e.resolved.isoformat() if e.resolved else None,
            e.canonical,
        )
        for e in entities
    ]


def decode_entities(rows: list[tuple[Any, ...]]) -> list[Entity]:
    """Entities back from the tuples stored with a document."""
    from datetime import date

    return [
        Entity(
            start,
            end,
            label,
            text,
            date.fromisoformat(resolved) if resolved else None,
            canonical,
        )
        for start, end, label, text, resolved, canonical in rows
    ]


def private_folder(index_folder: Path) -> Path:
    """A new hidden folder inside the index folder for one builder's unfinished segments."""
    return index_folder / f".build-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def remove_folder(folder: Path | str) -> None:
    """Delete a builder's folder and anything left in it."""
    shutil.rmtree(folder, ignore_errors=True)


WRITE_LOCK_WAIT = 10.0
"""Seconds to wait for Whoosh's write lock when committing."""
SMALL_SEGMENT = 100
"""Segments with fewer documents than this are merged once there are more than MAX_SMALL."""
MAX_SMALL = 4


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge policy: fold small segments into the new one, keep the big ones as they are.

    Whoosh's MERGE_SMALL may rewrite most of the index in this one process at the end of a
    cold build. Here only the small segments that pile up over many small updates are
    merged, and only when there are more than a few of them.
    """
    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT]
    if len(small) <= MAX_SMALL:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment.doc_count_all() >= SMALL_SEGMENT]


def commit_segments(
    ix: Any, folder: Path, built: list[BuiltSegment], delete_ids: list[str], *, merge: bool
) -> int:
    """Move finished segments into the index, delete articles by id, commit; the generation."""
    for item in built:
        for name in item.files:
            os.replace(Path(item.folder) / name, folder / name)
    writer = SegmentWriter(ix, timeout=WRITE_LOCK_WAIT, limitmb=64, codec=new_codec())
    try:
        for ident in delete_ids:
            writer.delete_by_term("id", ident)
        segments = writer._merge_segments(merge_small_segments if merge else None, False, merge)
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        segments.extend(item.segment for item in built if item.segment is not None)
        writer._commit_toc(segments)
    except BaseException:
        writer._cleanup_on_error()
        raise
    writer._finish()
    return int(writer.generation)


# Consolidation ------------------------------------------------------------------------------
#
# A cold build commits a segment per batch (about a thousand articles) so that the first
# titles are searchable at once; at 100,000 articles that is over a hundred segments, and
# every search looks words up, reads postings and scores in each of them. After the update
# the reader merges them, in a worker process, into segments of up to MERGE_DOCS articles.

MERGE_DOCS = 10_000
"""The most articles a consolidated segment is made of (about 15 s of merging)."""
MERGE_AT_LEAST = 4
"""Consolidation starts when at least this many segments are under half of MERGE_DOCS..."""
MERGE_ARTICLES_AT_LEAST = 1000
"""... or when two or more such segments hold at least this many articles between them: a
small file the two workers built in halves is one segment afterwards, while the few small
segments of live updates wait until there are more of them."""


def merge_plan(segments: list[Any]) -> list[Any]:
    """The segments to merge next into one (smallest first), or [] when there is no need.

    The small segments are shared out evenly between as few merges as MERGE_DOCS allows:
    12,694 articles in thirteen segments become two of ~6,500, not one of 10,000 and three
    segments too few to merge again."""
    small = sorted(
        (segment for segment in segments if segment.doc_count_all() < MERGE_DOCS // 2),
        key=lambda segment: segment.doc_count_all(),
    )
    every = sum(segment.doc_count_all() for segment in small)
    if len(small) < MERGE_AT_LEAST and (len(small) < 2 or every < MERGE_ARTICLES_AT_LEAST):
        return []
    share = -(-every // -(-every // MERGE_DOCS))
    group: list[Any] = []
    total = 0
    for segment in small:
        if group and (total >= share or total + segment.doc_count_all() > MERGE_DOCS):
            break
        group.append(segment)
        total += segment.doc_count_all()
    return group if len(group) > 1 else []


class _MergeWriter(LeanWriter):
    """Merges whole segments: each one's documents as Whoosh's `add_reader` writes them, and
    their postings streamed term by term, the sources' lists one after the other, straight
    into the new segment. Whoosh would look every term up again, walk a matcher over it,
    and sort all postings through pickled runs on disk (most of a merge's time)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[no-untyped-call]  # Whoosh's
        self._sources: list[tuple[Any, int, dict[int, int] | None]] = []

    def add_reader(self, reader: Any) -> None:
        """Add a segment's living documents; its postings are written when it finishes (the
        reader must stay open until then)."""
        names = {name for name in reader.indexed_field_names() if name in self.schema}
        basedoc = self.docnum
        whoosh: Any = self  # Whoosh's own method, untyped
        docmap = whoosh.write_per_doc(set(self.schema.names()) | names, reader)
        self._sources.append((reader, basedoc, docmap))
        self._added = True

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        add_postings(self.fieldwriter, self.schema, _grouped(self._merged_postings()))
        self.fieldwriter.close()

    def _merged_postings(self) -> Iterator[tuple[str, bytes, int, float, Any]]:
        # Imported here: the ranking module brings numpy and Whoosh's queries, which a
        # worker that only builds segments does not need (a tenth of a second at its start).
        from .ranking import all_postings

        schema = self.schema
        streams = [
            _terms_in_order(reader, number) for number, (reader, _, _) in enumerate(self._sources)
        ]
        sizes: dict[str, int | None] = {}
        for key, found in itertools.groupby(heapq.merge(*streams), key=lambda item: item[0]):
            fieldname, btext = key
            if fieldname not in schema:
                continue
            if fieldname not in sizes:
                form = schema[fieldname].format
                sizes[fieldname] = form.fixed_value_size() if form is not None else 0
            for _, number, info in found:
                reader, basedoc, docmap = self._sources[number]
                postings = all_postings(info, reader._terms._postfile, sizes[fieldname])
                for docnum, weight, value in postings:
                    if docmap is None:
                        yield fieldname, btext, basedoc + docnum, weight, value
                    elif (newdoc := docmap.get(docnum)) is not None:  # not deleted
                        yield fieldname, btext, newdoc, weight, value


def _terms_in_order(reader: Any, number: int) -> Iterator[tuple[tuple[str, bytes], int, Any]]:
    """A segment's terms with their records, in (field name, text) order, as the heap merge
    of `_MergeWriter` needs them (our segments are written in that order)."""
    previous: tuple[str, bytes] | None = None
    for key, info in reader._terms.items():
        if previous is not None and key <= previous:
            segment = reader.segment().segment_id()
            raise ValueError(f"terms out of order in segment {segment}: {key!r}")
        previous = key
        yield key, number, info


def merge_into_one(builder_ix: Any, index_folder: Path, sources: list[Any]) -> BuiltSegment:
    """Merge the index's `sources` (as they were when chosen) into one segment, in the
    builder's private folder; deleted articles are left out."""
    folder = Path(builder_ix.storage.folder)
    living = [source for source in sources if source.deleted_count() < source.doc_count_all()]
    if not living:  # every article deleted (a file indexed again): nothing to read or write
        return BuiltSegment(str(folder), None, [], [], [], {})
    storage = IndexStorage(index_folder, readonly=True)
    writer: Any = _MergeWriter(builder_ix, _lk=False, limitmb=8, codec=new_codec())
    readers: list[Any] = []
    try:
        for source in living:
            readers.append(SegmentReader(storage, builder_ix.schema, source))
            writer.add_reader(readers[-1])
        segment = writer._finalize_segment()
    except BaseException:
        with contextlib.suppress(Exception):
            writer.cancel()
        raise
    finally:
        for reader in readers:
            reader.close()
    writer._finish()
    prefix = segment.segment_id() + "."
    files = [name for name in os.listdir(folder) if name.startswith(prefix)]
    return BuiltSegment(str(folder), segment, files, [], [], {})


def commit_merged(ix: Any, folder: Path, built: BuiltSegment, sources: list[Any]) -> int | None:
    """Put a merged segment in place of its sources; the new generation, or None when the
    sources are no longer all in the index (an update merged them meanwhile).

    Articles deleted from a source since the merge began are deleted from the new segment:
    it holds each source's living articles of that time, in order.
    """
    writer = SegmentWriter(ix, timeout=WRITE_LOCK_WAIT, limitmb=8, codec=new_codec())
    try:
        current = {segment.segment_id(): segment for segment in writer.segments}
        if any(source.segment_id() not in current for source in sources):
            writer.cancel()
            return None
        merged = built.segment  # None when every article of the sources was deleted
        base = 0
        for source in sources:
            was_deleted = set(source.deleted_docs())
            now_deleted = set(current[source.segment_id()].deleted_docs()) - was_deleted
            if now_deleted:
                living = [n for n in range(source.doc_count_all()) if n not in was_deleted]
                place = {docnum: base + number for number, docnum in enumerate(living)}
                for docnum in now_deleted:
                    merged.delete_document(place[docnum])
            base += source.doc_count_all() - len(was_deleted)
        for name in built.files:
            os.replace(Path(built.folder) / name, folder / name)
        gone = {source.segment_id() for source in sources}
        kept = [segment for segment in writer.segments if segment.segment_id() not in gone]
        writer._close_segment()
        writer._commit_toc(kept if merged is None else [*kept, merged])
    except BaseException:
        writer._cleanup_on_error()
        raise
    writer._finish()
    return int(writer.generation)
