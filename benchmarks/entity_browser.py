"""How long the entity browser takes to open, the first time and again, on a generated corpus.

    python -m benchmarks.entity_browser [COUNT] [WORK_FOLDER]

Builds (or reuses) the generated corpus of COUNT articles and its index in WORK_FOLDER, runs
the real app headless, and opens the browser (`p`) a few times, printing the seconds from
the key press until the list is filled, and the CPU time this process spent meanwhile (which
other work on a busy machine does not inflate). For comparison it opens the help screen (`?`), a
dialog with no data to load: what opening any dialog costs on this machine.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from textual.widgets import OptionList

from tui.app import BroadsheetApp
from tui.core.config import Config
from tui.core.index import ArticleIndex
from tui.screens.entity_browser import EntityBrowser
from tui.screens.help import HelpScreen

from .synthetic import ensure_corpus


async def _open_times(corpus: Path, work: Path, opens: int) -> None:
    app = BroadsheetApp(
        corpus, work / "index", config=Config(), state_path=work / "state" / "state.json"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.main_screen.indexed:
            await pilot.pause(0.05)
        await pilot.pause(0.5)
        for number in range(opens):
            started, cpu = time.perf_counter(), time.process_time()
            await pilot.press("question_mark")
            while not isinstance(app.screen, HelpScreen):
                await pilot.pause(0.005)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"help screen {number + 1}: {seconds:.3f} s ({cpu:.3f} s of CPU)")
            await pilot.press("escape")
            await pilot.pause(0.2)
        for number in range(opens):
            started, cpu = time.perf_counter(), time.process_time()
            await pilot.press("p")
            while not (
                isinstance(app.screen, EntityBrowser)
                and app.screen.entities
                and app.screen.query_one(OptionList).option_count
            ):
                await pilot.pause(0.005)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(
                f"entity browser {number + 1}: {seconds:.3f} s ({cpu:.3f} s of CPU, "
                f"{len(app.screen.entities):,} names held)"
            )
            await pilot.press("escape")
            await pilot.pause(0.2)


def main(argv: list[str]) -> None:
    """Build the corpus and index if needed, then time the opens."""
    count = int(argv[0]) if argv else 2225
    work = Path(argv[1]) if len(argv) > 1 else Path("benchmarks/work")
    corpus = ensure_corpus(work, count, quiet=True)
    with ArticleIndex.open(corpus, work / "index") as index:
        index.update()
        started = time.perf_counter()
        names = len(index.top_entities(None, limit=None))
        first = time.perf_counter() - started
        started = time.perf_counter()
        index.top_entities(None, limit=None)
        again = time.perf_counter() - started
    print(f"counting {names:,} names: {first:.3f} s first, {again * 1000:.2f} ms again")
    asyncio.run(_open_times(corpus, work, opens=4))


if __name__ == "__main__":
    main(sys.argv[1:])
