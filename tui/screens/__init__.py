"""The reader's screens, one per module."""

from .copies import CopiesScreen
from .entity_browser import EntityBrowser
from .entity_panel import EntityPanel
from .help import HelpScreen
from .main import MainScreen
from .pipe_prompt import PipePrompt
from .related import RelatedScreen
from .skipped import SkippedScreen

__all__ = [
    "CopiesScreen",
    "EntityBrowser",
    "EntityPanel",
    "HelpScreen",
    "MainScreen",
    "PipePrompt",
    "RelatedScreen",
    "SkippedScreen",
]
