"""Pilot tests: the user's `[keys]`, shown the same in the footer, help and palette; Ctrl+L."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tests.helpers import ready, wait_until
from tui.app import BroadsheetApp, binding_ids
from tui.core.config import Config, KeyChoice, load_config
from tui.keymap import bindings_of, check_keymap, key_is_valid
from tui.screens import HelpScreen, MainScreen
from tui.screens.help import help_texts
from tui.widgets import ArticleList, ReaderPane, SearchBox

SIZE = (130, 40)


def app_with_config(corpus: Path, tmp_path: Path, toml: str) -> tuple[BroadsheetApp, list[str]]:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    config, problems = load_config(path)
    app = BroadsheetApp(
        corpus,
        tmp_path / "index",
        config=config,
        state_path=tmp_path / "state" / "state.json",
        config_problems=problems,
    )
    return app, problems


def footer_keys(app: BroadsheetApp) -> dict[str, str]:
    """Footer description -> the key it shows."""
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


def help_text(app: BroadsheetApp) -> str:
    return "\n".join(str(static.content) for static in app.screen.query(Static))


def help_row(app: BroadsheetApp, description: str) -> str:
    return next(line for line in help_text(app).splitlines() if line.endswith(description))


async def test_a_remapped_key_works_and_the_old_one_no_longer_does(
    corpus: Path, tmp_path: Path
) -> None:
    app, problems = app_with_config(
        corpus, tmp_path, '[keys]\n"main.help" = "f1"\nmain.bookmark = "ctrl+b"\n'
    )
    assert problems == []
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is app.main_screen
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_footer_help_and_palette_show_the_users_keys(corpus: Path, tmp_path: Path) -> None:
    app, _ = app_with_config(corpus, tmp_path, '[keys]\nmain.help = "f1"\nmain.sort = "ctrl+t,S"\n')
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause()
        shown = footer_keys(app)
        assert shown["Help"] == "f1" and shown["Sort"] == "^t"
        titles = [command.help for command in app.get_system_commands(app.main_screen)]
        assert "Help (f1)" in titles and any(t.startswith("Sort (^t / S") for t in titles)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert help_row(app, "this help").split() == ["f1", "this", "help"]
        assert help_row(app, "(and relevance while searching)").split()[:3] == ["^t", "/", "S"]


async def test_help_lists_every_binding_of_the_reader(corpus: Path, tmp_path: Path) -> None:
    app, _ = app_with_config(corpus, tmp_path, "")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        text = help_text(app)
        for binding in bindings_of(MainScreen, ArticleList, ReaderPane, SearchBox, BroadsheetApp):
            assert help_texts().get(binding.id or "", binding.description) in text, binding.id
        assert help_row(app, "shows its output").split()[:3] == ["|", "pipe", "the"]
        assert help_row(app, "wrote over it)").split()[0] == "^l"


def test_help_texts_name_only_real_bindings() -> None:
    assert set(help_texts()) <= binding_ids()


async def test_bad_entries_are_reported_with_their_line_and_the_default_applies(
    corpus: Path, tmp_path: Path
) -> None:
    app, problems = app_with_config(
        corpus,
        tmp_path,
        '# my keys\n[keys]\nmain.help = "ctrl+nothing"\nmain.nonsense = "x"\n'
        'main.bookmark = 5\nmain.sort = "ctrl+t"\n',
    )
    assert problems == [
        "config line 5: [keys] 'main.bookmark' should be a string of keys, "
        'such as "ctrl+o" or "o,f2"; the default applies'
    ]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        messages = [n.message for n in app._notifications]
        assert any("line 5" in m and "'main.bookmark'" in m for m in messages)  # the config's
        assert any("line 3" in m and "'ctrl+nothing'" in m for m in messages)
        assert any("line 4" in m and "'main.nonsense' is not a binding id" in m for m in messages)
        await pilot.press("question_mark")  # main.help keeps its default
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        assert footer_keys(app)["Sort"] == "^t"  # the good entry still applies


def test_every_binding_has_an_id_a_keymap_can_name() -> None:
    assert {"main.search", "main.pipe", "main.open_original", "app.redraw", "list.open"} <= (
        binding_ids()
    )


async def test_ctrl_l_repaints_the_whole_screen(corpus: Path, tmp_path: Path) -> None:
    app, _ = app_with_config(corpus, tmp_path, "")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause()
        painted: list[bool] = []
        screen = app.screen
        original = screen.refresh

        def spy(*regions: object, **options: bool) -> object:
            painted.append(options.get("repaint", True) and not regions)
            return original(*regions, **options)  # type: ignore[arg-type]

        screen.refresh = spy  # type: ignore[method-assign]
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert any(painted)


def test_mouse_setting_defaults_on() -> None:
    assert Config().mouse is True


def test_keys_textual_knows_are_valid_and_others_are_not() -> None:
    for key in ("f1", "ctrl+o", "?", "|", "question_mark", "vertical_line", "shift+tab", "G"):
        assert key_is_valid(key), key
    for key in ("ctrl+nothing", "hyperdrive", "ctl+o", "", "ctrl+", " "):
        assert not key_is_valid(key), key


def test_check_keymap_keeps_good_entries_and_names_the_bad() -> None:
    keymap, problems = check_keymap(
        [
            KeyChoice("main.pipe", "ctrl+o, |", line=2),
            KeyChoice("main.nope", "x", line=3),
            KeyChoice("main.help", "f1,bogus", line=4),
        ],
        {"main.pipe", "main.help"},
    )
    assert keymap == {"main.pipe": "ctrl+o,vertical_line"}
    assert problems[0].startswith("config line 3: [keys] 'main.nope' is not a binding id")
    assert problems[1].startswith("config line 4: [keys] 'main.help': 'bogus' is not a key")


def test_the_readme_names_every_binding_id() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = sorted(binding_id for binding_id in binding_ids() if f"`{binding_id}`" not in readme)
    assert missing == []
