"""Leaving when the terminal goes away and no hang-up signal says so.

Closing an SSH session or a tmux pane sends SIGHUP to the terminal's session, and the reader
ends with it. A reader started under another program that keeps the signal from it (`make
run`, a wrapper that ignores hang-ups) never hears it: Textual's input thread then reads
end-of-file from the closed terminal over and over, at half a core and more, for ever. A
look at the terminal every CHECK_SECONDS finds the hang-up, and `leave` ends the reader as
the signal would have: not through Textual's exit, which writes to the gone terminal and
waits for ever once its writer thread has died of the first failed write.
"""

from __future__ import annotations

import os
import select
import signal
import sys

CHECK_SECONDS = 1.0
_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def terminal_fd() -> int | None:
    """The file descriptor of the terminal the reader reads keys from (None without one)."""
    stream = sys.__stdin__
    try:
        fd = stream.fileno() if stream is not None else None
    except (OSError, ValueError):
        return None
    return fd if fd is not None and os.isatty(fd) else None


def hung_up(fd: int) -> bool:
    """Whether the terminal on `fd` has hung up (its other end is closed)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    try:
        events = poller.poll(0)
    except OSError:
        return True
    return any(mask & _GONE for _, mask in events)


def leave() -> None:
    """End this process as a hang-up signal ends it (reading state is saved as it changes)."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGHUP)
