"""One story once: exact and near copies of an article, found while indexing.

An article's body is cut into overlapping shingles of SHINGLE_WORDS words, and the set of
shingles is summarised by a MinHash signature (rensa's `RMinHash`, NUM_PERM values) in the
builder that parses it, in this process or a worker. Beside it the builder keeps the body's
names: its capitalised words and its numbers, in order, each as a 32-bit hash.

Locality-sensitive hashing (rensa's `RMinHashLSH`) proposes the pairs that may be copies.
A pair is a copy when the estimated Jaccard similarity of the shingles is at least THRESHOLD
and the two bodies, aligned name by name, differ in fewer than NEW_NAMES names that the other
body does not hold at all (a change at the very start or end is not counted: a new opening
line, a sign-off, a copy cut short). Templated releases (the same text about another
defendant, county or sentence) share their shingles but not their names.

A story is grouped around a head, the article with the most copies first: an article joins
a group when it is a copy of the group's head and of more than half of its members, else it
heads a group of its own. Copies never chain: A like B and B like C do not put A and C
together unless C is like A too.
`benchmarks/copies.py` measured the settings (see benchmarks/RESULTS.md, "One story once").

Nothing of this is in the Whoosh schema. It is kept beside the index in COPIES_FILE, a
NumPy archive written privately (0600, never a pickle) and read through `trust`: the
signatures (rensa's own byte form followed by the name hashes), the ids they belong to, and
the pairs found. It is a cache: a signature that is missing or that this rensa cannot read
is computed again from the body the index stores.
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import write_atomically
from ..trust import UntrustedFolder, open_private
from .engine.columns import column_of
from .results import SearchResults

if TYPE_CHECKING:
    import numpy as np

# NumPy and rensa are imported where they are used: the list's copies marks need this
# module at start-up, and the two cost a seventh of a second before the first screen.

SHINGLE_WORDS = 3
"""Words per shingle: 3 keeps copies with a few edits in every sentence (see RESULTS.md)."""
NUM_PERM = 128
"""Values in a signature."""
SEED = 1
THRESHOLD = 0.6
"""Estimated Jaccard similarity of shingle sets at and above which two bodies are copies."""
BANDS = 32
"""LSH bands (of NUM_PERM // BANDS values each): pairs down to about 0.5 are proposed."""
MIN_WORDS = 12
"""Bodies shorter than this have no signature: a few shared words make no story."""
NEW_NAMES = 2
"""Two bodies that differ in this many names (capitalised words, numbers) that the other
does not hold are two stories, however alike their text (see RESULTS.md)."""
COPIES_FILE = "copies.npz"
_FORMAT = 2
_WORD = re.compile(r"\w+")
_NAME = re.compile(r"\b(?:[A-Z][\w'’-]*|\d(?:[\d,.]*\d)?)")
_HEAD = struct.Struct("<I")
_ANCHOR = 3

BodiesOf = Callable[[list[str]], Iterable[tuple[str, str]]]
"""Reads the stored bodies of some articles, (id, body) one at a time (for signatures that
must be made again); an article it does not find has no signature."""


def shingles(body: str) -> list[str]:
    """The body's overlapping runs of SHINGLE_WORDS words (case-folded, punctuation gone)."""
    return _shingles(_WORD.findall(body.casefold()))


def _shingles(words: list[str]) -> list[str]:
    return [" ".join(run) for run in zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)]


def names(body: str) -> list[int]:
    """The body's capitalised words and numbers in order, each as a 32-bit hash."""
    return [zlib.crc32(name.encode("utf-8", "surrogatepass")) for name in _NAME.findall(body)]


def signature(body: str) -> bytes | None:
    """The signature of a body (None for a very short one): the length of rensa's byte form
    of its MinHash, that form, then the hashes of its names (little-endian uint32)."""
    import rensa

    words = _WORD.findall(body.casefold())
    if len(words) < MIN_WORDS:
        return None
    sketch = rensa.RMinHash(NUM_PERM, SEED)
    sketch.update(_shingles(words))
    state = bytes(sketch.__getstate__())
    hashes = names(body)
    # struct rather than numpy, which a worker building segments would import for this alone.
    return _HEAD.pack(len(state)) + state + struct.pack(f"<{len(hashes)}I", *hashes)


def _split(blob: bytes) -> tuple[bytes, np.ndarray[Any, Any]]:
    """The MinHash state and the name hashes of a signature (ValueError when damaged)."""
    import numpy as np

    if len(blob) < _HEAD.size:
        raise ValueError("signature too short")
    (length,) = _HEAD.unpack_from(blob)
    end = _HEAD.size + length
    if end > len(blob) or (len(blob) - end) % 4:
        raise ValueError("signature damaged")
    return blob[_HEAD.size : end], np.frombuffer(blob[end:], dtype="<u4")


def _sketch(state: bytes) -> Any:
    import rensa

    sketch = rensa.RMinHash(NUM_PERM, SEED)
    sketch.__setstate__(state)
    return sketch


def new_names(a: list[int], b: list[int]) -> int:
    """How many names two bodies' name lists differ by, counting only names the other body
    does not hold anywhere and leaving out a change at the very start or end."""
    steps = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # The start and end run up to the first and last stretch of ANCHOR names in common (a
    # new opening line can share a stray name, "Tuesday", with the one it replaced).
    anchored = [
        number
        for number, (step, a_from, a_to, _, _) in enumerate(steps)
        if step == "equal" and a_to - a_from >= _ANCHOR
    ]
    if not anchored:
        return 0 if not a or not b else _names_apart(a, b)
    steps = steps[anchored[0] : anchored[-1] + 1]
    in_a, in_b = set(a), set(b)
    count = 0
    for step, a_from, a_to, b_from, b_to in steps:
        if step != "equal":
            only_a = sum(name not in in_b for name in a[a_from:a_to])
            only_b = sum(name not in in_a for name in b[b_from:b_to])
            count += max(only_a, only_b)
    return count


def _names_apart(a: list[int], b: list[int]) -> int:
    """Names of either body the other does not hold (when no stretch of names is shared)."""
    in_a, in_b = set(a), set(b)
    return max(sum(name not in in_b for name in a), sum(name not in in_a for name in b))


def same_story(a: list[int], b: list[int]) -> bool:
    """Whether two alike bodies (by shingles) with these names tell one story."""
    return new_names(a, b) < NEW_NAMES


@dataclass(frozen=True)
class Copies:
    """The groups of copies in an index: for each article in a group, the whole group."""

    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, article_id: str) -> tuple[str, ...]:
        """Every copy of the article's story, itself included, in id order (just itself
        when it has none)."""
        return self.groups.get(article_id, (article_id,))

    def others(self, article_id: str) -> tuple[str, ...]:
        """The article's other copies."""
        return tuple(ident for ident in self.of(article_id) if ident != article_id)

    def story(self, article_id: str) -> str:
        """The id that stands for the article's story (the first of its group)."""
        return self.of(article_id)[0]

    def stories(self) -> int:
        """How many groups there are."""
        return len({group[0] for group in self.groups.values()})


NO_COPIES = Copies()


def collapse(ids: Iterable[str], copies: Copies) -> list[tuple[str, int]]:
    """Each story once, in the order given: (the first of its copies in `ids`, how many
    other copies of it the corpus holds)."""
    seen: set[str] = set()
    shown: list[tuple[str, int]] = []
    for ident in ids:
        story = copies.story(ident)
        if story in seen:
            continue
        seen.add(story)
        shown.append((ident, len(copies.of(ident)) - 1))
    return shown


def with_copies(ids: Iterable[str], copies: Copies) -> set[str]:
    """The articles and every copy of each (what "mark read" marks)."""
    return {copy for ident in ids for copy in copies.of(ident)}


@dataclass
class CopyTable:
    """The signatures of the indexed articles and the pairs of copies among them."""

    signatures: dict[str, bytes] = field(default_factory=dict)
    """Each article's signature; empty for a body too short to have one."""
    pairs: set[tuple[str, str]] = field(default_factory=set)
    """(a, b) with a < b: two articles found to be copies."""

    def update(self, present: Iterable[str], new: Mapping[str, bytes | None]) -> bool:
        """Forget what is no longer `present`, add the `new` signatures (replacing old ones)
        and find their copies among all the others; False when nothing changed."""
        keep = set(present)
        gone = (set(self.signatures) - keep) | set(new)
        if not gone and not new:
            return False
        if gone:
            for ident in gone:
                self.signatures.pop(ident, None)
            self.pairs = {pair for pair in self.pairs if not (pair[0] in gone or pair[1] in gone)}
        self.signatures.update((ident, blob or b"") for ident, blob in new.items() if ident in keep)
        added = {ident for ident, blob in new.items() if blob and ident in keep}
        if not added:
            return True
        import rensa

        ids = [ident for ident, blob in self.signatures.items() if blob]
        parts = [_split(self.signatures[ident]) for ident in ids]
        sketches = [_sketch(state) for state, _ in parts]
        lsh = rensa.RMinHashLSH(THRESHOLD, NUM_PERM, BANDS)
        for number, sketch in enumerate(sketches):
            lsh.insert(number, sketch)
        for number, ident in enumerate(ids):
            if ident not in added:
                continue
            sketch = sketches[number]
            for other in lsh.query(sketch):
                if other == number:
                    continue
                if sketch.jaccard(sketches[other]) >= THRESHOLD and same_story(
                    parts[number][1].tolist(), parts[other][1].tolist()
                ):
                    a, b = sorted((ident, ids[other]))
                    self.pairs.add((a, b))
        return True

    def copies(self) -> Copies:
        """The groups of copies, each around its head (see `groups_of`)."""
        return Copies(groups_of(self.pairs))


def groups_of(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Groups of the pairs without chaining; each member maps to its whole group (sorted).

    Articles are taken most-paired first (then in id order): each joins the first group
    whose head it is paired with and whose members it is mostly paired with (more than
    half), else heads a group of its own. A like B and B like C leave C out of A and B's
    group unless C is like A too.
    """
    paired: dict[str, set[str]] = {}
    for a, b in pairs:
        paired.setdefault(a, set()).add(b)
        paired.setdefault(b, set()).add(a)

    def order(ident: str) -> tuple[int, str]:
        return -len(paired[ident]), ident

    members: dict[str, list[str]] = {}
    for ident in sorted(paired, key=order):
        mine = paired[ident]
        heads = sorted((other for other in mine if other in members), key=order)
        head = next(
            (h for h in heads if 2 * sum(m in mine for m in members[h]) > len(members[h])),
            ident,
        )
        members.setdefault(head, []).append(ident)
    groups: dict[str, tuple[str, ...]] = {}
    for found in members.values():
        if len(found) < 2:
            continue
        group = tuple(sorted(found))
        for ident in group:
            groups[ident] = group
    return groups


def _settings() -> dict[str, Any]:
    import rensa

    return {
        "format": _FORMAT,
        "shingle_words": SHINGLE_WORDS,
        "num_perm": NUM_PERM,
        "seed": SEED,
        "threshold": THRESHOLD,
        "bands": BANDS,
        "min_words": MIN_WORDS,
        "new_names": NEW_NAMES,
        "rensa": getattr(rensa.RMinHash, "ALGORITHM_VERSION", None),
    }


def save_table(folder: Path, table: CopyTable) -> None:
    """Write the table atomically and privately (a NumPy archive without pickles)."""
    import numpy as np

    ids = list(table.signatures)
    blobs = [table.signatures[ident] for ident in ids]
    ends = np.cumsum([len(blob) for blob in blobs], dtype=np.int64)
    meta = dict(_settings(), ids=ids, pairs=sorted(table.pairs))
    buffer = io.BytesIO()
    # Not compressed: deflate took 10.4 of the 16.1 MB off at 12,694 DOJ releases but cost
    # 0.6 s of CPU on each save (every update that changes it) and 0.3 s on each load.
    np.savez(
        buffer,
        meta=np.frombuffer(json.dumps(meta).encode("utf-8", "surrogatepass"), dtype=np.uint8),
        ends=ends,
        blobs=np.frombuffer(b"".join(blobs), dtype=np.uint8),
    )
    write_atomically(folder / COPIES_FILE, buffer.getvalue())


def load_meta(folder: Path) -> tuple[list[str], set[tuple[str, str]]] | None:
    """The saved table's ids and pairs without its signatures, which are most of the file
    (85 MB at 100,000 articles); None as for `load_table`, which raises as this does."""
    saved = _load(folder, signatures=False)
    return None if saved is None else (saved[0], saved[1])


def load_table(folder: Path) -> CopyTable | None:
    """The table saved in `folder`; None when missing, damaged or made with other settings.

    Raises UntrustedFolder (from `trust`) for a file someone else could have written.
    """
    saved = _load(folder, signatures=True)
    return None if saved is None else CopyTable(saved[2], saved[1])


def _load(
    folder: Path, *, signatures: bool
) -> tuple[list[str], set[tuple[str, str]], dict[str, bytes]] | None:
    """The saved ids, pairs and (with `signatures`, else none) signatures. The archive is
    read from the file as far as needed: its meta comes first and is small."""
    import numpy as np

    try:
        with (
            open_private(folder / COPIES_FILE) as handle,
            np.load(handle, allow_pickle=False) as archive,
        ):
            meta = json.loads(archive["meta"].tobytes().decode("utf-8", "surrogatepass"))
            if not isinstance(meta, dict) or any(
                meta.get(key) != value for key, value in _settings().items()
            ):
                return None
            if not isinstance(meta.get("ids"), list) or not isinstance(meta.get("pairs"), list):
                return None
            ids = [str(ident) for ident in meta["ids"]]
            pairs = {(str(a), str(b)) for a, b in meta["pairs"]}
            if not signatures:
                return ids, pairs, {}
            ends = archive["ends"]
            blobs = archive["blobs"].tobytes()
        if len(ids) != len(ends) or (len(ends) and int(ends[-1]) != len(blobs)):
            return None
        starts = [0, *map(int, ends[:-1])]
        return (
            ids,
            pairs,
            {
                ident: blobs[start : int(end)]
                for ident, start, end in zip(ids, starts, ends, strict=True)
            },
        )
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None  # missing, or damaged: made again


def refresh(
    folder: Path,
    present: Iterable[str],
    new: Mapping[str, bytes | None],
    bodies_of: BodiesOf,
) -> CopyTable:
    """Bring the saved table up to date after an update of the index, and save it.

    `present` is every article the index now holds, `new` the signatures computed for the
    articles (re)indexed in this update. Articles with neither a saved nor a new signature
    (the table was missing, or an update stopped early) get one from their stored body.
    """
    present = list(present)
    table = load_table(folder) or CopyTable()
    computed = dict(new)
    missing = [
        ident for ident in present if ident not in computed and ident not in table.signatures
    ]
    computed.update(_signatures_of(missing, bodies_of))
    try:
        changed = table.update(present, computed)
    except (ValueError, TypeError):
        # Signatures this rensa cannot read back: every one is computed again.
        table = CopyTable()
        computed = dict(new)
        computed.update(_signatures_of([i for i in present if i not in new], bodies_of))
        changed = table.update(present, computed)
    if changed or not (folder / COPIES_FILE).exists():
        save_table(folder, table)
    return table


def _signatures_of(ids: list[str], bodies_of: BodiesOf) -> dict[str, bytes | None]:
    signatures: dict[str, bytes | None] = dict.fromkeys(ids)
    if ids:
        for ident, body in bodies_of(ids):
            signatures[ident] = signature(body)
    return signatures


def find_copies(
    folder: Path, ix: Any, present: Iterable[str], new: Mapping[str, bytes | None]
) -> str | None:
    """The updater's hook: refresh the copies after an update; a notice when that failed.

    Copies are a help, not the index: failing to find them leaves the update whole.
    """
    try:
        if not new:
            # Nothing (re)indexed: when the saved table holds exactly the articles there
            # are, there is nothing to add, forget or compute (a warm start at 100,000
            # articles read the whole 85 MB table to learn that: 0.4 s).
            present = list(present)
            saved = load_meta(folder)
            if saved is not None and set(saved[0]) == set(present):
                return None
        refresh(folder, present, new, lambda ids: stored_bodies(ix, ids))
    except (OSError, UntrustedFolder) as error:
        return f"copies of stories not found: {error}"
    return None


def stored_bodies(ix: Any, ids: list[str]) -> Iterator[tuple[str, str]]:
    """The bodies the index keeps (in its body column) for these articles, one at a time
    (by id for a few, else in one pass over the articles)."""
    wanted = set(ids)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        bodies = column_of(reader, "body")
        if len(wanted) < 50:
            for ident in wanted:
                docnum = searcher.document_number(id=ident)
                if docnum is not None:
                    yield ident, bodies[docnum]
            return
        keys = column_of(reader, "key", translate=False)
        for docnum in reader.all_doc_ids():
            ident = bytes(keys[docnum]).decode("utf-8", "surrogateescape")
            if ident in wanted:
                yield ident, bodies[docnum]


class SavedCopies:
    """The copies saved in an index folder, read again only when the file changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._stamp: tuple[int, int] | None = None
        self._copies = NO_COPIES

    def current(self) -> Copies:
        """The groups as last saved (none when nothing readable is saved)."""
        try:
            info = os.stat(self.folder / COPIES_FILE)
        except OSError:
            self._stamp, self._copies = None, NO_COPIES
            return NO_COPIES
        stamp = (info.st_size, info.st_mtime_ns)
        if stamp != self._stamp:
            try:
                saved = load_meta(self.folder)
            except UntrustedFolder:
                saved = None
            self._copies = Copies(groups_of(saved[1])) if saved and saved[1] else NO_COPIES
            self._stamp = stamp
        return self._copies


def one_per_story(
    results: SearchResults, ids: list[str], copies: Copies, limit: int
) -> SearchResults:
    """The results with each story's best-ranked hit only (at most `limit`), counted in
    stories; `ids` is every hit's id in ranked order (what the total counts)."""
    first = {ident for ident, _ in collapse(ids or [hit.id for hit in results.hits], copies)}
    hits = [hit for hit in results.hits if hit.id in first][:limit]
    total = len(first) if ids else results.total - (len(results.hits) - len(hits))
    return replace(results, hits=hits, total=total)
