"""The reader over a real SSH connection (sshd on 127.0.0.1, `ssh -t` inside tmux)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import SshServer
from tests.e2e.terminal import Terminal, broadsheet_command


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_reader_opens_searches_and_quits_over_ssh(
    sshd: SshServer, corpus: Path, home: Path, term: str
) -> None:
    remote = broadsheet_command(corpus, home)
    terminal = Terminal(sshd.command(remote, term), width=80, height=24)
    try:
        terminal.wait_for("Putin Says Ready", timeout=40)
        terminal.send("/")
        terminal.wait_for("Clear search")
        terminal.type("peskov")
        terminal.wait_for(lambda s: re.search(r"\b1 hit\b", s) is not None)
        terminal.send("Enter")
        terminal.send("Enter")
        terminal.wait_for("Dmitry Peskov")
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()
