"""Shown instead of a garbled layout when the terminal is too small to read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen):
    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.needed = (width, height)

    def compose(self) -> ComposeResult:
        width, height = self.needed
        yield Static(
            f"Make the terminal larger: tutor needs at least {width}×{height} "
            f"(80×24 is best). Ctrl+Q quits.",
            id="too-small",
        )
