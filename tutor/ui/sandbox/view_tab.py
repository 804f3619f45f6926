"""The sandbox's View tab: the decision boundary over 2-D data, misclassified examples for
images, or each hidden layer's unit maps in turn (m)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tutor.ui.sandbox.boundary import BoundaryView, examples_text, examples_that_fit
from tutor.ui.sandbox.units import UnitMapsView

if TYPE_CHECKING:
    from tutor.sandbox.session import Boundary, TrainingSession
    from tutor.sandbox.units import UnitMaps


class ViewTab(Vertical):
    """What the model does to the data. Keeps the latest drawing training sent, so the tab
    shows it when turned to while training runs."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hidden_layer: int | None = None  # the hidden layer whose unit maps are shown, if any
        self.maps: tuple[UnitMaps, ...] = ()  # the latest unit maps
        self.maps_boundary: Boundary | None = None  # and the boundary of the same moment

    def compose(self) -> ComposeResult:
        yield BoundaryView(id="boundary")
        yield UnitMapsView(id="units")
        yield Static(id="examples")

    def receive(self, units: tuple[UnitMaps, ...], boundary: Boundary | None) -> None:
        """The latest drawing from training (none, when a new fit begins)."""
        self.maps, self.maps_boundary = units, boundary

    def turn(self, hidden: int, here: bool) -> None:
        """m: the next hidden layer's unit maps, after the last one back to the boundary; the
        first layer's when the tab was not shown (`here` false)."""
        if self.hidden_layer is None:
            self.hidden_layer = 0
        elif here:
            self.hidden_layer = self.hidden_layer + 1 if self.hidden_layer + 1 < hidden else None

    def draw(self, session: TrainingSession | None, training: bool) -> None:
        """The boundary for 2-D data, misclassified examples for images; or a hidden layer's
        unit maps (m). While `training`, the latest drawing the worker sent."""
        boundary_view = self.query_one(BoundaryView)
        examples = self.query_one("#examples", Static)
        units = self.query_one(UnitMapsView)
        showing_units = self.hidden_layer is not None and (session is None or session.fits_data)
        units.display = showing_units
        if showing_units:
            boundary_view.display = examples.display = False
            if session is not None and not training:
                self.maps = session.unit_maps(*session.grid)
                self.maps_boundary = session.boundary(*session.grid)
            self._draw_units(session)
            return
        if session is None:
            examples.update("Train a model (t) to see what it does to the data.")
            return
        width = session.data.X.shape[1]
        if not session.fits_data:
            boundary_view.display = False
            examples.display = True
            examples.update(
                Text(
                    f"The model was declared for {session.model.input_width} features, and the "
                    f"data has {width}: there is nothing to draw. Train (t) to see the error.",
                    style="red",
                )
            )
            return
        if width == 2:  # while training, the latest the worker sent
            boundary = self.maps_boundary if training else session.boundary(*session.grid)
            if boundary is not None:
                boundary_view.show(boundary, session.data.class_names)
        elif session.is_images and not training:
            # The tab's room: the screen less the tab bar, a two-line status and the footer.
            width, height = self.screen.size
            per_row, rows = examples_that_fit(width - 2, height - 5)
            wrong = session.misclassified(per_row * rows)
            examples.update(examples_text(wrong, session.data.class_names, per_row))
        boundary_view.display = width == 2
        examples.display = not boundary_view.display
        if not boundary_view.display and not session.is_images:
            examples.update(
                f"The data has {width} features: there is no 2-D picture. "
                "Probe single inputs in the Probe tab (5)."
            )

    def _draw_units(self, session: TrainingSession | None) -> None:
        """The unit maps of the chosen hidden layer, or why there are none."""
        units = self.query_one(UnitMapsView)
        if session is None:
            units.explain(Text("Train a model (t) to see what its hidden units do over the plane."))
            return
        hidden = len(session.model.layers) - 1
        width = session.data.X.shape[1]
        if width != 2:
            units.explain(
                Text(
                    f"Unit maps need 2 features. Each tile colours the plane of (x1, x2) by one "
                    f"unit's output, and {session.data.name} has {width} features"
                    f"{', one per pixel' if session.is_images else ''}: there is no plane to "
                    "colour.\n\nThe Probe tab (5) shows every unit's output for one input; "
                    "m goes back."
                )
            )
            return
        if hidden == 0:
            units.explain(
                Text(
                    "This model has no hidden layer: its one Dense layer is the output, so there "
                    "are no units to map, and the boundary (m) is all there is: one Dense layer "
                    "draws straight boundaries.\n\nAdd a layer in the Model tab (1, then a) and "
                    "train again to see units combine."
                )
            )
            return
        layer = self.hidden_layer
        if layer is None:  # drawn only while a layer's unit maps are shown
            return
        self.hidden_layer = layer = min(layer, hidden - 1)
        if len(self.maps) == hidden:  # none yet while a new session starts
            units.show(self.maps[layer], self.maps_boundary, hidden)
