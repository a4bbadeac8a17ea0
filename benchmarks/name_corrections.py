"""What the user's corrections and the spelling-alias rule cost, and how many names the rule
merges, on a real corpus (by default the DOJ press releases in ../shared/data/news).

    python -m benchmarks.name_corrections [CORPUS] [INDEX_FOLDER]

Brings the index up to date (building it the first time takes minutes), then prints: the
names the index holds, how many variants the alias rule merges into how many names (per
kind), the CPU time of counting the names, of applying the rule the first time, and of
applying one correction (what the browser redoes after `x`, `t` or `m`), and the wall time
of a `person:` search that the correction rewrites. CPU time is printed beside wall time
because a busy machine inflates the latter; the load average is printed too.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

from tui.core.corrections import Corrections
from tui.core.library import Library

REPO = Path(__file__).resolve().parents[1]
DOJ = REPO / ".." / "shared" / "data" / "news" / "doj_opa_press_releases"


def main(argv: list[str]) -> None:
    """Measure and print."""
    corpus = Path(argv[0]) if argv else DOJ
    index = Path(argv[1]) if len(argv) > 1 else REPO / "benchmarks" / "work" / "doj-index"
    library = Library(corpus, index, corrections=Corrections())
    library.open()
    library.update()
    assert library.index is not None
    print(f"load average {os.getloadavg()[0]:.1f}")
    cpu, wall = time.process_time(), time.perf_counter()
    raw = library.index.top_entities(None, limit=None)
    print(
        f"counting {len(raw):,} names: {time.process_time() - cpu:.2f} s CPU, "
        f"{time.perf_counter() - wall:.2f} s wall"
    )
    cpu, wall = time.process_time(), time.perf_counter()
    names = library.corrected_names()
    print(
        f"alias rule, first time: {time.process_time() - cpu:.2f} s CPU, "
        f"{time.perf_counter() - wall:.2f} s wall"
    )
    groups = {(kind, target) for (kind, _), (target, _) in names.aliases.items()}
    per_kind = Counter(kind for kind, _ in groups)
    print(
        f"merged {names.merged:,} variants into {len(groups):,} names "
        f"({', '.join(f'{kind} {count}' for kind, count in sorted(per_kind.items()))}); "
        f"{len(names.counts):,} names after"
    )
    top = names.counts[0]
    cpu, wall = time.process_time(), time.perf_counter()
    library.corrections.hide(top.kind, top.key, top.name)
    library.corrected_names()
    print(
        f"one correction applied: {time.process_time() - cpu:.3f} s CPU, "
        f"{time.perf_counter() - wall:.3f} s wall"
    )
    person = next(entity for entity in names.counts if entity.kind == "person")
    query = f'person:"{person.key}"'
    wall = time.perf_counter()
    total = library.search(query).total
    print(f"{query}: {total:,} hits in {time.perf_counter() - wall:.3f} s wall")
    library.close()


if __name__ == "__main__":
    main(sys.argv[1:])
