"""Two builds of the index must answer alike: record what one answers, compare two records.

`record` opens (building if needed) an index of a corpus and runs the query mixes and a set
of extra phrase queries, keeping for each the total, the first 20 hits (id, score, title,
snippet text and its highlights), and a digest of every hit's id in order (relevance and
date order). `compare` says where two records differ. Run `record` once with the code
before a change (e.g. a `git archive` of it on PYTHONPATH) and once after, then `compare`:

    python -m benchmarks.differential record --corpus DIR --index DIR --out old.json
    python -m benchmarks.differential compare old.json new.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from tui.core.index import ArticleIndex

from .query_mix import QUERY_MIX, REAL_QUERY_MIX

EXTRA_QUERIES = (
    '"attorney general"',
    '"general attorney"',
    '"assistant attorney general"',
    '"united states attorney"',
    '"department of justice"',
    '"attorney general" fraud',
    '"attorney general" NOT fraud',
    'title:"attorney general"',
    '"fraud sentenced"~5',
    '"prime minister"',
    '"health care fraud" OR "wire fraud"',
    'person:"eric holder"',
    'person:"jeff sessions"',
    '"attorney general" AND date:2017-01..2017-12',
    'org:"department of justice"',
    '"attorney gen*"',
    '"the the"',
    '"no such phrase anywhere"',
)
"""Phrases beyond the mixes: common, rare, reversed, of three words, with slop, in names,
combined with words and negations."""


def _queries() -> list[str]:
    seen: dict[str, None] = {}
    for case in (*REAL_QUERY_MIX, *QUERY_MIX):
        seen.setdefault(case.ours, None)
    for text in EXTRA_QUERIES:
        seen.setdefault(text, None)
    return list(seen)


def _digest(ids: list[str]) -> str:
    return hashlib.sha1("\n".join(ids).encode("utf-8", "surrogateescape")).hexdigest()


def record(corpus: Path, index_folder: Path) -> dict[str, Any]:
    """What the index of `corpus` in `index_folder` answers to every query."""
    index = ArticleIndex.open(corpus, index_folder)
    answers: dict[str, Any] = {}
    try:
        index.update()
        for text in _queries():
            try:
                results = index.search(text, limit=20, sort="relevance", snippets=20)
            except Exception as error:
                answers[text] = {"error": f"{type(error).__name__}: {error}"}
                continue
            hits = [
                {
                    "id": hit.id,
                    "score": repr(hit.score),
                    "title": hit.title,
                    "snippet": hit.snippet.text if hit.snippet else None,
                    "matches": hit.snippet.matches if hit.snippet else None,
                }
                for hit in results.hits
            ]
            by_relevance = index.hit_ids(text, sort="relevance")
            by_date = index.hit_ids(text, sort="date")
            answers[text] = {
                "total": results.total,
                "hits": hits,
                "all_ids": len(by_relevance),
                "relevance_digest": _digest(by_relevance),
                "date_digest": _digest(by_date),
            }
    finally:
        index.close()
    return answers


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every difference between two records, as lines to print (none when alike)."""
    lines: list[str] = []
    for text in sorted(set(old) | set(new)):
        a, b = old.get(text), new.get(text)
        if a is None or b is None:
            lines.append(f"{text}: only in {'new' if a is None else 'old'}")
            continue
        for key in ("error", "total", "all_ids", "relevance_digest", "date_digest"):
            if a.get(key) != b.get(key):
                lines.append(f"{text}: {key} {a.get(key)!r} -> {b.get(key)!r}")
        for number, (hit_a, hit_b) in enumerate(
            zip(a.get("hits", []), b.get("hits", []), strict=False)
        ):
            for key in ("id", "score", "title", "snippet", "matches"):
                if hit_a[key] != hit_b[key]:
                    lines.append(f"{text}: hit {number + 1} {key} differs")
        if len(a.get("hits", [])) != len(b.get("hits", [])):
            lines.append(f"{text}: {len(a['hits'])} hits -> {len(b['hits'])}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Record or compare; exit status 1 when a comparison finds differences."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.differential")
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help="record one build's answers")
    recording.add_argument("--corpus", type=Path, required=True)
    recording.add_argument("--index", type=Path, required=True)
    recording.add_argument("--out", type=Path, required=True)
    comparing = commands.add_parser("compare", help="compare two records")
    comparing.add_argument("old", type=Path)
    comparing.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.command == "record":
        started = time.perf_counter()
        answers = record(args.corpus, args.index)
        args.out.write_text(json.dumps(answers, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(answers)} queries recorded in {time.perf_counter() - started:.1f} s")
        return 0
    old = json.loads(args.old.read_text(encoding="utf-8"))
    new = json.loads(args.new.read_text(encoding="utf-8"))
    differences = compare(old, new)
    for line in differences:
        print(line)
    print(f"{len(old)} queries compared, {len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
