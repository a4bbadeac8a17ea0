"""Screens hand their workers' failures to the app (Textual does not bubble them)."""

from __future__ import annotations

from textual.worker import Worker, WorkerState

from ..messages import WorkerFailed


class ReportsWorkerFailures:
    """Mixed into a screen: a worker that fails is reported by the app, never lost."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Pass a failure up to the app."""
        if event.state is WorkerState.ERROR:
            event.worker.node.app.post_message(WorkerFailed(event.worker))
