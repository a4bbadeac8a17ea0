"""`broadsheet serve`: loopback unless told otherwise, and a warning when told otherwise.

The served reader itself is tested in a real browser in tests/e2e/test_browser.py.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tests.helpers import run_cli as broadsheet
from tui.cli.main import build_parser
from tui.cli.serve_command import is_loopback, page_templates, public_url, reader_command


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses_are_recognised(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "reader.example.org"])
def test_other_addresses_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_serve_defaults_to_this_machine_on_port_8000(tmp_path: Path) -> None:
    args = build_parser().parse_args(["serve", str(tmp_path)])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_another_host_is_warned_about(tmp_path: Path) -> None:
    # An impossible port stops it before it binds anything.
    result = broadsheet(
        "serve", str(tmp_path), "--host", "0.0.0.0", "--port", "70000", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "anyone who can reach port 70000 there can read this corpus" in result.stderr


def test_loopback_is_not_warned_about(tmp_path: Path) -> None:
    result = broadsheet("serve", str(tmp_path), "--port", "70000", cwd=tmp_path)
    assert result.returncode == 2 and "warning" not in result.stderr


def test_each_session_runs_this_pythons_reader_on_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "my news"
    args = build_parser().parse_args(["serve", str(corpus), "--day-first", "--entities", "rules"])
    words = shlex.split(reader_command(args))
    assert words[:4] == [sys.executable, "-m", "tui", "read"]
    assert words[4] == str(corpus.resolve())
    assert "--day-first" in words and words[-2:] == ["--entities", "rules"]


def test_the_page_loads_nothing_from_the_internet() -> None:
    page = (page_templates() / "app_index.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    assert "{{ config.static.url }}fonts/RobotoMono" in page


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "[::]"])
def test_a_server_on_every_interface_sends_browsers_to_this_machines_name(host: str) -> None:
    url = public_url(host, 8000)
    assert url.startswith("http://") and url.endswith(":8000")
    assert "0.0.0.0" not in url and "[::]" not in url and "://:" not in url


def test_the_public_url_is_the_listening_address_or_the_one_given() -> None:
    assert public_url("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert public_url("::1", 8123) == "http://[::1]:8123"
    given = "https://news.example.org/reader/"
    assert public_url("0.0.0.0", 8123, given) == "https://news.example.org/reader"
