"""The search's hits over time, as a sparkline under the status line."""

from __future__ import annotations

from textual.widgets import Sparkline

from ..core.timeline import Timeline


class HitTimeline(Sparkline):
    """Bars of hits per month (or day); hidden when the hits span fewer than two periods."""

    DEFAULT_CSS = """
    HitTimeline { height: 1; margin: 0 1; }
    HitTimeline.hidden { display: none; }
    """

    def show_timeline(self, timeline: Timeline | None) -> None:
        """Draw a timeline, or hide the bars without one."""
        self.set_class(timeline is None, "hidden")
        self.data = [float(count) for count in timeline.counts] if timeline else None
        self.tooltip = timeline.describe() if timeline else None
