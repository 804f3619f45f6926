"""The sandbox's Model and Data tabs: the model as code and as a form (kept in sync by the
screen), the data and training choices, and each tab's check of what is chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tutor.ui.sandbox.layers_form import LayerForm
from tutor.ui.sandbox.settings import SettingsForm

if TYPE_CHECKING:
    from tutor.sandbox.config import TrainConfig
    from tutor.sandbox.spec import ModelSpec


class CodeEditor(TextArea):
    """The model's code. Escape hands the keys back to the screen; ctrl+a selects it all, so
    that a model pasted or typed next replaces the old one (home goes to the line's start)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False),
    ]
    HELP_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "", "Leave the editor"),
        Binding("tab", "", "Next field"),
        Binding("ctrl+a", "", "Select all: what you paste or type next replaces the model"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self.screen.focus_next()
            return
        await super()._on_key(event)


class ModelTab(Vertical):
    """The code editor, the model's check, and the layer form."""

    def __init__(self, code: str, spec: ModelSpec) -> None:
        super().__init__()
        self.code, self.spec = code, spec

    def compose(self) -> ComposeResult:
        yield CodeEditor.code_editor(self.code, language="python", tab_behavior="focus", id="code")
        yield Static(id="spec-status")
        yield LayerForm(self.spec, id="layers")

    def show_check(self, spec: ModelSpec, mismatch: str) -> None:
        """A valid model: its shape and the editor's keys; or why it cannot read the data."""
        if mismatch:
            text = Text(f"✗ {mismatch}", style="red")
        else:
            layers = len(spec.layers)
            text = Text.assemble(
                ("✓ ", "green"),
                f"{layers} Dense layer{'s' * (layers != 1)}, output {spec.output_units} "
                f"{spec.output_activation}. Esc leaves the editor; ctrl+a selects all; "
                "the form below edits the same model.",
            )
        self.query_one("#spec-status", Static).update(text)


class DataTab(Vertical):
    """The data and training choices, and what is wrong with them, if anything."""

    def __init__(self, config: TrainConfig) -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        yield SettingsForm(self.config, id="settings")
        yield Static(id="settings-status")

    def show_check(self, problems: list[str]) -> None:
        status = self.query_one("#settings-status", Static)
        if problems:
            status.update(Text("\n".join(problems), style="red"))
        else:
            status.update(Text("Changes take effect at the next train (t).", style="dim"))
