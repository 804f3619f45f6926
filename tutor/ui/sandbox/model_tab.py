"""The sandbox's Model and Data tabs: the model as code and as a form (kept in sync by the
screen), the data and training choices, and each tab's check of what is chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.widgets import Input, Static, Tabs, TextArea

from tutor.ui.escape_keys import leave_then_key
from tutor.ui.sandbox.layers_form import LayerForm
from tutor.ui.sandbox.settings import SettingsForm

if TYPE_CHECKING:
    from tutor.sandbox.config import TrainConfig
    from tutor.sandbox.spec import ModelSpec, SpecError


# The keys the code editor takes over from TextArea's.
_OWN_KEYS = ("ctrl+a", "f5", "f6", "f7", "f8")


def _text_area_bindings() -> list[Binding]:
    """TextArea's bindings as Textual merges them (a subclass's key replaces its base's: home
    moves the cursor, not the scroll), less the keys the code editor takes over."""
    merged: dict[str, list[Binding]] = {}
    for cls in (ScrollableContainer, TextArea):
        own: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(cls.BINDINGS):
            own.setdefault(binding.key, []).append(binding)
        merged.update(own)
    return [b for key, bindings in merged.items() if key not in _OWN_KEYS for b in bindings]


class CodeEditor(TextArea, inherit_bindings=False):
    """The model's code. Escape hands the keys back to the screen (to the form below), as does
    escape quickly followed by a key, which then does that key; ctrl+a selects it all, so that a
    model pasted or typed next replaces the old one (home goes to the line's start). f5-f8 train,
    pause, step and stop here as everywhere in the sandbox: TextArea's f6 (select the line) and
    f7 (select all, which ctrl+a does) give way, as letters type here. Its bindings are listed
    whole, not inherited, so that the footer shows f5-f8 in order (an inherited key keeps its
    place, and f6 and f7 would come first)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "screen.train", "Train"),
        Binding("f6", "screen.pause", "Pause"),
        Binding("f7", "screen.step", "Step"),
        Binding("f8", "screen.stop", "Stop"),
        Binding("ctrl+a", "select_all", "Select all", show=False),
        *_text_area_bindings(),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self.leave()
            return
        if leave_then_key(self, event, self.leave):
            return
        await super()._on_key(event)

    def leave(self) -> None:
        """To the form below, or the tab bar while the form is hidden (code that is refused)."""
        form = self.screen.query_one(LayerForm)
        (form if form.display else self.screen.query_one(Tabs)).focus()


class FieldInput(Input):
    """A one-line field (the probe's inputs, a model's name): escape leaves it for the tab bar
    (the screen's binding); escape quickly followed by a key leaves it and does the key, so
    that "escape, 4" opens the View tab rather than typing a ¢."""

    async def _on_key(self, event: events.Key) -> None:
        if leave_then_key(self, event, self.screen.query_one(Tabs).focus):
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

    def refuse(self, error: SpecError) -> None:
        """Code that does not read as a model: why, in full, with the form out of the way (it
        could only edit the last model that read, and would replace the code being typed)."""
        self.add_class("-refused")
        self.query_one("#spec-status", Static).update(Text(str(error), style="red"))

    def show_check(self, spec: ModelSpec, mismatch: str) -> None:
        """A valid model: its shape and the editor's keys; or why it cannot read the data."""
        self.remove_class("-refused")
        if mismatch:
            text = Text(f"✗ {mismatch}", style="red")
        else:
            layers = len(spec.layers)
            text = Text.assemble(
                ("✓ ", "green"),
                f"{layers} Dense layer{'s' * (layers != 1)}, output {spec.output_units} "
                f"{spec.output_activation}. e edits the code (esc leaves it); the form below "
                "edits the same model.",
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
