"""The real app at a tier: headless (through `app_probe` in its own process) and in tmux."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from tui.core.index import ArticleIndex
from tui.core.library import sort_key

from .probes import run_probe

TMUX_TIMEOUT = 600.0
TMUX_SIZE = ("120", "40")
READY_WAIT = 120.0
"""Once the list is filled, how long to wait for the header to say the index is ready."""
HEADER_MARK = "▤"
"""The header's icon (its "Broadsheet —" is left out when the header is too narrow for it)."""
HEADER_GONE = 2.0
"""Seconds without the header on screen (scrolled away) before index ready is given up."""


def private_environment(home: Path) -> dict[str, str]:
    """The environment with every XDG folder (config, data, cache, state) under `home`."""
    env = dict(os.environ)
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(folder)
    env.pop("BROADSHEET_INDEX_DIR", None)
    return env


def expected_listing(corpus: Path, index_dir: Path) -> tuple[int, str]:
    """How many articles the warm index lists, and the title shown first (newest first)."""
    index = ArticleIndex.open(corpus, index_dir)
    try:
        listing = index.listing()
    finally:
        index.close()
    first = min(listing, key=sort_key("date")).title if listing else ""
    return len(listing), first


USE_STEPS = 20
"""Searches and opens the headless app does before its peak RSS is read."""


def run_headless(
    corpus: Path,
    index_dir: Path,
    expect: int,
    *,
    soak: int = 0,
    soak_seconds: float = 0.0,
    soak_wait: float | None = None,
    use: int = 0,
    seed: int = 1,
) -> dict[str, Any]:
    """One run of the app probe in a fresh interpreter; its JSON result."""
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as home:
        env = private_environment(Path(home))
        return run_probe(
            "benchmarks.app_probe",
            "--corpus", str(corpus), "--index-dir", str(index_dir),
            "--state", str(Path(home) / "state.json"), "--expect", str(expect),
            "--soak", str(soak), "--soak-seconds", str(soak_seconds), "--use", str(use),
            "--seed", str(seed),
            *(["--soak-wait", str(soak_wait)] if soak_wait is not None else []),
            what="app probe",
            env=env,
        )  # fmt: skip


def _vm_hwm_mb(pid: int) -> float | None:
    """Peak resident memory of a process (VmHWM), in MB, while it still runs."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _app_pid(pane_pid: int) -> int:
    """The broadsheet process under the pane's shell (or the pane itself when exec'd)."""
    try:
        import psutil

        children = psutil.Process(pane_pid).children(recursive=True)
        pythons = [c.pid for c in children if "python" in c.name() or "broadsheet" in c.name()]
        return pythons[0] if pythons else pane_pid
    except Exception:
        return pane_pid


def _remove_socket(name: str) -> None:
    """Delete the private server's socket file, which kill-server leaves behind."""
    folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
    with contextlib.suppress(OSError):
        (folder / name).unlink()


def quit_and_wait(tmux: list[str], session: str, seconds: float) -> None:
    """Press q in the session and wait (up to `seconds`) for the program and session to end."""
    subprocess.run([*tmux, "send-keys", "-t", session, "q"], check=False)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        alive = subprocess.run(
            [*tmux, "has-session", "-t", session], capture_output=True, check=False
        )
        if alive.returncode != 0:
            return
        time.sleep(0.05)


def tmux_available() -> bool:
    """Whether tmux can be run here."""
    return shutil.which("tmux") is not None


def run_tmux(
    corpus: Path, index_dir: Path, expect: int, first_title: str, broadsheet: Path
) -> dict[str, Any]:
    """Start the real program in a detached tmux session; time what the pane shows."""
    socket = f"broadsheet-bench-{os.getpid()}-{time.monotonic_ns()}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    ready_text = f"{expect:,} articles"
    title_text = first_title[:24]
    with tempfile.TemporaryDirectory(prefix="broadsheet-tmux-") as home:
        env = private_environment(Path(home))
        exports = " ".join(
            f"{name}={shlex.quote(env[name])}"
            for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
        )
        program = (
            f"exec env {exports} {shlex.quote(str(broadsheet))} "
            f"{shlex.quote(str(corpus))} --index-dir {shlex.quote(str(index_dir))}"
        )
        width, height = TMUX_SIZE
        started = time.perf_counter()
        subprocess.run(
            [*tmux, "new-session", "-d", "-x", width, "-y", height, "-s", "bench", program],
            env=env,
            check=True,
        )
        result: dict[str, Any] = {}
        try:
            pane_pid = int(
                subprocess.run(
                    [*tmux, "display-message", "-p", "-t", "bench", "#{pane_pid}"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.strip()
            )
            deadline = started + TMUX_TIMEOUT
            header_seen = 0.0
            while time.perf_counter() < deadline:
                screen = subprocess.run(
                    [*tmux, "capture-pane", "-p", "-t", "bench"],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout
                now = time.perf_counter() - started
                if screen.strip():
                    result.setdefault("first_paint", now)
                if title_text and title_text in screen:
                    result.setdefault("list_filled", now)
                if ready_text in screen:
                    result.setdefault("index_ready", now)
                if {"first_paint", "list_filled", "index_ready"} <= result.keys():
                    break
                if HEADER_MARK in screen:
                    header_seen = now
                if "list_filled" in result and now > result["list_filled"] + READY_WAIT:
                    result["index_ready_missing"] = f"{ready_text!r} never appeared in the pane"
                    break
                if "list_filled" in result and now > header_seen + HEADER_GONE:
                    result["index_ready_missing"] = (
                        "the header (which says when the index is ready) is not on screen: "
                        "the pane scrolled? first line: " + screen.splitlines()[0][:60]
                    )
                    break
                time.sleep(0.01)
            result["peak_rss_mb"] = _vm_hwm_mb(_app_pid(pane_pid))
            quit_and_wait(tmux, "bench", 10)
        finally:
            subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)
            _remove_socket(socket)
    missing = {"first_paint", "list_filled"} - result.keys()
    if missing:
        raise RuntimeError(f"tmux run timed out waiting for: {', '.join(sorted(missing))}")
    return result
