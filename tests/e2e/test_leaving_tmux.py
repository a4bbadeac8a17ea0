"""The real program in tmux: `v` lends the terminal to $PAGER and takes it back; `mouse = false`.

Under Pilot the display cannot be suspended; here, in a real terminal, it is.
"""

from __future__ import annotations

import os
import shlex
import signal
import stat
import time
from pathlib import Path

from tests.e2e.terminal import Terminal, broadsheet_command


def pager_script(folder: Path) -> Path:
    """A pager that says what it was given and waits for Enter, as `less` waits for q."""
    script = folder / "pager.sh"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/pager.args"\n'
        'printf "PAGER-HAS-THE-TERMINAL %s\\n" "$1"\n'
        "read answer\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_v_hands_the_terminal_to_the_pager_and_the_reader_comes_back(
    corpus: Path, home: Path, tmp_path: Path
) -> None:
    pager = pager_script(tmp_path)
    command = f"PAGER={shlex.quote(str(pager))} " + broadsheet_command(corpus, home)
    terminal = Terminal(command, width=120, height=40)
    try:
        terminal.wait_for("2 articles")
        terminal.send("g")
        terminal.send("Enter")
        terminal.wait_for("Pezeshkian")
        terminal.send("v")
        screen = terminal.wait_for("PAGER-HAS-THE-TERMINAL")
        assert "Putin Says Ready" not in screen  # the reader stepped aside
        given = Path((tmp_path / "pager.args").read_text().strip())
        assert given.resolve() == (corpus / "000_40f09a8b1627295c.txt").resolve()
        terminal.send("Enter")
        screen = terminal.wait_for("Putin Says Ready")
        assert "PAGER-HAS-THE-TERMINAL" not in screen
        terminal.send("j")  # and it takes keys again
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


def mouse_reporting(terminal: Terminal) -> str:
    """tmux's view of whether the program asked for mouse events ("1") or not ("0")."""
    return terminal._run(
        "display-message", "-p", "-t", terminal.session, "#{mouse_any_flag}"
    ).strip()


def test_mouse_false_in_the_config_leaves_the_mouse_to_the_terminal(
    corpus: Path, home: Path
) -> None:
    for setting, expected in (("", "1"), ("mouse = false\n", "0")):
        config = home / "config" / "broadsheet" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(setting, encoding="utf-8")
        terminal = Terminal(broadsheet_command(corpus, home), width=120, height=40)
        try:
            terminal.wait_for("2 articles")
            assert mouse_reporting(terminal) == expected, setting or "default"
            terminal.send("q")
            assert terminal.wait_exit() == 0
        finally:
            terminal.close()


def still_running(pid: int) -> bool:
    """Whether the process is alive (a zombie waiting to be reaped has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_the_reader_leaves_when_its_terminal_goes_without_a_hang_up_signal(
    corpus: Path, home: Path, tmp_path: Path
) -> None:
    # Started under a program that keeps SIGHUP from it (`make run` does), the reader used to
    # read end-of-file from the closed terminal for ever, at half a core.
    pidfile = tmp_path / "reader.pid"
    command = f"trap '' HUP; echo $$ > {shlex.quote(str(pidfile))}; exec " + broadsheet_command(
        corpus, home
    )
    terminal = Terminal(command, width=100, height=30)
    try:
        terminal.wait_for("2 articles")
        pid = int(pidfile.read_text().strip())
        assert still_running(pid)
    finally:
        terminal.close()  # the pane and its terminal are gone; no signal reaches the reader
    deadline = time.monotonic() + 30
    while still_running(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    ended = not still_running(pid)
    if not ended:
        os.kill(pid, signal.SIGKILL)
    assert ended, "the reader outlived its terminal"
