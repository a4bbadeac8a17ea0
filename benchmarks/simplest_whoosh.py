"""The simplest Whoosh index a user would write, timed in wall and CPU seconds.

Title and body only, both `TEXT(analyzer=StemmingAnalyzer())`, one `ix.writer()` with
Whoosh's defaults, every article added in turn (read and parsed by Broadsheet's parser as
it goes, as the naive anchor does), one commit. No entities, no dates, no stored fields
beyond Whoosh's default for TEXT (none). `python -m benchmarks.simplest_whoosh CORPUS
TARGET` prints one JSON object; CPU time is the honest measure on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import TEXT, Schema

from .articles import parsed_articles


def build_simplest(corpus: Path, folder: Path) -> dict[str, float | int]:
    """Index `corpus` into an empty `folder` the simplest way; its timings and count."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    wall = time.perf_counter()
    cpu = time.process_time()
    schema = Schema(title=TEXT(analyzer=StemmingAnalyzer()), body=TEXT(analyzer=StemmingAnalyzer()))
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer()
    count = 0
    for article in parsed_articles(corpus):
        writer.add_document(title=article.title, body=article.body)
        count += 1
    writer.commit()
    ix.close()
    return {
        "articles": count,
        "wall_seconds": round(time.perf_counter() - wall, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "load1": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Build once and print the result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.simplest_whoosh")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(build_simplest(args.corpus, args.target)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
