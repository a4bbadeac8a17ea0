"""The article list as the index last saved it, read before the index is opened.

A later launch can draw the real titles from the manifest (plain JSON beside the index)
while Whoosh is still loading: opening the index costs a fifth of a second of imports
before it reads a single file. The listing is offered only when it is what opening the
index would list: the folder is the user's own and writable, the index is of this
Broadsheet's schema, and the manifest describes the index's latest commit. Anything else
(no index yet, an older one to rebuild, a crash between commit and manifest) gives an
empty listing, and the reader waits for the index as it did before.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..trust import UntrustedFolder, check_folder
from .manifest import LEGACY_FILES, MANIFEST_FILE, Manifest, load_manifest
from .results import ArticleSummary
from .version import SCHEMA_VERSION

FIRST_FRAME_MANIFEST_BYTES = 8_000_000
"""A saved listing read before the first frame comes from a manifest no larger than this
(12,694 DOJ releases: 7.4 MB, ~0.1 s to read and list); a larger one (100,000 articles:
16 MB, over a second) is read after the first frame, so the reader does not start blank."""
META_FILE = "index.json"
"""The index's version record: the schema version and the recognizer it was built with."""
TOC_NAME = re.compile(r"_MAIN_(\d+)\.toc$")
"""A Whoosh table of contents; its number is the generation of the commit it describes."""


def summaries_of(manifest: Manifest, corpus: Path) -> list[ArticleSummary]:
    """The list entries the manifest holds, in id order (`corpus` is an absolute path)."""
    paths: dict[str, Path] = {}  # one per file: a feed or JSON Lines file holds thousands
    summaries = []
    for ident, (rel, title, published, source, byline, derived, summary_only) in sorted(
        manifest.articles.items()
    ):
        path = paths.get(rel)
        if path is None:
            path = paths[rel] = corpus / rel
        summaries.append(
            ArticleSummary(
                ident, path, title, published, source, byline, derived, summary_only=summary_only
            )
        )
    return summaries


def latest_generation(folder: Path) -> int | None:
    """The generation of the index's latest commit, from its file names (None without one)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    found = [int(match.group(1)) for match in map(TOC_NAME.match, names) if match]
    return max(found, default=None)


def fits_first_frame(folder: Path) -> bool:
    """Whether the saved listing of the index in `folder` is quick enough to read before the
    first frame (True without one: there is nothing to wait for)."""
    try:
        return os.stat(folder / MANIFEST_FILE).st_size <= FIRST_FRAME_MANIFEST_BYTES
    except OSError:
        return True


def saved_listing(corpus: Path, folder: Path) -> list[ArticleSummary]:
    """What the index in `folder` would list, from its manifest alone (empty when the
    manifest cannot stand in for the index: see the module's docstring)."""
    saved = saved_manifest(folder)
    return summaries_of(saved[0], Path(os.path.abspath(corpus))) if saved else []


def saved_manifest(folder: Path) -> tuple[Manifest, tuple[int, int]] | None:
    """The manifest of the index in `folder` and the (size, mtime_ns) of the file it was
    read from, when it can stand in for the index (else None). An index opened next can
    take it (`ArticleIndex.adopt_manifest`) instead of reading the file again."""
    try:
        check_folder(folder)
    except (OSError, UntrustedFolder):
        return None
    if not os.access(folder, os.W_OK) or any((folder / n).exists() for n in LEGACY_FILES):
        return None
    if _schema_version(folder) != SCHEMA_VERSION:
        return None
    generation = latest_generation(folder)
    if generation is None:
        return None
    try:
        # Taken before reading: a file replaced meanwhile then looks changed, and is read again.
        info = os.stat(folder / MANIFEST_FILE)
    except OSError:
        return None
    manifest = load_manifest(folder)
    if manifest is None or manifest.generation != generation:
        return None
    return manifest, (info.st_size, info.st_mtime_ns)


def _schema_version(folder: Path) -> object:
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta.get("schema_version") if isinstance(meta, dict) else None
