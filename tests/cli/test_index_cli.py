"""`broadsheet index`: run in-process through `main(argv)`, and once as a real process."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import (
    ARTICLES,
    CliResult,
    index_in_batches,
    run_cli,
    run_cli_process,
    write_corpus,
)
from tui.core.index import ArticleIndex


def broadsheet(*args: str, cwd: Path, env: dict[str, str] | None = None) -> CliResult:
    """`broadsheet ARGS` in `cwd`, run in this process."""
    return run_cli(*args, cwd=cwd, env=env)


def test_index_reports_added_articles(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("index", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"added {len(ARTICLES)}, updated 0, removed 0, unchanged 0, skipped 0" in result.stdout


def test_index_json_reports_every_count(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    broadsheet("index", cwd=tmp_path)
    result = broadsheet("index", "--json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["unchanged"] == len(ARTICLES)
    assert (report["added"], report["updated"], report["removed"]) == (0, 0, 0)
    assert report["skipped"] == []
    assert isinstance(report["seconds"], float)


def test_index_lists_skipped_files_with_reasons(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.7")
    result = broadsheet("index", "--json", cwd=tmp_path)
    skipped = json.loads(result.stdout)["skipped"]
    assert [item["id"] for item in skipped] == ["scan.pdf"]
    assert "not an article file type" in skipped[0]["reason"]


def test_index_counts_changes(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    broadsheet("index", cwd=tmp_path)
    (corpus / "football-final.md").unlink()
    (corpus / "new.md").write_text("# New\n\nSomething new happened.\n")
    report = json.loads(broadsheet("index", "--json", cwd=tmp_path).stdout)
    assert (report["added"], report["removed"]) == (1, 1)


def test_index_rebuild_indexes_everything_again(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    broadsheet("index", cwd=tmp_path)
    report = json.loads(broadsheet("index", "--rebuild", "--json", cwd=tmp_path).stdout)
    assert report["added"] == len(ARTICLES)


def test_index_takes_a_corpus_argument(tmp_path: Path) -> None:
    write_corpus(tmp_path / "elsewhere")
    result = broadsheet("index", str(tmp_path / "elsewhere" / "corpus"), "--json", cwd=tmp_path)
    assert json.loads(result.stdout)["added"] == len(ARTICLES)


def test_index_dir_option_places_the_index(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("index", "--index-dir", str(tmp_path / "ix"), "--json", cwd=tmp_path)
    assert json.loads(result.stdout)["index_dir"] == str(tmp_path / "ix")
    assert (tmp_path / "ix" / "manifest.json").exists()


def test_index_dir_variable_places_the_index(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet(
        "index", "--json", cwd=tmp_path, env={"BROADSHEET_INDEX_DIR": str(tmp_path / "env-ix")}
    )
    assert json.loads(result.stdout)["index_dir"] == str(tmp_path / "env-ix")


def test_index_default_lives_in_the_cache(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("index", "--json", cwd=tmp_path)
    folder = Path(json.loads(result.stdout)["index_dir"])
    assert folder.parent == Path(os.environ["XDG_CACHE_HOME"]) / "broadsheet"


def test_index_of_a_missing_corpus_fails(tmp_path: Path) -> None:
    result = broadsheet("index", cwd=tmp_path)
    assert result.returncode == 2
    assert "no corpus folder" in result.stderr


def test_index_in_an_unwritable_place_fails_clearly(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    (tmp_path / "blocker").write_text("a file, not a folder")
    result = broadsheet("index", "--index-dir", str(tmp_path / "blocker" / "ix"), cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot create the search index" in result.stderr


def test_index_runs_as_a_real_process(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = run_cli_process("index", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == len(ARTICLES)


def test_index_leaves_a_tidy_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index_in_batches(monkeypatch, 2, merged=8)
    articles = {
        f"story-{n:02d}.md": f"# Story {n}\n\nWord{n} appears with zebra{n % 3}.\n"
        for n in range(16)
    }
    corpus = write_corpus(tmp_path, articles)
    result = broadsheet("index", "--index-dir", str(tmp_path / "ix"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "added 16" in result.stdout
    with ArticleIndex.open(corpus, tmp_path / "ix") as index:
        sizes = index.segment_sizes()
        assert sum(sizes) == 16 and len(sizes) <= 3  # eight segments of two, merged by four
        assert index.search("zebra1").total == 5
