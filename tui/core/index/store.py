"""The article index of one corpus: opening it, keeping it current, and asking it things."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.query.compound import Or
from whoosh.query.terms import Term

from ..article import Article, Skipped
from ..corpus import CorpusFile, read_file
from ..entities import Entity
from ..files import write_atomically
from ..paths import cache_dir, corpus_id
from ..paths import index_dir as default_index_dir
from ..trust import (
    PRIVATE_FILE_MODE,
    PRIVATE_FOLDER_MODE,
    UntrustedFolder,
    check_folder,
    make_private_folder,
)
from .copies import Copies, SavedCopies
from .engine.columns import column_of
from .engine.ranking import live_counts
from .engine.segments import (
    BuiltSegment,
    commit_merged,
    decode_entities,
    entity_names,
    merge_plan,
)
from .engine.storage import create_index, open_index
from .locking import LOCK_FILE, UpdateLock
from .manifest import (
    LEGACY_FILES,
    MANIFEST_FILE,
    Manifest,
    SummaryRecord,
    load_manifest,
    load_skipped,
    save_manifest,
)
from .query import ParsedQuery, parse_query
from .results import (
    ArticleSummary,
    EntityCount,
    IndexProgress,
    IndexUnavailable,
    QueryError,
    SearchHit,
    SearchResults,
    UpdateReport,
)
from .saved_listing import META_FILE, TOC_NAME, summaries_of
from .schema import ENTITY_KINDS, SCHEMA_VERSION, build_schema
from .search import Searching, match_offsets
from .updater import Updater, remove_stale_build_folders
from .workers import WorkerFailed, WorkerProcess

_MISSING = "there is no index yet"
LOCK_WAIT = 0.5
"""How long `update` waits for another process's update before reading what it committed."""


def _count_entity_keys(reader: Any) -> dict[str, int]:
    """Articles per `entity_keys` term, segment by segment, deleted articles left out.

    Asking the whole index for each term's frequency looks the term up in every segment
    (seconds for a few thousand names); each segment's own term list is read in one pass.
    """
    counts: dict[str, int] = {}
    for segment, _ in reader.leaf_readers():
        if "entity_keys" not in segment.indexed_field_names():
            continue
        for raw, count in live_counts(segment, "entity_keys").items():
            if count:
                term = raw.decode("utf-8")
                counts[term] = counts.get(term, 0) + count
    return counts


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _every_stored(searcher: Any) -> Any:
    """(document number, stored fields) of every article not deleted."""
    reader = searcher.reader()
    for docnum in reader.all_doc_ids():
        yield docnum, reader.stored_fields(docnum)


def article_body(searcher: Any, docnum: int) -> str:
    """An indexed article's body, from the index's body column ("" when it has none)."""
    body = column_of(searcher.reader(), "body")[docnum]
    return str(body or "")


def article_entities(searcher: Any, docnum: int) -> list[Any] | None:
    """The entity rows stored for an article, or None when it has none (the index was built
    without entities, or the recognizer failed on it)."""
    raw = column_of(searcher.reader(), "entities", translate=False)[docnum]
    if not raw:
        return None
    rows: list[Any] = searcher.schema["entities"].from_column_value(raw)
    return rows


class ArticleIndex:
    """The Whoosh index of a corpus folder, kept in the user cache (or `index_dir`)."""

    def __init__(self, corpus: Path, folder: Path, *, entities: str, dayfirst: bool) -> None:
        self.corpus = Path(os.path.abspath(corpus))
        self.folder = folder
        self.entities = entities
        self.dayfirst = dayfirst
        self.notices: list[str] = []
        """Things worth telling the reader about the index (rebuilt, shared, unavailable)."""
        self._lock = UpdateLock(folder)
        self._guard = threading.RLock()
        self._ix: Any = None
        self._searcher: Any = None
        self._manifest: Manifest | None = None
        self._manifest_stamp: tuple[int, int] | None = None
        self._manifest_is_saved = False
        """True when `_manifest` is what the manifest file of `_manifest_stamp` holds."""
        self._searching = Searching(self.corpus, self.folder)
        self._entities: tuple[Any, dict[str, str], list[EntityCount]] | None = None
        """(generation, names, counts) of the last entity count (see `_entity_counts`)."""
        self.rewrite: Callable[[ParsedQuery], ParsedQuery] | None = None
        """Applied to every parsed query before it runs (the user's corrections to names)."""
        self._updating = False
        self._distrusted: str | None = None
        """Why what is in the folder must not be loaded but rebuilt (see `open`)."""
        self._copies = SavedCopies(folder)

    # Opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        corpus: Path,
        index_dir: Path | None = None,
        *,
        entities: str = "rules",
        dayfirst: bool = False,
    ) -> ArticleIndex:
        """Open (creating or rebuilding as needed) the index of `corpus`; never raises for a
        damaged or outdated index, only IndexUnavailable when the folder cannot be written,
        or cannot be trusted (someone else owns it or can write in it: see `trust`)."""
        folder = default_index_dir(Path(corpus), index_dir)
        distrusted = None
        try:
            make_private_folder(folder)
            try:
                check_folder(folder)
            except UntrustedFolder as error:
                if not (error.yours and folder == cache_dir() / corpus_id(Path(corpus))):
                    raise IndexUnavailable(str(error)) from error
                # Our own default folder, left open by an older Broadsheet under a loose
                # umask: close it and build afresh rather than load what is in it.
                os.chmod(folder, PRIVATE_FOLDER_MODE)
                distrusted = f"its folder was writable by others (mode {error.mode:04o})"
            os.close(os.open(folder / LOCK_FILE, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
        except OSError as error:
            raise IndexUnavailable(
                f"cannot create the search index in {folder}: {error.strerror or error}"
            ) from error
        if not os.access(folder, os.W_OK):
            raise IndexUnavailable(f"cannot write the search index in {folder}: read-only")
        index = cls(Path(corpus), folder, entities=entities, dayfirst=dayfirst)
        index._distrusted = distrusted
        try:
            index._open_or_create()
        except UntrustedFolder as error:
            raise IndexUnavailable(str(error)) from error
        return index

    def _open_or_create(self) -> None:
        reason = self._try_open()
        if reason is None:
            return
        if not self._lock.acquire(wait=2.0):
            self.notices.append(self._busy_notice())
            if self._distrusted is None:
                try:
                    self._ix = open_index(self.folder)
                except UntrustedFolder:
                    raise
                except Exception:  # the other process is building it: search what it has
                    self._ix = None
            return
        try:
            # Another process may have made or repaired the index while we waited.
            reason = self._try_open()
            if reason is None:
                return
            if reason is not _MISSING:
                self.notices.append(f"rebuilding the search index: {reason}")
            self._create()
        finally:
            self._lock.release()

    def _try_open(self) -> str | None:
        """Open the index: None when it opened, else why not (_MISSING when there is none)."""
        if self._distrusted is not None:
            return self._distrusted
        if not self._has_toc():
            return _MISSING
        if any((self.folder / name).exists() for name in LEGACY_FILES):
            return "it was written by an older Broadsheet (its manifest was a pickle)"
        meta = self._read_meta()
        if meta is None:
            return "it has no version record"
        if meta.get("schema_version") != SCHEMA_VERSION:
            return (
                f"it was built for index version {meta.get('schema_version')}, "
                f"this Broadsheet uses version {SCHEMA_VERSION}"
            )
        try:
            ix = open_index(self.folder)
            # Open every segment once (a few ms): a segment file cut short or deleted is
            # found now, and rebuilt, rather than failing every search.
            ix.reader().close()  # type: ignore[no-untyped-call]
        except UntrustedFolder:
            raise  # not damage: someone else's file, which is neither loaded nor deleted
        except Exception as error:  # any damage at all means: rebuild
            return f"it could not be opened ({type(error).__name__}: {error})"
        self._ix = ix
        built_with = meta.get("entities")
        if built_with and built_with != self.entities:
            self.notices.append(
                f"the index's entities were found by {built_with!r}, not {self.entities!r}: "
                "run `broadsheet index --rebuild` to find them again"
            )
        return None

    def _create(self) -> None:
        """Make an empty index in the folder, removing whatever was there (lock held)."""
        try:
            with self._guard:
                self._close_searcher()
            for name in os.listdir(self.folder):
                path = self.folder / name
                if name == LOCK_FILE or path.is_dir():
                    continue
                path.unlink()
            self._ix = create_index(self.folder, build_schema())
            self._distrusted = None
            meta = {
                "schema_version": SCHEMA_VERSION,
                "corpus": str(self.corpus),
                "entities": self.entities,
            }
            write_atomically(self.folder / META_FILE, json.dumps(meta).encode("utf-8"))
        except OSError as error:
            raise IndexUnavailable(
                f"cannot write the search index in {self.folder}: {error.strerror or error}"
            ) from error
        self._manifest = None
        self._manifest_stamp = None
        self._manifest_is_saved = False
        self._searching.forget_words()

    def _has_toc(self) -> bool:
        # whoosh.index.exists_in raises on a damaged table of contents; a name is enough.
        try:
            return any(TOC_NAME.match(name) for name in os.listdir(self.folder))
        except OSError:
            return False

    def _read_meta(self) -> dict[str, Any] | None:
        try:
            meta = json.loads((self.folder / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None

    def _busy_notice(self) -> str:
        pid = self._lock.holder()
        who = f" (pid {pid})" if pid else ""
        return (
            f"another broadsheet{who} is updating this index: searching what it has "
            "committed so far"
        )

    # Updating --------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """False while this or another process is still bringing the index up to date."""
        return not self._updating and not self._lock.busy()

    def update(
        self,
        progress: Callable[[IndexProgress], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        *,
        rebuild: bool = False,
    ) -> UpdateReport:
        """Bring the index up to date with the corpus folder, committing in batches."""
        if not self._lock.acquire(wait=LOCK_WAIT):
            return self._busy_report()
        self._updating = True
        report_notices: list[str] = []
        try:
            if rebuild:
                self._create()
            elif self._ix is None:
                # Opening found the index busy; now that we hold the lock, try again.
                reason = self._try_open()
                if reason is not None:
                    if reason is not _MISSING:
                        report_notices.append(f"rebuilding the search index: {reason}")
                    self._create()
            remove_stale_build_folders(self.folder)
            with self._guard:
                manifest = self._manifest_for_update()
            generation_before = manifest.generation
            updater = Updater(
                corpus=self.corpus,
                folder=self.folder,
                ix=self._ix,
                manifest=manifest,
                entities=self.entities,
                dayfirst=self.dayfirst,
            )

            def committed(update: IndexProgress) -> None:
                # The listing during an update is what has been committed so far (the
                # updater changes its own manifest; each commit shows a copy of it).
                with self._guard:
                    self._manifest = manifest.copy()
                if progress is not None:
                    progress(update)

            updater.run(committed, is_cancelled)
            report = updater.report
            report.notices[:0] = report_notices
            with self._guard:
                self._manifest = manifest
                self._manifest_stamp = self._stamp()
                self._manifest_is_saved = True  # the updater saved it, or it was read
                self._searching.forget_words()
                if manifest.generation != generation_before:
                    # Open the new segments here, in the updating thread, not in the first search.
                    self._searcher_now()
        except OSError as error:
            raise IndexUnavailable(
                f"cannot write the search index in {self.folder}: {error.strerror or error}"
            ) from error
        except UntrustedFolder as error:
            raise IndexUnavailable(str(error)) from error
        except LockError:
            report = self._busy_report()
        finally:
            self._updating = False
            self._lock.release()
        return report

    def segment_sizes(self) -> list[int]:
        """The number of articles (deleted ones too) in each of the index's segments."""
        if self._ix is None:
            return []
        return [segment.doc_count_all() for segment in self._ix._segments()]

    def consolidate(
        self,
        should_stop: Callable[[], bool] = lambda: False,
        started: Callable[[], None] | None = None,
    ) -> int:
        """Merge the many small segments a large update leaves into fewer (see `merge_plan`),
        a group at a time in a worker process, while searches go on; how many merges were
        committed. Stops between merges, or kills the one under way, when `should_stop`.
        `started` is called once, when the first merge begins (if one does)."""
        if self._ix is None:
            return 0
        merged = 0
        worker: WorkerProcess | None = None
        try:
            while not should_stop():
                sources = merge_plan(self._ix._segments())
                if not sources:
                    break
                if worker is None:
                    if started is not None:
                        started()
                    worker = WorkerProcess(self.folder, None, self.dayfirst)
                built = worker.merge(self.folder, sources, should_stop)
                if built is None:
                    break
                if not self._commit_merged(built, sources):
                    break
                merged += 1
        except WorkerFailed as error:
            self.notices.append(f"the search index was not tidied: {error}")
        finally:
            if worker is not None:
                worker.stop(now=should_stop())
                worker.remove_folders(self.folder)
        return merged

    def _commit_merged(self, built: BuiltSegment, sources: list[Any]) -> bool:
        """Commit a merge under the update lock, and tag the manifest with its generation
        (it lists the same articles): False when an update holds the lock or took the sources."""
        lock = UpdateLock(self.folder)
        if not lock.acquire(wait=LOCK_WAIT):
            return False
        try:
            before = self._ix.latest_generation()
            with self._guard:
                manifest = self._manifest
                if not (
                    manifest is not None
                    and self._manifest_is_saved
                    and self._manifest_stamp == self._stamp()
                ):
                    manifest = load_manifest(self.folder)
            try:
                generation = commit_merged(self._ix, self.folder, built, sources)
            except LockError:  # another writer kept Whoosh's lock: the merge waits for later
                return False
            if generation is None:
                return False
            if manifest is not None and manifest.generation == before:
                manifest.generation = generation
                save_manifest(self.folder, manifest)
                with self._guard:
                    self._manifest = manifest
                    self._manifest_stamp = self._stamp()
                    self._manifest_is_saved = True
            with self._guard:
                self._searcher_now()  # the new segment is opened here, not in a search
            return True
        finally:
            lock.release()

    def _busy_report(self) -> UpdateReport:
        """The report of an update left to another process: what the index holds so far."""
        report = UpdateReport(skipped=self.skipped())
        with contextlib.suppress(Exception):
            report.articles = len(self._current_manifest().articles)
        report.notices.append(self._busy_notice())
        return report

    def _manifest_for_update(self) -> Manifest:
        generation = self._ix.latest_generation()
        current = self._manifest
        if (
            current is not None
            and self._manifest_is_saved
            and current.generation == generation
            and self._manifest_stamp is not None
            and self._manifest_stamp == self._stamp()
        ):
            # The listing has just read it (a warm start lists, then updates): a copy to
            # change, instead of reading 100,000 articles' records again.
            return current.copy()
        manifest = load_manifest(self.folder)
        if manifest is None or manifest.generation != generation:
            manifest = self._manifest_from_index()
            save_manifest(self.folder, manifest)
        return manifest

    def _manifest_from_index(self) -> Manifest:
        """Rebuild the manifest from stored fields (after a crash between commit and save)."""
        manifest = Manifest(generation=self._ix.latest_generation())
        ids: dict[str, list[str]] = {}
        with self._ix.searcher() as searcher:
            for docnum, fields in _every_stored(searcher):
                rel = fields["file"]
                size, mtime_ns, sha1 = fields["stamp"]
                ids.setdefault(rel, []).append(fields["id"])
                manifest.files[rel] = (size, mtime_ns, sha1, (), ())
                manifest.articles[fields["id"]] = (
                    rel,
                    fields.get("title", ""),
                    fields.get("published"),
                    fields.get("source"),
                    fields.get("byline"),
                    bool(fields.get("title_derived")),
                    bool(fields.get("summary_only")),
                )
                # The names the entity browser shows; entities of titles are not stored,
                # so a name seen only in titles comes back as its key until re-indexed.
                rows = article_entities(searcher, docnum) or []
                entity_names(decode_entities(rows), manifest.names)
        for rel, found in ids.items():
            size, mtime_ns, sha1, _, _ = manifest.files[rel]
            manifest.files[rel] = (size, mtime_ns, sha1, tuple(sorted(found)), ())
        return manifest

    def copies(self) -> Copies:
        """The groups of copies of one story that indexing found (see `copies`)."""
        return self._copies.current()

    def skipped(self) -> list[Skipped]:
        """The files the last update could not index, and why."""
        return load_skipped(self.folder)

    # Reading ---------------------------------------------------------------------------

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.folder / MANIFEST_FILE)
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns

    def _current_manifest(self) -> Manifest:
        with self._guard:
            if self._updating and self._manifest is not None:
                return self._manifest
            stamp = self._stamp()
            if self._manifest is None or stamp != self._manifest_stamp:
                manifest = load_manifest(self.folder)
                self._manifest_is_saved = manifest is not None
                if manifest is None:
                    manifest = self._manifest_from_index() if self._ix is not None else Manifest()
                self._manifest = manifest
                self._manifest_stamp = stamp
            return self._manifest

    def adopt_manifest(self, manifest: Manifest, stamp: tuple[int, int]) -> None:
        """Take the manifest read (before opening) from this folder's manifest file of
        `stamp` (size, mtime_ns), unless the file has changed since: not read twice."""
        with self._guard:
            if self._manifest is None and stamp == self._stamp():
                self._manifest = manifest
                self._manifest_stamp = stamp
                self._manifest_is_saved = True

    def listing(self) -> list[ArticleSummary]:
        """Every indexed article, from the index alone (no file is read), in id order."""
        return summaries_of(self._current_manifest(), self.corpus)

    def _searcher_now(self) -> Any:
        try:
            # Not Searcher.refresh(): its reader reuse brings back segments that a commit
            # merged away and keeps deletions out of date. A fresh searcher per generation.
            if (
                self._searcher is not None
                and self._ix.latest_generation() != self._searcher.reader().generation()
            ):
                self._close_searcher()
            if self._searcher is None:
                self._searcher = self._ix.searcher()
        except (OSError, whoosh_index.EmptyIndexError) as error:
            self._searcher = None
            raise IndexUnavailable(
                f"cannot read the search index in {self.folder}: {error}"
            ) from error
        except UntrustedFolder as error:
            self._searcher = None
            raise IndexUnavailable(str(error)) from error
        return self._searcher

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            with contextlib.suppress(Exception):
                self._searcher.close()
            self._searcher = None

    def search(
        self,
        query: str,
        *,
        limit: int = 100,
        sort: Literal["relevance", "date"] = "relevance",
        snippets: int = 20,
        now: datetime | None = None,
    ) -> SearchResults:
        """Run a query; raises QueryError (with what and where) for a query that cannot run."""
        started = time.perf_counter()
        parsed = self._rewritten(parse_query(query, now=now, dayfirst=self.dayfirst))
        complete = self.complete
        if self._ix is None:
            return SearchResults(query, [], 0, time.perf_counter() - started, complete=False)
        with self._guard:
            try:
                searcher = self._searcher_now()
                return self._searching.search(
                    searcher, parsed, limit=limit, sort=sort, snippets=snippets,
                    started=started, complete=complete, records=self._records(),
                )  # fmt: skip
            finally:
                self._drop_pages()

    def _records(self) -> dict[str, SummaryRecord] | None:
        """The manifest's article records for search hits, or None when they cannot be read
        now (hits then come from stored fields)."""
        try:
            return self._current_manifest().articles
        except (OSError, whoosh_index.EmptyIndexError):
            return None

    def hit_ids(
        self,
        query: str,
        *,
        sort: Literal["relevance", "date"] = "relevance",
        now: datetime | None = None,
    ) -> list[str]:
        """The ids of every hit of a query, in the order `search` ranks them (see
        `Searching.hit_ids`); raises QueryError as `search` does."""
        parsed = self._rewritten(parse_query(query, now=now, dayfirst=self.dayfirst))
        if self._ix is None:
            return []
        with self._guard:
            try:
                return self._searching.hit_ids(self._searcher_now(), parsed, sort=sort)
            finally:
                self._drop_pages()

    def _rewritten(self, parsed: ParsedQuery) -> ParsedQuery:
        return parsed if self.rewrite is None else self.rewrite(parsed)

    def _drop_pages(self) -> None:
        drop = getattr(getattr(self._ix, "storage", None), "drop_pages", None)
        if drop is not None:
            drop()

    def _summary(self, fields: dict[str, Any]) -> ArticleSummary:
        return ArticleSummary(
            fields["id"],
            self.corpus / fields["file"],
            fields.get("title", ""),
            fields.get("published"),
            fields.get("source"),
            fields.get("byline"),
            bool(fields.get("title_derived")),
            summary_only=bool(fields.get("summary_only")),
        )

    def match_offsets(self, query: str, text: str, field: str = "body") -> list[tuple[int, int]]:
        """Sorted (start, end) offsets of every query match in `text` (the body or the title),
        in its first MATCH_SCAN_CHARS characters.

        A query that cannot be read matches nothing here (search reports what is wrong).
        """
        try:
            parsed = self._rewritten(parse_query(query, dayfirst=self.dayfirst))
        except QueryError:
            return []
        with self._guard:
            reader = self._searcher_now().reader() if self._ix is not None else None
            return match_offsets(parsed, text, field, reader)

    def _docnum(self, searcher: Any, article_id: str) -> int | None:
        docnum = searcher.document_number(id=article_id)
        return None if docnum is None else int(docnum)

    def more_like_this(self, article_id: str, limit: int = 10) -> list[SearchHit]:
        """Articles with the most similar body text (Whoosh's key-term search)."""
        if self._ix is None:
            return []
        with self._guard:
            searcher = self._searcher_now()
            docnum = self._docnum(searcher, article_id)
            if docnum is None:
                return []
            body = article_body(searcher, docnum)
            if not body:
                return []
            results = searcher.more_like(docnum, "body", text=body, top=limit, numterms=12)
            hit_of = self._searching.hit
            return [hit_of(hit.fields(), float(hit.score or 0.0), None) for hit in results]

    def top_entities(self, kind: str | None = None, limit: int | None = 200) -> list[EntityCount]:
        """The entities mentioned by most articles, of one kind or all (every one when
        `limit` is None), most mentioned first, then by name."""
        found = self._entity_counts()
        if kind is not None:
            found = [entity for entity in found if entity.kind == kind]
        return found if limit is None else found[: max(0, limit)]

    def _entity_counts(self) -> list[EntityCount]:
        """Every recognised entity with the number of articles mentioning it, counted once
        per index generation (an update brings a new generation, and a new count)."""
        if self._ix is None:
            return []
        names = self._current_manifest().names
        with self._guard:
            searcher = self._searcher_now()
            generation = searcher.reader().generation()
            cached = self._entities
            if cached is not None and cached[0] == generation and cached[1] is names:
                return cached[2]
            counts = _count_entity_keys(searcher.reader())
            found = []
            # Terms are "kind:key": ordered by them, names are ordered by kind, then key.
            for term, count in sorted(counts.items(), key=_most_first):
                group, _, key = term.partition(":")
                found.append(EntityCount(names.get(term) or key.title(), key, group, count))
            if cached is not None and cached[1] is names and cached[2] == found:
                # The same names and counts (segments merged, or nothing named changed):
                # the same list, so what was worked out from it is kept.
                found = cached[2]
            self._entities = (generation, names, found)
            return found

    def articles_mentioning(self, kind: str, key: str) -> list[ArticleSummary]:
        """Articles in which an entity (by kind and key) was recognised, newest first."""
        return self.articles_mentioning_any([(kind, key)])

    def articles_mentioning_any(self, names: list[tuple[str, str]]) -> list[ArticleSummary]:
        """Articles in which any of the (kind, key) entities was recognised, newest first."""
        with self._guard:
            docnums = self._docs_mentioning(names)
            if not docnums:
                return []
            searcher = self._searcher_now()
            found = [self._summary(searcher.stored_fields(docnum)) for docnum in docnums]
        found.sort(key=lambda item: item.published or datetime.min, reverse=True)
        return found

    def count_mentioning_any(self, names: list[tuple[str, str]]) -> int:
        """How many articles mention any of the (kind, key) entities (each counted once)."""
        with self._guard:
            return len(self._docs_mentioning(names))

    def _docs_mentioning(self, names: list[tuple[str, str]]) -> set[int]:
        terms = [
            Term("entity_keys", f"{kind}:{key}") for kind, key in names if kind in ENTITY_KINDS
        ]
        if self._ix is None or not terms:
            return set()
        query = terms[0] if len(terms) == 1 else Or(terms)
        return set(self._searcher_now().docs_for_query(query))

    def entities_for(self, article_id: str) -> list[Entity] | None:
        """The entities stored for an article (offsets into `Article.body`), or None."""
        if self._ix is None:
            return None
        with self._guard:
            searcher = self._searcher_now()
            docnum = self._docnum(searcher, article_id)
            if docnum is None:
                return None
            rows = article_entities(searcher, docnum)
        return None if rows is None else decode_entities(rows)

    def load_article(self, article_id: str) -> Article | Skipped:
        """Read an article fresh from its file (ids of JSON entries are `file#N`)."""
        record = self._current_manifest().articles.get(article_id)
        rel = record[0] if record else article_id.rsplit("#", 1)[0]
        path = self.corpus / rel
        try:
            info = os.stat(path)
        except OSError as error:
            return Skipped(article_id, path, f"cannot read: {error.strerror}")
        file = CorpusFile(rel, str(path), info.st_size, info.st_mtime_ns)
        results = read_file(file, dayfirst=self.dayfirst, only=article_id)
        for result in results:
            if result.id == article_id:
                return result
        if record is None and "#" not in article_id:
            # The listing's stand-in for a file not yet indexed: a feed or a `.jsonl`
            # holds many articles, and opening the file opens its first.
            whole = read_file(file, dayfirst=self.dayfirst, first=True)
            first = next((result for result in whole if isinstance(result, Article)), None)
            if first is not None:
                return first
        if len(results) == 1 and isinstance(results[0], Skipped):
            return Skipped(article_id, path, results[0].reason)
        return Skipped(article_id, path, "the article is no longer in its file")

    # Closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._guard:
            self._close_searcher()
            if self._ix is not None:
                with contextlib.suppress(Exception):
                    self._ix.close()

    def __enter__(self) -> ArticleIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
