"""The core must run without the TUI: nothing in tui/core may import textual. And the reader
starts without what its first screen does not need (Whoosh, NumPy, the parsers, the rules)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "tui" / "core"


def _imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def printed_by(code: str) -> str:
    """What `code` prints, run in a fresh interpreter (nothing imported by the tests)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_no_core_module_imports_textual() -> None:
    offenders = [
        str(path.relative_to(CORE))
        for path in CORE.rglob("*.py")
        if {"textual", "rich"} & _imported_modules(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_importing_the_core_does_not_load_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, tui.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'tui.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('textual' in sys.modules)"
    )
    assert printed_by(code) == "False"


DEFERRED = (
    "whoosh",
    "numpy",
    "rensa",
    "dateutil",
    "lxml",
    "trafilatura",
    "feedparser",
    "watchfiles",
    "tui.core.index.store",
    "tui.core.index.schema",
    "tui.core.entities.rules",
    "tui.core.entities.gazetteer",
    "tui.core.parsers",
    "tui.core.corpus",
    "tui.cli.index_command",
    "tui.cli.search_command",
)
"""What the reader loads after its first screen, in the indexing worker, not before it."""


def test_the_reader_starts_without_the_index_the_parsers_or_the_recognizer() -> None:
    # What `broadsheet CORPUS` loads before it draws: the command line (here it stops at a
    # missing folder, after parsing), then the app.
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "assert main(['/no/such/folder']) == 2\n"
        "import tui.app\n"
        f"print(sorted(set(sys.modules) & set({DEFERRED!r})))"
    )
    assert printed_by(code) == "[]"


def test_an_indexing_worker_starts_without_numpy_or_the_query_side() -> None:
    # Each worker process pays for its imports before it indexes anything; NumPy and
    # Whoosh's queries serve searching and merging, not building segments.
    code = (
        "import sys\n"
        "from tui.core.index.workers import serve\n"
        "print(sorted(m for m in ('numpy', 'whoosh.query', 'tui.core.index.engine.ranking')"
        " if m in sys.modules))"
    )
    assert printed_by(code) == "[]"


@pytest.mark.parametrize("package", ["tui.core.index", "tui.core.index.query", "tui.core.entities"])
def test_every_name_a_package_exports_is_there_when_asked_for(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = module.no_such_name
