"""The user's config file: read when present, problems reported, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.config import Config, KeyChoice, animation_level, load_config
from tui.core.paths import config_file, corpus_id, index_dir, state_file


def test_missing_config_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "config.toml") == (Config(), [])


def test_config_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('entities = "spacy"\nday_first = true\ntheme = "nord"\n')
    assert load_config(path) == (Config(entities="spacy", day_first=True, theme="nord"), [])


def test_bad_config_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("entities = [\n")
    config, problems = load_config(path)
    assert config == Config() and "ignored" in problems[0]


def test_wrong_type_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("day_first = 'yes'\n")
    assert load_config(path)[1] == ["config: 'day_first' should be a bool"]


def test_folders_follow_xdg_variables(isolated_user_dirs: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    assert index_dir(corpus).is_relative_to(isolated_user_dirs / "xdg_cache_home")
    assert state_file(corpus).is_relative_to(isolated_user_dirs / "xdg_data_home")
    assert config_file().is_relative_to(isolated_user_dirs / "xdg_config_home")


def test_index_dir_override_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_INDEX_DIR", str(tmp_path / "env"))
    assert index_dir(tmp_path) == tmp_path / "env"
    assert index_dir(tmp_path, tmp_path / "flag") == tmp_path / "flag"


def test_corpus_id_is_stable_and_distinct(tmp_path: Path) -> None:
    assert corpus_id(tmp_path / "a") == corpus_id(tmp_path / "a")
    assert corpus_id(tmp_path / "a") != corpus_id(tmp_path / "b" / "a")
    assert corpus_id(tmp_path / "news").startswith("news-")


@pytest.mark.parametrize(("value", "width"), [("72", 72), ("0", 0)])
def test_reading_width_is_read(tmp_path: Path, value: str, width: int) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"reading_width = {value}\n")
    assert load_config(path) == (Config(reading_width=width), [])


@pytest.mark.parametrize("value", ["-5", "true", '"wide"'])
def test_a_bad_reading_width_is_reported_and_the_default_kept(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"reading_width = {value}\n")
    config, problems = load_config(path)
    assert config.reading_width == 80 and "reading_width" in problems[0]


def test_keys_table_is_read_with_the_line_of_each_entry(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('mouse = false\n\n[keys]\n"main.help" = "f1"\nmain.pipe = "ctrl+o,|"\n# end\n')
    config, problems = load_config(path)
    assert problems == [] and config.mouse is False
    assert config.keys == (
        KeyChoice("main.help", "f1", line=4),
        KeyChoice("main.pipe", "ctrl+o,|", line=5),
    )


def test_a_key_that_is_not_a_string_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nmain.help = "f1"\nmain.sort = ["s"]\n')
    config, problems = load_config(path)
    assert config.keys == (KeyChoice("main.help", "f1", line=2),)
    assert problems[0].startswith("config line 3: [keys] 'main.sort' should be a string")


def test_keys_that_are_not_a_table_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('keys = "f1"\n')
    config, problems = load_config(path)
    assert config.keys == () and "'keys' should be a table" in problems[0]


def test_mouse_must_be_true_or_false(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('mouse = "off"\n')
    assert load_config(path) == (Config(), ["config: 'mouse' should be a bool"])


def test_animations_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('animations = "basic"\n')
    assert load_config(path) == (Config(animations="basic"), [])


def test_unknown_animation_level_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('animations = "smooth"\n')
    config, problems = load_config(path)
    assert config.animations is None
    assert problems == ['config: \'animations\' should be "none", "basic" or "full"']


@pytest.mark.parametrize("variable", ["SSH_CONNECTION", "SSH_TTY"])
def test_animations_are_off_over_ssh(variable: str) -> None:
    assert animation_level(Config(), {variable: "10.0.0.1 5000 10.0.0.2 22"}) == "none"


def test_animations_are_full_on_a_local_terminal() -> None:
    assert animation_level(Config(), {"TERM": "xterm-256color"}) == "full"


def test_config_chooses_animations_over_ssh() -> None:
    assert animation_level(Config(animations="full"), {"SSH_TTY": "/dev/pts/3"}) == "full"


def test_textual_animations_variable_wins_over_config() -> None:
    environ = {"TEXTUAL_ANIMATIONS": "BASIC", "SSH_TTY": "/dev/pts/3"}
    assert animation_level(Config(animations="full"), environ) == "basic"
