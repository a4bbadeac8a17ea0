"""Package exports loaded on first use, so that importing a name loads only its module.

A package's `__init__` that imported every module it re-exports would make any
`from package import Name` load all of them: for the index, Whoosh and NumPy, a third of
a second before the reader can draw its first screen. With `lazy_exports` the package
names each export's module, and the module is imported when the name is first asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, namespace: dict[str, Any], modules: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's `__getattr__` and `__dir__` that import each name from its module
    (`modules` maps a name to a module relative to `package`) when it is first used."""

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module, package), name)
        namespace[name] = value  # asked once: later lookups find it as a plain global
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *modules})

    return __getattr__, __dir__
