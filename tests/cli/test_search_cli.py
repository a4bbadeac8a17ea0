"""`broadsheet search`: in-process through `main(argv)`, and on a real terminal as a process."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO, CliResult, run_cli, write_corpus
from tui.cli.search_command import emphasised
from tui.core.index import Snippet


def broadsheet(*args: str, cwd: Path, env: dict[str, str] | None = None) -> CliResult:
    """`broadsheet ARGS` in `cwd`, run in this process."""
    return run_cli(*args, cwd=cwd, env=env)


def hits_of(result: CliResult) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_search_prints_ranked_hits(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", "strait", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("1. Oil Prices Climb as Strait Stays Tense  (2026-03-30")
    assert "2 of 2 hits in" in result.stdout


def test_search_json_has_one_object_per_hit(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    hits = hits_of(broadsheet("search", "putin", "--json", cwd=tmp_path))
    assert {hit["id"] for hit in hits} == {"putin-peace.md", "kremlin-ceasefire.md"}
    first = hits[0]
    assert set(first) >= {"id", "path", "title", "date", "source", "score", "snippet"}
    assert first["date"] in ("2026-04-12T00:00:00", "2026-04-08T00:00:00")


def test_search_json_snippet_offsets_point_at_matches(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    hit = hits_of(broadsheet("search", "tankers", "--json", cwd=tmp_path))[0]
    snippet = str(hit["snippet"])
    assert [snippet[s:e] for s, e in hit["matches"]] == ["tankers"]  # type: ignore[union-attr,misc]


def test_search_with_no_hits_exits_1(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", "zeppelin", cwd=tmp_path)
    assert result.returncode == 1


def test_search_says_which_words_are_too_common_to_search_for(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", "the", cwd=tmp_path)
    assert result.returncode == 1
    assert "left out as too common to search for: 'the'" in result.stderr


def test_search_suggests_a_spelling(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", "barcelnoa", cwd=tmp_path)
    assert result.returncode == 1
    assert "did you mean: barcelona" in result.stderr


def test_bad_query_exits_2_with_the_place(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", 'putin "peace', cwd=tmp_path)
    assert result.returncode == 2
    assert "bad query: unbalanced quote at column 7" in result.stderr
    assert result.stdout == ""


def test_unknown_field_exits_2(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", "titel:oil", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown field 'titel:'" in result.stderr


def test_huge_query_exits_2_quickly(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", "a" * 10_000, cwd=tmp_path)
    assert result.returncode == 2
    assert "too long" in result.stderr


def test_sort_by_date_puts_newest_first(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    hits = hits_of(broadsheet("search", "putin OR oil", "--sort", "date", "--json", cwd=tmp_path))
    assert [hit["id"] for hit in hits] == [
        "putin-peace.md",
        "kremlin-ceasefire.md",
        "oil-prices.md",
    ]


def test_limit_caps_the_hits(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    assert (
        len(hits_of(broadsheet("search", "NOT zzzz", "--limit", "2", "--json", cwd=tmp_path))) == 2
    )


def test_corpus_option(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "other")
    result = broadsheet("search", "barcelona", "--corpus", str(corpus), "--json", cwd=tmp_path)
    assert [hit["id"] for hit in hits_of(result)] == ["football-final.md"]


def test_date_query(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    hits = hits_of(broadsheet("search", "date:2026-04-01..2026-04-30", "--json", cwd=tmp_path))
    assert {hit["id"] for hit in hits} == {"putin-peace.md", "kremlin-ceasefire.md"}


def test_piped_output_has_no_escape_sequences(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", "putin", cwd=tmp_path)
    assert "\x1b" not in result.stdout


def test_control_characters_in_titles_are_made_inert(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"evil.md": "# Evil \x1b[2J Title\u202e\n\nA wicked zeppelin story.\n"})
    result = broadsheet("search", "zeppelin", cwd=tmp_path)
    assert "\x1b" not in result.stdout
    assert "\u202e" not in result.stdout
    assert "Evil" in result.stdout


def test_terminal_output_emphasises_matches(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    leader, follower = pty.openpty()
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "search", "tankers"],
        cwd=tmp_path,
        env=environment,
        stdout=follower,
        stderr=subprocess.DEVNULL,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(leader)
    assert b"\x1b[1mtankers\x1b[0m" in output


def test_emphasis_keeps_offsets_after_making_text_inert() -> None:
    snippet = Snippet("a\x1b b tankers c", [(5, 12)])
    assert emphasised(snippet, emphasis=True) == "a\u241b b \x1b[1mtankers\x1b[0m c"
