"""The manifest benchmark runs on a small manifest and reports both formats (no timing asserted)."""

from __future__ import annotations

import pytest

from benchmarks.manifest_load import generated_manifest, main, measure


def test_the_generated_manifest_is_shaped_like_the_corpus() -> None:
    manifest = generated_manifest(50)
    assert len(manifest.files) == len(manifest.articles) == 50
    rel, record = next(iter(manifest.files.items()))
    assert record[3] == (rel,) and manifest.articles[rel][0] == rel
    assert manifest.names


def test_both_formats_are_measured_and_reported(capsys: pytest.CaptureFixture[str]) -> None:
    result = measure(200, runs=2)
    assert {kind: len(runs) for kind, runs in result["load"].items()} == {"json": 2, "pickle": 2}
    assert main(["--articles", "200", "--runs", "1"]) == 0
    table = capsys.readouterr().out
    assert "| pickle |" in table and "| json |" in table
