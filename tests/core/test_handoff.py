"""Handing an article to other programs: its text, a piped command, the browser, $PAGER."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from tui.core.article import Article
from tui.core.handoff import article_text, open_url, pipe_article, program_command

ARTICLE = Article(
    id="a.txt",
    path=Path("/news/a.txt"),
    title="Harbour pilots walk out",
    byline="Mara Quint",
    published=datetime(2026, 4, 2, 9, 30),
    url="https://example.org/a",
    paragraphs=("First paragraph.", "Second paragraph."),
)


def test_article_text_is_the_header_lines_a_blank_line_and_the_body() -> None:
    assert article_text(ARTICLE) == (
        "Harbour pilots walk out\nMara Quint\n2026-04-02T09:30:00\nhttps://example.org/a\n\n"
        "First paragraph.\n\nSecond paragraph.\n"
    )


def test_article_text_leaves_out_what_the_article_lacks() -> None:
    bare = Article(id="b.txt", path=Path("/news/b.txt"), title="Bare", paragraphs=("Text.",))
    assert article_text(bare) == "Bare\n\nText.\n"


def test_pipe_gives_the_command_the_text_and_keeps_its_output() -> None:
    result = pipe_article("wc -l", "one\ntwo\nthree\n")
    assert result.ok and result.output.strip() == "3" and result.error == ""


def test_pipe_reports_the_exit_status_and_error_output() -> None:
    result = pipe_article("echo broken >&2; exit 5", "text")
    assert not result.ok and result.returncode == 5 and result.error.strip() == "broken"


def test_a_command_that_ignores_its_input_still_finishes() -> None:
    result = pipe_article("true", "x" * 1_000_000)
    assert result.returncode == 0


def test_pipe_stops_a_command_that_runs_too_long_with_its_children(tmp_path: Path) -> None:
    marker = tmp_path / "survived"
    started = time.monotonic()
    result = pipe_article(f"(sleep 3; touch {marker}) & sleep 30", "text", timeout=0.5)
    assert result.timed_out and result.returncode is None and not result.ok
    assert time.monotonic() - started < 10
    time.sleep(3.5)
    assert not marker.exists(), "a child of the stopped command went on running"


def test_pipe_output_is_decoded_leniently() -> None:
    result = pipe_article(r"printf '\377ok'", "")
    assert result.output == "\ufffdok"


def test_no_browser_is_tried_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert open_url("https://example.org/") is False


def test_browser_commands_are_tried_in_turn_with_the_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "got"
    monkeypatch.setenv("BROWSER", f"false:sh -c 'echo \"$0\" > {out}' %s")
    assert open_url("https://example.org/x") is True
    assert out.read_text().strip() == "https://example.org/x"


def test_a_browser_that_cannot_start_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER", "/nonexistent/browser")
    assert open_url("https://example.org/") is False


def test_pager_command_splits_like_a_shell_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGER", "less -R '+/Peskov'")
    assert program_command("PAGER", "less", Path("/n/a.txt")) == [
        "less", "-R", "+/Peskov", "/n/a.txt",
    ]  # fmt: skip
    monkeypatch.setenv("PAGER", "")
    assert program_command("PAGER", "less", Path("/n/a.txt")) == ["less", "/n/a.txt"]
    monkeypatch.setenv("EDITOR", "vim 'unclosed")
    assert program_command("EDITOR", "vi", Path("/n/a.txt")) == ["vi", "/n/a.txt"]
