"""The cyclic garbage collector waits until the first frame is drawn.

Importing Textual and our screens, then composing and drawing the first frame, makes a few
hundred thousand long-lived objects (modules, classes, styles, widgets); the collector
scans them again and again as they arrive: 120-odd collections, 0.05-0.1 s before the
first frame on this machine. The reader holds the collector from its start (`hold`) and,
once the first frame is on screen, moves everything made so far out of its reach for good
(`gc.freeze`) and lets it run again (`release`). Objects are still freed by their reference
counts meanwhile; only cyclic garbage made before the first frame is never reclaimed.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Stop cyclic collection until `release` (the reader's command line calls it first)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what exists now and collect again, if `hold` stopped the collector (an app
    run by the tests or a benchmark, where nothing held it, leaves it as it is)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
