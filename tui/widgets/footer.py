"""The footer, without the memory it would otherwise keep for every key it ever showed."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class TidyFooter(Footer):
    """Textual's Footer that drops the watchers of keys it has removed.

    Every recompose (which follows each focus change and binding refresh) makes new
    FooterKey widgets that `data_bind` to the footer; Textual only prunes those
    watchers when the watched value changes, which for `compact` is never, so the
    old keys (and their renders) would pile up for as long as the reader runs.
    """

    async def recompose(self) -> None:
        """Recompose, then forget watchers whose widgets are gone."""
        await super().recompose()
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [
                (node, callback)
                for node, callback in entries
                if node is self or (node.is_attached and not node._closing)
            ]
