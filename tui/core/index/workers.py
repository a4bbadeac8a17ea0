"""Worker processes that build segments while this process commits them.

Each worker is a plain `python -c` child talking pickles over its stdin and stdout. Unlike
`multiprocessing`, this never forks a process that has threads (the reader runs updates in a
thread) and never re-imports the caller's `__main__`, so it works from any script.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import queue
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .engine.segments import (
    BuiltSegment,
    FileJob,
    SegmentBuilder,
    private_folder,
    remove_folder,
)

PR_SET_PDEATHSIG = 1
"""prctl's option for the signal a process gets when its parent dies (linux/prctl.h)."""
STOP_POLL_SECONDS = 0.2
"""How often a process waiting on a merge looks whether it should stop it."""

_BOOT = (
    "import sys, pickle; sys.path[:0] = pickle.load(sys.stdin.buffer); "
    "from tui.core.index.workers import serve; serve()"
)


class WorkerFailed(Exception):
    """A worker process died or reported an error; its batch must be built elsewhere."""


class WorkerProcess:
    """One child process with its own SegmentBuilder."""

    def __init__(self, index_folder: Path, entities: str | None, dayfirst: bool) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in: IO[bytes] = self.process.stdin
        self._out: IO[bytes] = self.process.stdout
        self._send(list(sys.path))
        self._send(("start", str(index_folder), entities, dayfirst))
        self.notice: str | None = None

    def _send(self, message: object) -> None:
        try:
            pickle.dump(message, self._in, protocol=pickle.HIGHEST_PROTOCOL)
            self._in.flush()
        except (OSError, ValueError) as error:
            raise WorkerFailed(f"worker stopped: {error}") from error

    def _receive(self) -> Any:
        try:
            reply = pickle.load(self._out)
        except (OSError, EOFError, pickle.UnpicklingError) as error:
            raise WorkerFailed(f"worker stopped: {error}") from error
        if isinstance(reply, tuple) and reply and reply[0] == "error":
            raise WorkerFailed(str(reply[1]))
        return reply

    def build(self, jobs: list[FileJob]) -> BuiltSegment:
        """Build one segment from `jobs` in the child."""
        self._send(("build", jobs))
        reply = self._receive()
        built, notice = reply
        self.notice = notice
        assert isinstance(built, BuiltSegment)
        return built

    def merge(
        self, index_folder: Path, sources: list[Any], should_stop: Callable[[], bool]
    ) -> BuiltSegment | None:
        """Merge the index's `sources` into one segment in the child; None (and the child
        killed) when `should_stop` says so before it is done."""
        self._send(("merge", str(index_folder), sources))
        while not select.select([self._out], [], [], STOP_POLL_SECONDS)[0]:
            if should_stop():
                self.stop(now=True)
                return None
        built = self._receive()
        assert isinstance(built, BuiltSegment)
        return built

    def stop(self, *, now: bool = False) -> None:
        """Ask the child to finish (or kill it at once), and reap it."""
        if not now:
            with contextlib.suppress(WorkerFailed):
                self._send(("stop",))
        with contextlib.suppress(OSError):
            self._in.close()
        try:
            self.process.wait(timeout=0.5 if now else 10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            self._out.close()

    def remove_folders(self, index_folder: Path) -> None:
        """Remove the builder folders the child made in `index_folder` (once it has ended)."""
        prefix = f".build-{self.process.pid}-"
        with contextlib.suppress(OSError):
            for name in os.listdir(index_folder):
                if name.startswith(prefix):
                    remove_folder(index_folder / name)


class WorkerPool:
    """A few worker processes fed batches from one source, each driven by a thread.

    The source may be a generator that reads as it goes (the parts of a large file): each
    driver takes the next batch from it when its worker is free, so only the batches in
    the workers' hands are in memory.
    """

    def __init__(
        self, count: int, index_folder: Path, entities: str | None, dayfirst: bool
    ) -> None:
        self.results: queue.Queue[tuple[list[FileJob], BuiltSegment | None, str | None]] = (
            queue.Queue()
        )
        self._source: Iterator[list[FileJob]] = iter(())
        self._source_lock = threading.Lock()
        self.handed_out = 0
        """How many batches the drivers have taken from the source."""
        self.exhausted = False
        """The source has no more batches."""
        self._stopping = threading.Event()
        self._workers: list[WorkerProcess] = []
        self._threads: list[threading.Thread] = []
        self.notices: list[str] = []
        for _ in range(count):
            try:
                worker = WorkerProcess(index_folder, entities, dayfirst)
            except (OSError, WorkerFailed):
                continue
            self._workers.append(worker)
            thread = threading.Thread(target=self._drive, args=(worker,), daemon=True)
            self._threads.append(thread)

    @property
    def size(self) -> int:
        """How many workers started."""
        return len(self._workers)

    def start(self, batches: Iterable[list[FileJob]]) -> None:
        """Set the workers going on the batches (taken one by one, as workers free up)."""
        self._source = iter(batches)
        for thread in self._threads:
            thread.start()

    def _next_batch(self) -> list[FileJob] | None:
        with self._source_lock:
            if self.exhausted:
                return None
            batch = next(self._source, None)
            if batch is None:
                self.exhausted = True
            else:
                self.handed_out += 1
            return batch

    def _drive(self, worker: WorkerProcess) -> None:
        while not self._stopping.is_set():
            batch = self._next_batch()
            if batch is None:
                return
            try:
                built = worker.build(batch)
            except WorkerFailed as error:
                self.results.put((batch, None, str(error)))
                return
            if worker.notice and worker.notice not in self.notices:
                self.notices.append(worker.notice)
            self.results.put((batch, built, None))

    def alive(self) -> bool:
        """True while some worker thread is still running."""
        return any(thread.is_alive() for thread in self._threads)

    def leftovers(self) -> Iterator[list[FileJob]]:
        """The batches no worker took (after a failure or a stop), as they come."""
        while (batch := self._next_batch()) is not None:
            self.handed_out -= 1  # not handed to a worker: the caller builds it
            yield batch

    def stop(self, *, now: bool = False) -> None:
        """Stop the workers: after their current batch, or at once (losing it)."""
        self._stopping.set()
        for worker in self._workers:
            worker.stop(now=now)
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=10)


def _end_with_parent() -> None:
    """Have the kernel kill this child when its parent dies, even by `kill -9` (Linux's
    PR_SET_PDEATHSIG): a merge or a batch left running would go on for seconds for no one."""
    parent = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else os.getppid()
    with contextlib.suppress(Exception):  # not Linux, or no C library: left to the pipe
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


def serve() -> None:
    """The child's loop: build segments on request until told to stop."""
    _end_with_parent()
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but replies may go down the pipe

    def write(message: Any) -> None:
        pickle.dump(message, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()

    builder: SegmentBuilder | None = None
    while True:
        try:
            message = pickle.load(stdin)
        except (EOFError, OSError):
            return
        command = message[0]
        if command == "stop":
            return
        try:
            if command == "start":
                _, folder, entities, dayfirst = message
                builder = SegmentBuilder(
                    private_folder(Path(folder)), entities=entities, dayfirst=dayfirst
                )
                continue
            if command == "build" and builder is not None:
                write((builder.build(message[1]), builder.notice))
                continue
            if command == "merge" and builder is not None:
                write(builder.merge(Path(message[1]), message[2]))
                continue
            write(("error", f"unknown request {command!r}"))
        except Exception as error:  # report to the parent, which builds the batch itself
            write(("error", f"{type(error).__name__}: {error}"))
