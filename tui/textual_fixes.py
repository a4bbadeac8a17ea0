"""Work-arounds for Textual memory leaks and repaints that a long reading session would hit.

Each fix checks that the Textual internals it replaces look as expected and leaves them
alone otherwise, so a Textual release that fixes the leak (or changes the code) does not
break the app.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from weakref import WeakSet

from textual._styles_cache import StylesCache
from textual.app import App
from textual.color import Color
from textual.reactive import Reactive
from textual.screen import Screen
from textual.style import Style

_applied = False


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(_cache: StylesCache, base_background: Color, background: Color) -> Any:
    return _inner_outer(base_background, background)


def apply() -> None:
    """Install the fixes (once)."""
    global _applied
    if _applied:
        return
    _applied = True
    # Textual 8 caches StylesCache.get_inner_outer with functools.lru_cache on an instance
    # method, so the cache keys hold each widget's StylesCache, and with it every line the
    # widget last rendered, long after the widget is gone (Textualize/textual#6665). The
    # result depends only on the two colours: cache on those instead.
    current = StylesCache.__dict__.get("get_inner_outer")
    if current is not None and hasattr(current, "cache_clear"):
        current.cache_clear()
        StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[assignment,method-assign]
    # Screen.focused is a reactive that repaints: every focus change redraws the whole
    # screen, tens of KB over SSH. The widgets that gain and lose focus redraw themselves
    # (Widget._on_focus and _on_blur), which is all that changes on screen.
    focused = Screen.__dict__.get("focused")
    if isinstance(focused, Reactive) and getattr(focused, "_repaint", None) is True:
        focused._repaint = False
    # A screen laid out while the app holds a batch update (as it does through its own
    # start-up) is drawn all the same, and App._display then drops the frame; the
    # compositor takes it as written, so what it held (the first screen's titles) reaches
    # the terminal only with a later full layout. Drawn after the batch instead.
    current_refresh = Screen.__dict__.get("_compositor_refresh")
    end_batch = App.__dict__.get("_end_batch")
    if callable(current_refresh) and callable(end_batch):
        Screen._compositor_refresh = _refresh_after_batch(current_refresh)  # type: ignore[assignment,method-assign]
        App._end_batch = _wake_screen_after_batch(end_batch)  # type: ignore[assignment,method-assign]


_waiting_for_batch: WeakSet[Screen[Any]] = WeakSet()
"""Screens whose drawing waits for the app's batch update to end."""


def _refresh_after_batch(refresh: Callable[[Screen[Any]], None]) -> Callable[[Screen[Any]], None]:
    def compositor_refresh(screen: Screen[Any]) -> None:
        app = screen.app
        if app._batch_count and not app.is_inline and screen is app.screen:
            _waiting_for_batch.add(screen)  # its compositor keeps what is to be drawn
            return
        refresh(screen)

    return compositor_refresh


def _wake_screen_after_batch(end_batch: Callable[[App[Any]], None]) -> Callable[[App[Any]], None]:
    def wake_after_batch(app: App[Any]) -> None:
        end_batch(app)
        if not app._batch_count:
            for screen in list(_waiting_for_batch):
                if screen.app is app:
                    _waiting_for_batch.discard(screen)
                    screen.call_later(screen._compositor_refresh)

    return wake_after_batch
