"""The model as a form: one row per Dense layer, edited with keys, kept in sync with the code."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tutor.sandbox.spec import ACTIVATIONS, MAX_LAYERS, MAX_UNITS, LayerSpec, ModelSpec

NEW_LAYER = LayerSpec(8, "relu")


class LayerForm(Static, can_focus=True):
    """The layers form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Previous layer", show=False),
        Binding("down", "move(1)", "Next layer", show=False),
        # Its hint line names these, so the footer keeps its 60 columns for the training keys.
        Binding("a", "add", "Add", show=False, id="add-layer"),
        Binding("d,delete", "remove", "Remove", show=False, id="remove-layer"),
        Binding("plus,equals_sign", "units(1)", "Units +1", show=False),
        Binding("minus", "units(-1)", "Units -1", show=False),
        Binding("right_square_bracket", "scale(2)", "Units x2", show=False),
        Binding("left_square_bracket", "scale(0.5)", "Units /2", show=False),
        Binding("right", "activation(1)", "Next activation", show=False),
        Binding("left", "activation(-1)", "Previous activation", show=False),
    ]

    class Edited(Message):
        """The learner changed the model through the form."""

        def __init__(self, spec: ModelSpec) -> None:
            super().__init__()
            self.spec = spec

    def __init__(self, spec: ModelSpec, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec = spec
        self.selected = len(spec.layers) - 1

    def on_mount(self) -> None:
        self._draw()

    def show(self, spec: ModelSpec, loaded: bool = False) -> None:
        """Show a spec that came from the code (no Edited message: the code is the source).
        A `loaded` model (a preset, a saved model) is another model, not an edit of this one:
        its output layer is selected, as when the form first opens."""
        self.spec = spec
        last = len(spec.layers) - 1
        self.selected = last if loaded else min(self.selected, last)
        self._draw()

    def _draw(self) -> None:
        text = Text()
        if self.spec.input_width:
            text.append(f"   Input      {self.spec.input_width} features\n", style="dim")
        names = self.spec.layer_names()
        for index, (layer, name) in enumerate(zip(self.spec.layers, names, strict=True)):
            marker = "▶" if index == self.selected else " "
            line = f"{marker} {name[:9]:<9} {layer.units:>5} units  {layer.activation:<8}"
            style = "reverse" if index == self.selected and self.has_focus else ""
            text.append(line, style=style)
            text.append("\n")
        text.append(
            "↑↓ layer  ←→ activation  +/- units  [ ] halve/double  a add  d remove",
            style="dim",
        )
        self.update(text)
        if self.has_focus:
            self.call_after_refresh(self._scroll_to_selected)

    def _scroll_to_selected(self) -> None:
        """In a tab too short for the whole form (a deep model, or 60x20), the tab scrolls so
        that the selected layer's row, and the hint under the last, are in view."""
        row = self.selected + bool(self.spec.input_width)  # below the Input line, if any
        last = self.selected == len(self.spec.layers) - 1
        height = self.size.height - row if last else 1  # the last: its row and the hint
        tab = self.parent
        if isinstance(tab, Widget):
            tab.scroll_to_region(Region(0, self.virtual_region.y + row, 1, height), animate=False)

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self._draw()

    def _edit(self, spec: ModelSpec) -> None:
        self.spec = spec
        self._draw()
        self.post_message(self.Edited(spec))

    def action_move(self, step: int) -> None:
        self.selected = min(max(self.selected + step, 0), len(self.spec.layers) - 1)
        self._draw()

    def action_add(self) -> None:
        """A new hidden layer after the selected one (before the output when the output is
        selected, so the output layer stays last)."""
        if len(self.spec.layers) >= MAX_LAYERS:
            self.notify(f"A model has at most {MAX_LAYERS} Dense layers.", severity="warning")
            return
        at = min(self.selected + 1, len(self.spec.layers) - 1)
        self.selected = at
        self._edit(self.spec.inserting(at, NEW_LAYER))

    def action_remove(self) -> None:
        if len(self.spec.layers) == 1:
            self.notify("A model needs at least one Dense layer.", severity="warning")
            return
        spec = self.spec.without_layer(self.selected)
        self.selected = min(self.selected, len(spec.layers) - 1)
        self._edit(spec)

    def _set_units(self, units: int) -> None:
        layer = self.spec.layers[self.selected]
        units = min(max(units, 1), MAX_UNITS)
        self._edit(self.spec.with_layer(self.selected, replace(layer, units=units)))

    def action_units(self, step: int) -> None:
        self._set_units(self.spec.layers[self.selected].units + step)

    def action_scale(self, factor: float) -> None:
        self._set_units(round(self.spec.layers[self.selected].units * factor))

    def action_activation(self, step: int) -> None:
        layer = self.spec.layers[self.selected]
        current = ACTIVATIONS.index(layer.activation)
        activation = ACTIVATIONS[(current + step) % len(ACTIVATIONS)]
        self._edit(self.spec.with_layer(self.selected, replace(layer, activation=activation)))
