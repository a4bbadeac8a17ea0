"""The footer, without the memory it would otherwise keep for every key it ever showed,
and without the work of drawing again keys that have not changed."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; the keys the footer makes


class TidyFooter(Footer):
    """Textual's Footer that drops the watchers of keys it has removed.

    Every recompose (which follows each focus change and binding refresh) makes new
    FooterKey widgets that `data_bind` to the footer; Textual only prunes those
    watchers when the watched value changes, which for `compact` is never, so the
    old keys (and their renders) would pile up for as long as the reader runs.

    A recompose that would show the same keys as those on screen is skipped (five of
    them come in the reader's first half second), and each key is made with the
    footer's `compact` already set: Textual's keys start compact and are then told they
    are not, styling every key three times instead of once.
    """

    _shown: tuple[object, ...] | None = None
    """What the keys on screen show (see `_keys_shown`): None before the first compose."""

    def compose(self) -> ComposeResult:
        """Textual's keys, each bound one made with the footer's `compact` from the start."""
        self._shown = self._keys_shown()
        for widget in super().compose():
            # The palette's key is not bound to the footer's `compact`: it stays compact.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def _keys_shown(self) -> tuple[object, ...] | None:
        """Everything `Footer.compose` draws the keys from, to tell whether it changed."""
        if not self._bindings_ready or not self.is_attached:
            return None
        app = self.app
        return (
            self.compact,
            self.show_command_palette,
            *(
                (key, binding, app.get_key_display(binding), enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

    async def recompose(self) -> None:
        """Recompose, unless the keys would be the same; then forget watchers whose
        widgets are gone."""
        shown = self._keys_shown()
        if shown is not None and shown == self._shown:
            return
        await super().recompose()
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [
                (node, callback)
                for node, callback in entries
                if node is self or (node.is_attached and not node._closing)
            ]
