"""Every private part of Whoosh the engine relies on is still there in the installed Whoosh.

An upgrade that renames or drops one fails here, by name, instead of deep in a search.
"""

from __future__ import annotations

import importlib
import inspect
import re
from importlib import metadata

import pytest

from tui.core.index.engine import PINNED_WHOOSH, PRIVATE_ATTRIBUTES

CASES = [(owner, name) for owner, names in PRIVATE_ATTRIBUTES.items() for name in names]


def resolve(dotted: str) -> type:
    """A class from its dotted path (nested classes included)."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        assert isinstance(found, type), dotted
        return found
    raise ImportError(dotted)


def defines(cls: type, name: str) -> bool:
    """The class (or a base) has `name` as a class attribute or assigns `self.name`."""
    if any(name in vars(klass) for klass in cls.__mro__):
        return True
    assigned = re.compile(rf"\bself\.{re.escape(name)}\s*[:=]")
    for klass in cls.__mro__:
        if klass is object:
            continue
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        if assigned.search(source):
            return True
    return False


def test_the_installed_whoosh_is_the_pinned_one() -> None:
    assert metadata.version("whoosh3") == PINNED_WHOOSH


@pytest.mark.parametrize(("owner", "name"), CASES, ids=[f"{o}.{n}" for o, n in CASES])
def test_whoosh_still_has(owner: str, name: str) -> None:
    cls = resolve(owner)
    assert defines(cls, name), (
        f"{owner} no longer has {name}: see tui/core/index/engine/__init__.py"
    )


def test_the_check_can_fail() -> None:
    assert not defines(resolve("whoosh.writing.SegmentWriter"), "_no_such_thing")
