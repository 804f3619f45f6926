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
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tutor.ui.sandbox.model_tab import FieldInput

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
            yield FieldInput(placeholder="name, enter saves; esc, k exports", id="save-name")

    def list_presets(self, presets: Sequence[Preset]) -> None:
        options = self.query_one("#presets", OptionList)
        options.add_options([Option(preset.title, id=preset.key) for preset in presets])
        options.highlighted = 0

    def list_saved(self, names: Sequence[str]) -> None:
        options = self.query_one("#saved-models", OptionList)
        options.clear_options()
        options.add_options([Option(Text(name), id=name) for name in names])
        options.highlighted = 0 if options.option_count else None
        # Empty, it would take a tab and show nothing focused: tab goes to the name instead.
        options.disabled = not options.option_count

    def explain(self, preset: Preset, changed: bool = False) -> None:
        """What a loaded preset shows, and what to change to see the remedy; `changed`: the
        model or data on screen is no longer the preset's (the remedy, perhaps, applied)."""
        self._note(
            Text.assemble(
                (preset.title, "bold"),
                (" (changed since it was loaded)" if changed else "", "italic"),
                f"\nWatch: {preset.watch}\n{preset.remedy_label}: {preset.remedy}",
            )
        )

    def explain_saved(self, name: str, epochs: int, changed: bool = False) -> None:
        """A loaded saved model in place of a preset's note, which no longer applies."""
        self._note(
            Text.assemble(
                (f"Saved model “{name}”", "bold"),
                (" (changed since it was loaded)" if changed else "", "italic"),
                f": its weights after {epochs} epoch{'s' * (epochs != 1)} of training.",
            )
        )

    def _note(self, text: Text) -> None:
        note = self.query_one("#preset-note", Static)
        note.update(text)
        # In the narrow column the note can run below the tab's bottom: bring it all in.
        self.call_after_refresh(note.scroll_visible, animate=False)
