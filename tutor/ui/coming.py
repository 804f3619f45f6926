"""What a mode shows before its feature has landed: a plain statement, not a fake screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ComingScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "app.switch_mode('learn')", "Home")
    ]

    def __init__(self, feature: str) -> None:
        super().__init__()
        self.feature = feature

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(), Center():
            yield Static(
                f"{self.feature} is coming: this version of tutor does not have it yet.\n\n"
                "Press h or Escape to go back to the lessons.",
                id="coming",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.feature
