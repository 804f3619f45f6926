"""Asking before the solution is shown: giving up is allowed, and recorded."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.ui.footer import TutorFooter


class GiveUpScreen(ModalScreen[bool]):
    """y shows the solution, n or escape goes back to the exercise."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "decide(True)", "Show the solution", id="give-up-yes"),
        Binding("n,escape", "decide(False)", "Keep trying", id="give-up-no"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.exercise_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="give-up"):
            yield Static(Text(f"Show the solution to “{self.exercise_title}”?", style="bold"))
            yield Static(
                "Your progress will note that you saw it first. You can still check your own "
                "code afterwards, and passing then counts as a pass."
            )
            yield Static("[b]y[/b] show it    [b]n[/b] / [b]escape[/b] keep trying")
        yield TutorFooter(join_keys=True)  # its keys, not the exercise's beneath

    def action_decide(self, give_up: bool) -> None:
        self.dismiss(give_up)
