"""Real-text corpora for the benchmarks: DOJ press releases, AEB gold bodies, and a 1M tier.

- `doj`: the shared file of 12,694 U.S. Department of Justice press releases, read as it is
  (one gzipped JSON Lines file). The corpus scan does not follow a symlink that leaves the
  corpus, so the tier's folder holds a byte-for-byte copy of the file in the work folder.
- `doj<N>` (e.g. `doj1k`): the first N lines of that file, gzipped again as one file.
- `aeb`: the 181 gold article bodies of the AEB extraction set, each written as a plain
  text article (body, then `Original url: <...>`); Broadsheet derives the title from the
  first sentence, as it does for a user's plain text files.
- `real<N>` (e.g. `real1m`, opt-in): DOJ articles repeated until there are N, one Markdown
  `.txt` file each, 10,000 to a folder; copy k of an article has its title tagged with the
  copy, its date moved by k * 37 days and its url made unique. Its body is the article's
  first third followed by the middle third of one other release and the last third of a
  third one (see `recombined_body`), so no two articles share more than a third of their
  text: every article is its own story to the copies pass, as in a corpus of distinct
  articles. The words are all real, but the vocabulary does not grow with the tier as real
  news would.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .machine import ROOT
from .staging import finish, fresh, is_ready

SHARED_DATA = ROOT / ".." / "shared" / "data"
DOJ_FILE = SHARED_DATA / "news" / "doj_opa_press_releases" / "articles.jsonl.gz"
AEB_TRUTH = SHARED_DATA / "html" / "scrapinghub_aeb" / "ground-truth.json"
DOJ_ARTICLES = 12_694
AEB_ARTICLES = 181
REAL_VERSION = 2
"""Raise when the written real corpora change: cached folders of another version are rebuilt."""
MARKER = ".real"
PER_FOLDER = 10_000
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def is_real_tier(name: str) -> bool:
    """Whether a tier name asks for real text (`doj`, `doj1k`, `aeb`, `aeb20`, `real1m`)."""
    return name.startswith(("aeb", "doj", "real"))


def doj_records(limit: int | None = None, source: Path = DOJ_FILE) -> Iterator[dict[str, Any]]:
    """The DOJ press releases as parsed JSON objects, in file order."""
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            if line.strip():
                yield json.loads(line)


def aeb_bodies(source: Path = AEB_TRUTH) -> list[tuple[str, str]]:
    """(url, gold body) of each AEB page, in the file's order."""
    truth = json.loads(source.read_text(encoding="utf-8"))
    return [(item.get("url") or "", item.get("articleBody") or "") for item in truth.values()]


def ensure_doj(work: Path, count: int | None = None, source: Path = DOJ_FILE) -> Path:
    """A folder holding the DOJ file as it is (`count` None) or its first `count` lines."""
    folder = work / ("real-doj" if count is None else f"real-doj-{count}")
    stamp = f"version={REAL_VERSION} doj count={count} size={source.stat().st_size}\n"
    if is_ready(folder, MARKER, stamp):
        return folder
    building = fresh(folder)
    target = building / source.name
    if count is None:
        shutil.copyfile(source, target)
    else:
        with (
            gzip.open(source, "rt", encoding="utf-8") as lines,
            gzip.open(target, "wt", encoding="utf-8") as out,
        ):
            for number, line in enumerate(lines):
                if number >= count:
                    break
                out.write(line)
    return finish(building, folder, MARKER, stamp)


def aeb_text(url: str, body: str) -> str:
    """One AEB gold body as a plain text article."""
    return f"{body.strip()}\n\nOriginal url: <{url}>\n" if url else f"{body.strip()}\n"


def ensure_aeb(work: Path, count: int | None = None, source: Path = AEB_TRUTH) -> Path:
    """A folder of the AEB gold bodies (all, or the first `count`), one `.txt` article each."""
    folder = work / ("real-aeb" if count is None else f"real-aeb-{count}")
    stamp = f"version={REAL_VERSION} aeb count={count} size={source.stat().st_size}\n"
    if is_ready(folder, MARKER, stamp):
        return folder
    building = fresh(folder)
    for number, (url, body) in enumerate(aeb_bodies(source)[:count]):
        if body.strip():
            (building / f"aeb-{number:03d}.txt").write_text(aeb_text(url, body), "utf-8")
    return finish(building, folder, MARKER, stamp)


MIDDLE_STEP = 7_919
"""Copy k of release i takes its middle third from release i + k * MIDDLE_STEP ..."""
LAST_STEP = 104
"""... and its last third from release i + k * LAST_STEP (both modulo the releases): no two
copies then take two thirds from the same releases."""


def thirds(body: str) -> tuple[str, str, str]:
    """A body cut into three runs of whole paragraphs (of sentences when it has fewer than
    three paragraphs); a short one leaves some of them empty."""
    parts = [part for part in body.split("\n\n") if part.strip()]
    joiner = "\n\n"
    if len(parts) < 3:
        parts = [part for part in re.split(r"(?<=[.!?])\s+", body) if part.strip()]
        joiner = " "
    one, two = len(parts) // 3, len(parts) - len(parts) // 3
    if len(parts) < 3:
        one, two = len(parts), len(parts)
    return joiner.join(parts[:one]), joiner.join(parts[one:two]), joiner.join(parts[two:])


def recombined_body(records: list[dict[str, Any]], at: int, copy: int) -> str:
    """The body of `copy` of release `at`: its own first third, then the middle third and the
    last third of two other releases (copy 0 is the release as it is).

    Exact repeats would make every article one of 79 copies of a story: 39 million pairs for
    the copies pass at 1,000,000 articles, which no real corpus of distinct articles asks of
    it. With thirds from three releases any two articles share at most a third of their
    text, well below the copies threshold.
    """
    own = _body(records[at])
    if not copy:
        return own
    middle = _body(records[(at + copy * MIDDLE_STEP) % len(records)])
    last = _body(records[(at + copy * LAST_STEP) % len(records)])
    pieces = (thirds(own)[0], thirds(middle)[1], thirds(last)[2])
    return "\n\n".join(piece for piece in pieces if piece) or own


def _body(record: dict[str, Any]) -> str:
    return str(record.get("body") or "").strip()


def repeated_text(records: list[dict[str, Any]], at: int, copy: int) -> str:
    """DOJ release `at` as a Markdown article, perturbed for its `copy` (0 leaves it as it is)."""
    record = records[at]
    title = str(record.get("title") or "Untitled")
    url = str(record.get("url") or "https://www.justice.gov/")
    try:
        published = date.fromisoformat(str(record.get("date"))[:10])
    except ValueError:
        published = date(2015, 1, 1)
    if copy:
        title = f"{title} (copy {copy})"
        published += timedelta(days=37 * copy)
        url = f"{url}?copy={copy}"
    header = [
        f"# {title}",
        f"{MONTHS[published.month - 1]} {published.day}, {published.year}",
        "Source: U.S. Department of Justice",
    ]
    body = recombined_body(records, at, copy)
    return "\n\n".join([*header, body, f"Original url: <{url}>"]) + "\n"


def _write_repeated(folder: str, source: str, start: int, stop: int) -> int:
    records = list(doj_records(source=Path(source)))
    for number in range(start, stop):
        copy, at = divmod(number, len(records))
        sub = os.path.join(folder, f"{number // PER_FOLDER:03d}")
        os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, f"doj-{number:07d}.txt")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(repeated_text(records, at, copy))
    return stop - start


def ensure_repeated(
    work: Path, count: int, source: Path = DOJ_FILE, *, jobs: int = 2, quiet: bool = False
) -> Path:
    """A folder of `count` DOJ articles repeated with perturbed titles, dates, urls and
    bodies (see `repeated_text`)."""
    folder = work / f"real-repeated-{count}"
    stamp = f"version={REAL_VERSION} repeated count={count} size={source.stat().st_size}\n"
    if is_ready(folder, MARKER, stamp):
        return folder
    building = fresh(folder)
    chunk = 50_000
    ranges = [(start, min(count, start + chunk)) for start in range(0, count, chunk)]
    if len(ranges) == 1 or jobs == 1:
        for start, stop in ranges:
            _write_repeated(str(building), str(source), start, stop)
    else:
        done = 0
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_write_repeated, str(building), str(source), start, stop)
                for start, stop in ranges
            ]
            for future in futures:
                done += future.result()
                if not quiet:
                    print(f"  writing real corpus: {done:,} / {count:,}", file=sys.stderr)
    return finish(building, folder, MARKER, stamp)


def text_bytes(corpus: Path) -> int:
    """Bytes of article text in a corpus folder (decompressed; hidden files passed over)."""
    total = 0
    for path in corpus.rglob("*"):
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as handle:
                while block := handle.read(1 << 20):
                    total += len(block)
        else:
            total += path.stat().st_size
    return total


def _size(text: str) -> int:
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    return int(float(number) * factor)


def real_tier_size(name: str) -> int:
    """Articles in a real tier: `aeb` 181, `doj` 12,694, `doj1k` 1,000, `real1m` 1,000,000."""
    if name == "aeb":
        return AEB_ARTICLES
    if name == "doj":
        return DOJ_ARTICLES
    for prefix, most in (("aeb", AEB_ARTICLES), ("doj", DOJ_ARTICLES), ("real", None)):
        if name.startswith(prefix):
            try:
                count = _size(name[len(prefix) :])
            except ValueError:
                count = 0
            if count < 1:
                raise ValueError(f"not a tier: {name!r} (e.g. aeb, doj, doj1k, real1m)")
            return min(count, most) if most else count
    raise ValueError(f"not a real tier: {name!r}")


def ensure_real(work: Path, name: str, *, quiet: bool = False) -> Path:
    """The corpus folder of a real tier, written into `work` when missing."""
    count = real_tier_size(name)
    if name.startswith("aeb"):
        return ensure_aeb(work, None if count == AEB_ARTICLES else count)
    if name.startswith("doj"):
        return ensure_doj(work, None if count == DOJ_ARTICLES else count)
    return ensure_repeated(work, count, quiet=quiet)
