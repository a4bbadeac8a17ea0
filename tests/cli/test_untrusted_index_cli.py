"""`broadsheet index` and `broadsheet search` refuse an index folder others could write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import run_cli as broadsheet
from tests.helpers import write_corpus


@pytest.mark.parametrize("command", [["index"], ["search", "putin"]])
@pytest.mark.parametrize("given", ["option", "variable"])
def test_a_group_writable_index_dir_exits_2_with_what_to_do(
    command: list[str], given: str, tmp_path: Path
) -> None:
    write_corpus(tmp_path)
    folder = tmp_path / "shared-index"
    folder.mkdir()
    os.chmod(folder, 0o775)
    if given == "option":
        result = broadsheet(*command, "--index-dir", str(folder), cwd=tmp_path)
    else:
        result = broadsheet(*command, cwd=tmp_path, env={"BROADSHEET_INDEX_DIR": str(folder)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"broadsheet: not loading {folder}: the folder is writable by others")
    assert "mode 0775" in line and f"`chmod 700 {folder}`" in line
    assert result.stdout == ""
    assert os.listdir(folder) == []


def test_an_index_dir_of_another_user_exits_2(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, -1)
    result = broadsheet("index", "--index-dir", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert "belongs to nobody, not to you" in result.stderr


def test_after_chmod_700_the_same_folder_is_used(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    folder = tmp_path / "shared-index"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    assert broadsheet("index", "--index-dir", str(folder), cwd=tmp_path).returncode == 2
    os.chmod(folder, 0o700)
    result = broadsheet("index", "--index-dir", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
