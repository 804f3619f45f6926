"""The sandbox's Saved tab: the presets, the learner's saved models, and a name to save or
export under.

From 80 columns the two lists stand side by side, a loaded preset's note across the bottom;
narrower, halves would wrap every title and name, so the tab is one column that scrolls: the
presets, the note under them, then the saved models (sandbox.tcss)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from tutor.sandbox.presets import Preset


class SavedTab(Vertical):
    """Two lists (enter loads) and the name field (enter saves)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="presets-column"):
            yield Label("Presets (enter loads)", classes="heading")
            yield OptionList(id="presets")
        yield Static(id="preset-note")
        with Vertical(id="saved-column"):
            yield Label("Saved models (enter loads)", classes="heading")
            yield OptionList(id="saved-models")
            yield Input(placeholder="name, enter saves; esc, e exports", id="save-name")

    def list_presets(self, presets: Sequence[Preset]) -> None:
        options = self.query_one("#presets", OptionList)
        options.add_options([Option(preset.title, id=preset.key) for preset in presets])
        options.highlighted = 0

    def list_saved(self, names: Sequence[str]) -> None:
        options = self.query_one("#saved-models", OptionList)
        options.clear_options()
        options.add_options([Option(Text(name), id=name) for name in names])
        options.highlighted = 0 if options.option_count else None

    def explain(self, preset: Preset) -> None:
        """What a loaded preset shows, and what to change to see the remedy."""
        note = self.query_one("#preset-note", Static)
        note.update(
            Text.assemble(
                (preset.title, "bold"),
                f"\nWatch: {preset.watch}\n{preset.remedy_label}: {preset.remedy}",
            )
        )
        # In the narrow column the note can run below the tab's bottom: bring it all in.
        self.call_after_refresh(note.scroll_visible, animate=False)
