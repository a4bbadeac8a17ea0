"""The corpus as the reader sees it: the index when it can be used, the files when not.

The app and the benchmarks talk to a Library; it hides whether search is available
(a read-only or full index folder leaves reading intact) and gives the reader everything
it needs to show one article at once.
"""

from __future__ import annotations

import functools
import heapq
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .article import Article, Skipped
from .corrections import (
    SEARCH_KINDS,
    Corrections,
    NameId,
    NameResolver,
    find_aliases,
    has_names,
    rewrite_names,
)
from .entities import (
    Entity,
    EntityContext,
    RecognizerUnavailable,
    get_recognizer,
    recognise_captions,
)
from .index import (
    NO_COPIES,
    ArticleSummary,
    Copies,
    EntityCount,
    IndexProgress,
    IndexUnavailable,
    SearchHit,
    SearchResults,
    UpdateReport,
)
from .index.query import ParsedQuery
from .index.saved_listing import fits_first_frame, saved_manifest, summaries_of
from .paths import index_dir as default_index_dir
from .views import without_view

if TYPE_CHECKING:
    from .corpus import CorpusFile
    from .index.manifest import Manifest
    from .index.store import ArticleIndex

# The index (Whoosh, NumPy) and the parsers (python-dateutil, lxml) are imported where they
# are first used, in the indexing worker: the reader draws its first screen without them.

READER_TEXT_LIMIT = 400_000
"""The reader shows (and so highlights and matches in) at most this much of a body."""


@dataclass(frozen=True)
class OpenedArticle:
    """An article ready to show: its text, its entities, and the query's matches in it."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    body_matches: list[tuple[int, int]] = field(default_factory=list)
    title_matches: list[tuple[int, int]] = field(default_factory=list)
    caption_entities: list[list[Entity]] = field(default_factory=list)
    """Entities of each of `article.captions`, offsets into that caption."""


class Library:
    """One corpus: its index (when usable) and its files."""

    def __init__(
        self,
        corpus: Path,
        index_dir: Path | None = None,
        *,
        entities: str = "rules",
        dayfirst: bool = False,
        corrections: Corrections | None = None,
    ) -> None:
        self.corpus = Path(corpus)
        self.corrections = corrections if corrections is not None else Corrections()
        """The user's corrections to names, applied to what is shown and searched."""
        self.names = NameCorrector(lambda: self.index, self.corrections)
        self.index_dir = index_dir
        self.entities = entities
        self.dayfirst = dayfirst
        self.index: ArticleIndex | None = None
        self.unavailable: str | None = None
        """Why search cannot be used, when it cannot."""
        self.notices: list[str] = []
        self.indexing = False
        self._fallback: dict[str, Article] = {}
        self._fallback_skipped: list[Skipped] = []
        self._saved: tuple[Manifest, tuple[int, int]] | None = None
        """The manifest `saved_listing` read, for the index to take when it opens."""

    def open(self) -> None:
        """Open (or create, or repair) the index; on failure reading still works."""
        from .index.store import ArticleIndex  # Whoosh loads here, after the first screen

        try:
            self.index = ArticleIndex.open(
                self.corpus, self.index_dir, entities=self.entities, dayfirst=self.dayfirst
            )
        except IndexUnavailable as error:
            self.unavailable = str(error)
            self.notices.append(f"Search unavailable: {error}")
            return
        self.index.rewrite = self.rewrite_query
        self.notices.extend(self.index.notices)
        if self._saved is not None:
            self.index.adopt_manifest(*self._saved)
            self._saved = None

    def saved_listing(self) -> list[ArticleSummary]:
        """The list as the index last saved it, read before the index is opened (empty
        when there is no index, or its manifest cannot stand in for it): a later launch
        shows real titles while Whoosh loads."""
        self._saved = saved_manifest(default_index_dir(self.corpus, self.index_dir))
        if self._saved is None:
            return []
        return summaries_of(self._saved[0], Path(os.path.abspath(self.corpus)))

    def saved_listing_is_quick(self) -> bool:
        """Whether `saved_listing` is quick enough to read before the first frame."""
        return fits_first_frame(default_index_dir(self.corpus, self.index_dir))

    def listing(self) -> list[ArticleSummary]:
        """What the article list shows: the index's stored fields, else the files read."""
        if self.index is not None:
            return self.index.listing()
        return [summary_of(article) for article in self._fallback.values()]

    def quick_listing(self) -> list[ArticleSummary]:
        """A listing of the files not yet indexed, for the moment before they are.

        Each is titled from its first line where that is plainly a title (a Markdown
        heading or a short line), else by its file name; dates come with indexing.
        """
        from .corpus import CorpusFile, quick_title, scan

        files = [item for item in scan(self.corpus) if isinstance(item, CorpusFile)]
        guess = len(files) <= QUICK_TITLE_FILES
        # A small corpus of text files is read at once: real titles, dates and sources
        # before the index (and the recognizer's tables) are ready, for a few ms a file.
        deadline = time.perf_counter() + QUICK_READ_SECONDS if len(files) <= QUICK_READ_FILES else 0
        summaries = []
        for item in files:
            read = self._read_quickly(item) if time.perf_counter() < deadline else None
            summaries.append(
                read
                or ArticleSummary(
                    id=item.rel,
                    path=item.path,
                    title=(quick_title(item) if guess else None) or item.rel,
                    published=None,
                    source=None,
                    byline=None,
                    title_derived=True,
                    pending=True,
                )
            )
        return summaries

    def _read_quickly(self, item: CorpusFile) -> ArticleSummary | None:
        """A text file's listing entry read in full (None for other kinds, or on a problem)."""
        from .corpus import QUICK_TITLE_SUFFIXES, read_file
        from .parsers.source import without_word_tables

        if not item.rel.lower().endswith(QUICK_TITLE_SUFFIXES):
            return None
        with without_word_tables():
            results = read_file(item, dayfirst=self.dayfirst)
        if len(results) != 1 or not isinstance(results[0], Article) or results[0].id != item.rel:
            return None
        return replace(summary_of(results[0]), pending=True)

    def update(
        self,
        progress: Callable[[IndexProgress], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> UpdateReport | None:
        """Bring the index up to date (or, without one, read every file)."""
        self.indexing = True
        try:
            if self.index is not None:
                try:
                    return self.index.update(progress=progress, is_cancelled=is_cancelled)
                except IndexUnavailable as error:
                    self.unavailable = str(error)
                    self.notices.append(f"Search unavailable: {error}")
                    self.index = None
            self._read_all()
            return None
        finally:
            self.indexing = False

    def consolidate(
        self, should_stop: Callable[[], bool], started: Callable[[], None] | None = None
    ) -> int:
        """Merge the index's small segments into fewer (see `ArticleIndex.consolidate`)."""
        if self.index is None:
            return 0
        return self.index.consolidate(should_stop, started)

    def _read_all(self) -> None:
        from .corpus import read_file, scan

        self._fallback.clear()
        self._fallback_skipped.clear()
        for item in scan(self.corpus):
            if isinstance(item, Skipped):
                self._fallback_skipped.append(item)
                continue
            for result in read_file(item, dayfirst=self.dayfirst):
                if isinstance(result, Article):
                    self._fallback[result.id] = result
                else:
                    self._fallback_skipped.append(result)

    def copies(self) -> Copies:
        """The groups of copies of one story (none without an index)."""
        if self.index is not None:
            return self.index.copies()
        return NO_COPIES

    def skipped(self) -> list[Skipped]:
        """Files that could not become articles, with reasons."""
        if self.index is not None:
            return self.index.skipped()
        return list(self._fallback_skipped)

    def search(self, query: str, *, sort: str = "relevance", limit: int = 200) -> SearchResults:
        """Search the index; raises QueryError for a bad query, IndexUnavailable without one."""
        if self.index is None:
            raise IndexUnavailable(self.unavailable or "the index is not open yet")
        return self.index.search(query, limit=limit, sort=sort)  # type: ignore[arg-type]

    def hit_ids(self, query: str, *, sort: str = "relevance") -> list[str]:
        """Every hit's id, in ranked order (see `ArticleIndex.hit_ids`)."""
        if self.index is None:
            raise IndexUnavailable(self.unavailable or "the index is not open")
        return self.index.hit_ids(query, sort=sort)  # type: ignore[arg-type]

    def related(self, article_id: str, limit: int = 15) -> list[SearchHit]:
        """Articles like this one (more-like-this over the body)."""
        if self.index is None:
            return []
        return self.index.more_like_this(article_id, limit=limit)

    def top_entities(self, kind: str | None = None, limit: int | None = 300) -> list[EntityCount]:
        """The corpus's most-mentioned people, organisations and places (all when None),
        with the user's corrections and the spelling aliases applied."""
        found = self.corrected_names().counts
        if kind is not None:
            found = [entity for entity in found if entity.kind == kind]
        return found if limit is None else found[: max(0, limit)]

    def articles_mentioning(self, kind: str, key: str) -> list[ArticleSummary]:
        """Articles that mention one entity (any of its merged variants)."""
        if self.index is None:
            return []
        return self.index.articles_mentioning_any(self.corrected_names().variants_of((kind, key)))

    def corrected_names(self) -> CorrectedNames:
        """The corpus's names with corrections and aliases applied (kept until either changes)."""
        return self.names.corrected()

    def shown_entities(self, entities: list[Entity]) -> list[Entity]:
        """An article's entities as the reader shows them: the user's corrections applied."""
        if not self.corrections:
            return entities
        return NameResolver(self.corrections).entities(entities)

    def rewrite_query(self, parsed: ParsedQuery) -> ParsedQuery:
        """A parsed query with its person:, org: and place: names corrected."""
        return self.names.rewrite_query(parsed)

    def load_article(self, article_id: str) -> Article | Skipped:
        """Read an article fresh from disk (no entities, no matches)."""
        if self.index is not None:
            return self.index.load_article(article_id)
        if article_id in self._fallback:
            return self._fallback[article_id]
        return Skipped(article_id, self.corpus / article_id, "not in the corpus any more")

    def open_article(self, article_id: str, query: str = "") -> OpenedArticle | Skipped:
        """Read an article fresh from disk, with its entities and the query's matches."""
        loaded = self.load_article(article_id)
        if isinstance(loaded, Skipped):
            return loaded
        entities = self.index.entities_for(article_id) if self.index is not None else None
        if entities is None or not _entities_fit(entities, loaded.body):
            entities = self.recognise(loaded)
        body_matches, title_matches = self.match_offsets(query, loaded)
        captions = self.recognise_captions(loaded)
        return OpenedArticle(loaded, entities, body_matches, title_matches, captions)

    def match_offsets(
        self, query: str, article: Article
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The query's matches in an article's body and title."""
        query = without_view(query)  # is:unread and the like match no text
        if not query.strip() or self.index is None:
            return [], []
        return (
            self.index.match_offsets(query, article.body[:READER_TEXT_LIMIT], "body"),
            self.index.match_offsets(query, article.title, "title"),
        )

    def recognise(self, article: Article) -> list[Entity]:
        """Entities of an article's body, computed now (when the index has none stored)."""
        try:
            recognizer = get_recognizer(self.entities)
        except RecognizerUnavailable as error:
            self.notices.append(str(error))
            recognizer = get_recognizer("rules")
        return recognizer.recognise(
            article.body[:READER_TEXT_LIMIT],
            EntityContext(published=article.published, title=article.title),
        )

    def recognise_captions(self, article: Article) -> list[list[Entity]]:
        """Entities of each of an article's picture captions (they are short: computed on open)."""
        if not article.captions:
            return []
        try:
            recognizer = get_recognizer(self.entities)
        except RecognizerUnavailable:
            recognizer = get_recognizer("rules")
        context = EntityContext(published=article.published, title=article.title)
        return recognise_captions(recognizer, article.captions, context)

    def close(self) -> None:
        """Release the index."""
        if self.index is not None:
            self.index.close()


class NameCorrector:
    """The user's corrections and the alias rule, applied to one index's names and queries.

    Used by the Library, and by `broadsheet search`, which has an index and no Library.
    """

    def __init__(self, index: Callable[[], ArticleIndex | None], corrections: Corrections):
        self.index = index
        self.corrections = corrections
        self._names: CorrectedNames | None = None

    def corrected(self) -> CorrectedNames:
        """The index's names corrected (worked out again when the index or corrections change)."""
        index = self.index()
        raw = index.top_entities(None, limit=None) if index is not None else []
        names = self._names
        if names is None or names.raw is not raw or names.generation != self.corrections.generation:
            names = self._names = CorrectedNames(raw, self.corrections, self._count_any, names)
        return names

    def _count_any(self, names: list[NameId]) -> int:
        index = self.index()
        return index.count_mentioning_any(names) if index is not None else 0

    def rewrite_query(self, parsed: ParsedQuery) -> ParsedQuery:
        """The query with its person:, org: and place: names corrected (see `rewrite_names`):
        merged names find every variant, hidden or retyped ones are not found by type."""
        if not has_names(parsed):
            return parsed
        names = self.corrected()
        return rewrite_names(parsed, names.resolver, names.variants_of)


class CorrectedNames:
    """The corpus's entity counts with the user's corrections and the aliases applied.

    Names that become one are counted as one: the articles mentioning any of them, each
    once. Hidden names are left out; retyped ones are counted under their new kind.
    """

    def __init__(
        self,
        raw: list[EntityCount],
        corrections: Corrections,
        count_any: Callable[[list[NameId]], int],
        previous: CorrectedNames | None = None,
    ) -> None:
        self.raw = raw
        self.generation = corrections.generation
        same = previous is not None and previous.raw is raw
        # The aliases and the merged groups' counts depend on the index alone: a correction
        # reuses them, and only the names it touches are resolved again.
        self.aliases: dict[NameId, tuple[str, str]] = (
            previous.aliases
            if previous is not None and same
            else find_aliases((e.kind, e.key, e.name, e.count) for e in raw)
        )
        self._union_counts: dict[tuple[NameId, ...], int] = (
            previous._union_counts if previous is not None and same else {}
        )
        self.resolver = NameResolver(corrections, self.aliases)
        touched = self.aliases.keys() | corrections.sources()
        groups: dict[NameId, list[EntityCount]] = {}
        named: dict[NameId, str] = {}
        for entity in raw:
            if (entity.kind, entity.key) not in touched:
                continue
            resolved = self.resolver.resolve(entity.kind, entity.key)
            if resolved is None:
                continue
            target = (resolved.kind, resolved.key)
            groups.setdefault(target, []).append(entity)
            if resolved.name is not None:
                named[target] = resolved.name
        for entity in raw:
            name = (entity.kind, entity.key)
            if name in groups and name not in touched:
                groups[name].insert(0, entity)
        self._touched = touched
        self._groups = groups
        self._named = named
        self._count_any = count_any
        self._variants = {
            target: [(e.kind, e.key) for e in group] for target, group in groups.items()
        }

    @functools.cached_property
    def counts(self) -> list[EntityCount]:
        """Every name with its count, most mentioned first: worked out when first asked for
        (a search by name needs only the variants, and a merged group's count is a search)."""
        groups, named, touched = self._groups, self._named, self._touched
        untouched = [
            entity
            for entity in self.raw
            if (entity.kind, entity.key) not in touched and (entity.kind, entity.key) not in groups
        ]
        changed = sorted(
            (
                EntityCount(named.get(target) or group[0].name, target[1], target[0],
                            self._count(group, self._count_any))
                for target, group in groups.items()
            ),
            key=_by_count,
        )  # fmt: skip
        # The index's list is in this order already: only the changed names need placing.
        return list(heapq.merge(untouched, changed, key=_by_count))

    def _count(self, group: list[EntityCount], count_any: Callable[[list[NameId]], int]) -> int:
        if len(group) == 1:
            return group[0].count
        names = tuple(sorted((e.kind, e.key) for e in group))
        count = self._union_counts.get(names)
        if count is None:
            count = self._union_counts[names] = count_any(list(names))
        return count

    def variants_of(self, name: NameId) -> list[NameId]:
        """Every recognised (kind, key) that is shown as `name` (itself included)."""
        found = self._variants.get(name)
        if found is None:
            return [name] if name[0] in SEARCH_KINDS else []
        return found if name in found or name[0] not in SEARCH_KINDS else [name, *found]

    @property
    def merged(self) -> int:
        """How many recognised names were merged into another by the alias rule."""
        return len(self.aliases)


def _by_count(entity: EntityCount) -> tuple[int, str, str]:
    """Most mentioned first, then by kind and key (the index's own order)."""
    return (-entity.count, entity.kind, entity.key)


QUICK_READ_FILES = 300
"""A corpus of at most this many files has its text files read whole for the first listing."""
QUICK_READ_SECONDS = 0.3
"""How long that reading may take before the rest are titled from their first line."""
QUICK_TITLE_FILES = 20_000
"""Up to this many unindexed files are titled from their first line before indexing."""


def merge_listings(
    committed: list[ArticleSummary], pending: list[ArticleSummary]
) -> list[ArticleSummary]:
    """The committed listing plus, by file name, the files not in it yet."""
    if not pending:
        return committed
    known = {summary.path for summary in committed}
    return committed + [summary for summary in pending if summary.path not in known]


def _entities_fit(entities: list[Entity], body: str) -> bool:
    return all(body[e.start : e.end] == e.text for e in entities)


def summary_of(article: Article) -> ArticleSummary:
    """The list entry for an article read from disk."""
    return ArticleSummary(
        id=article.id, path=article.path, title=article.title, published=article.published,
        source=article.source, byline=article.byline, title_derived=article.title_derived,
    )  # fmt: skip


def sort_key(kind: str) -> Callable[[ArticleSummary], tuple[object, ...]]:
    """The ordering of the article list for a sort mode (date is newest first)."""
    if kind == "title":
        return lambda s: (s.title.casefold(), s.id)
    if kind == "source":
        return lambda s: ((s.source or "\uffff").casefold(), _newest_first(s.published), s.id)
    return lambda s: (_newest_first(s.published), s.title.casefold(), s.id)


def _newest_first(moment: datetime | None) -> float:
    if moment is None:
        return float("inf")
    try:
        return -moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return float("inf")
