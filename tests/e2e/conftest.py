"""Fixtures for the end-to-end tests: a copy of the sample corpus, tmux, and a local sshd."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.e2e.terminal import BROADSHEET, tmux_available
from tests.helpers import seed_name_tables


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the sample corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def home(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """Private XDG folders for the program under test (a returning user's name tables in the
    cache, unless the test is marked `fresh_name_tables`)."""
    folder = tmp_path / "home"
    folder.mkdir()
    if request.node.get_closest_marker("fresh_name_tables") is None:
        seed_name_tables(folder / "cache")
    return folder


@pytest.fixture(autouse=True)
def _needs_tmux() -> None:
    if not tmux_available():
        pytest.fail("tmux is not installed: run `make test`, which installs it")
    problem = _broadsheet_problem()
    if problem:
        pytest.fail(f"broadsheet does not run here: {problem}")


@cache
def _broadsheet_problem() -> str | None:
    probe = subprocess.run([*BROADSHEET, "--version"], capture_output=True, check=False)
    return probe.stderr.decode(errors="replace") if probe.returncode != 0 else None


@dataclass
class SshServer:
    """A running sshd on 127.0.0.1 that accepts one key."""

    port: int
    key: Path
    user: str

    def command(self, remote: str, term: str) -> str:
        """A local shell command that runs `remote` over `ssh -t` with the given TERM."""
        options = (
            f"-i {self.key} -p {self.port} -o StrictHostKeyChecking=no "
            "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
        )
        quoted = remote.replace("'", "'\\''")
        return f"env TERM={term} ssh -t {options} {self.user}@127.0.0.1 '{quoted}'"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[SshServer]:
    """An OpenSSH server on loopback only, key authentication only, for this test."""
    daemon = shutil.which("sshd") or "/usr/sbin/sshd"
    if not os.path.exists(daemon) or not shutil.which("ssh"):
        pytest.fail("OpenSSH is not installed: run `make test`, which installs it")
    folder = tmp_path / "sshd"
    folder.mkdir(mode=0o700)
    host_key = folder / "host_ed25519"
    client_key = folder / "client_ed25519"
    for key in (host_key, client_key):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    authorized = folder / "authorized_keys"
    authorized.write_text(client_key.with_suffix(".pub").read_text())
    authorized.chmod(0o600)
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation folder
    port = _free_port()
    config = folder / "sshd_config"
    config.write_text(
        f"ListenAddress 127.0.0.1\nPort {port}\nHostKey {host_key}\n"
        f"AuthorizedKeysFile {authorized}\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nUsePAM no\n"
        "PermitRootLogin prohibit-password\nStrictModes no\nPidFile none\n"
        "PrintMotd no\nAcceptEnv LANG LC_*\n"
    )
    process = subprocess.Popen(
        [daemon, "-D", "-e", "-f", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"sshd did not start: {output}")
        time.sleep(0.1)
    try:
        yield SshServer(port, client_key, os.environ.get("USER") or "root")
    finally:
        process.terminate()
        process.wait(timeout=10)
