"""What each hidden unit responds to: a small heatmap per unit of one hidden layer, over the same
plane as the decision boundary, and the boundary itself as the last tile.

As in the TensorFlow Playground, a learner sees the pieces (each first-layer unit is one line,
a ramp or a soft step across the plane) and what the layers after them combine them into. Each
tile row holds two rows of the grid (the upper half block's colour over its background), so the
tiles stay small enough for a row of them to fit 80 columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.color import Color
from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tutor.sandbox.session import Boundary
from tutor.sandbox.units import UnitMaps, sample_cells
from tutor.ui.sandbox.boundary import CLASS_COLOURS, NEUTRAL, blend, cell_colour, dim

TILE_MAX_ROWS = 6
TILE_MIN_ROWS = 2
TILE_ASPECT = 3  # columns per tile row: a row is two grid rows, a character about twice as tall
HALF_BLOCK = "▀"
SCALE_STEPS = 10
STRENGTH = 0.85  # brighter than the boundary's background: a tile has no points to show over it


def level_colour(level: float) -> Color:
    """-1..1 as the boundary colours probabilities 0..1: orange, then grey at 0, then blue."""
    if level < 0:
        return blend(dim(CLASS_COLOURS[0], STRENGTH), NEUTRAL, 1 + level)
    return blend(NEUTRAL, dim(CLASS_COLOURS[1], STRENGTH), level)


def _scale(maps: UnitMaps) -> tuple[str, str]:
    """The words at the two ends of the colour bar."""
    if maps.bounded:
        return f"{maps.centre - maps.reach()[0]:g}", f"{maps.centre + maps.reach()[0]:g}"
    if maps.activation == "relu":
        return "0", "its largest (≤ on the tile)"
    return "-r", "+r (±r on the tile)"


def _label(maps: UnitMaps, unit: int, flat: bool, reach: float) -> str:
    if flat:
        return f"{unit + 1} flat"
    if maps.bounded:
        return f"{unit + 1}"
    return f"{unit + 1} {'≤' if maps.activation == 'relu' else '±'}{reach:.2g}"


@dataclass(frozen=True)
class TileLayout:
    """Tiles `width` characters wide and `rows` rows tall (under a label), `per_row` side by side;
    `shown` of them fit (all, unless even the smallest tiles are too many)."""

    width: int
    rows: int
    per_row: int
    shown: int


def tile_layout(count: int, width: int, height: int) -> TileLayout:
    """The largest tiles of which `count` fit in `width` x `height` characters."""
    for rows in range(TILE_MAX_ROWS, TILE_MIN_ROWS, -1):
        tile_width, per_row, bands = _tile_grid(rows, width, height)
        if per_row * bands >= count:
            return TileLayout(tile_width, rows, per_row, count)
    tile_width, per_row, bands = _tile_grid(TILE_MIN_ROWS, width, height)
    return TileLayout(tile_width, TILE_MIN_ROWS, per_row, min(count, per_row * bands))


def _tile_grid(rows: int, width: int, height: int) -> tuple[int, int, int]:
    """The width of tiles `rows` tall, how many fit side by side, and how many bands of them."""
    tile_width = max(1, min(TILE_ASPECT * rows, width))
    per_row = max(1, (width + 1) // (tile_width + 1))
    bands = max(1, height // (rows + 1))
    return tile_width, per_row, bands


def unit_tiles(
    maps: UnitMaps, boundary: Boundary | None, layers: int, width: int, height: int
) -> Text:
    """Layer `maps.layer`'s units as tiles (and the model's output last) in width x height,
    under two lines saying which layer this is and what the colours mean (and a third saying
    which units are shown, when not all fit)."""
    heading = Text()
    heading.append(f"Hidden layer {maps.layer + 1} of {layers}", style="bold")
    heading.append(f" ({maps.name}): {maps.units} {maps.activation} units\n")
    low, high = _scale(maps)
    heading.append(f"{low} ")
    start = 0 if maps.activation == "relu" else -1
    for step in range(SCALE_STEPS):
        level = start + (1 - start) * (step + 0.5) / SCALE_STEPS
        heading.append(" ", Style(bgcolor=level_colour(level)))
    heading.append(f" {high}")
    following = f"layer {maps.layer + 2}" if maps.layer + 1 < layers else "the boundary"
    heading.append(f" · m: {following}")
    with_output = int(boundary is not None)
    layout = tile_layout(maps.units + with_output, width, height - 2)
    if layout.shown < maps.units + with_output:  # say so, on a third line
        layout = tile_layout(maps.units + with_output, width, height - 3)
    units = max(1, min(maps.units, layout.shown - with_output))
    if units < maps.units:
        heading.append(f"\nUnits 1-{units} of {maps.units} shown: a larger window shows more.")
    cells = (2 * layout.rows, layout.width)
    levels = sample_cells(maps.levels(), *cells)
    flat, reach = maps.flat(), maps.reach()
    pictures = [
        (
            _label(maps, unit, bool(flat[unit]), float(reach[unit])),
            [list(map(level_colour, row)) for row in levels[unit]],
        )
        for unit in range(units)
    ]
    if boundary is not None:
        values = sample_cells(np.asarray(boundary.values), *cells)
        if boundary.kind == "probability":
            colours = [[level_colour(2 * p - 1) for p in row] for row in values]
        else:
            colours = [[cell_colour(boundary, v) for v in row] for row in values]
        pictures.append(("output", colours))
    text = heading
    for start_at in range(0, len(pictures), layout.per_row):
        band = pictures[start_at : start_at + layout.per_row]
        text.append("\n")
        text.append(" ".join(label[: layout.width].ljust(layout.width) for label, _ in band))
        for row in range(layout.rows):
            text.append("\n")
            for index, (_, colours) in enumerate(band):
                if index:
                    text.append(" ")
                for top, bottom in zip(colours[2 * row], colours[2 * row + 1], strict=True):
                    text.append(HALF_BLOCK, Style(color=top, bgcolor=bottom))
    text.no_wrap = True
    return text


class UnitMapsView(Widget):
    """The unit maps of one hidden layer, laid out anew for the space the View tab has; or,
    when there is nothing to map, why."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.maps: UnitMaps | None = None
        self.boundary: Boundary | None = None
        self.hidden_layers = 0
        self.note: Text | None = None

    def show(self, maps: UnitMaps, boundary: Boundary | None, layers: int) -> None:
        self.maps, self.boundary, self.hidden_layers, self.note = maps, boundary, layers, None
        self.refresh()

    def explain(self, note: Text) -> None:
        self.note = note
        self.refresh()

    def render(self) -> RenderableType:
        if self.note is not None:
            return self.note
        if self.maps is None:
            return Text("")
        return unit_tiles(self.maps, self.boundary, self.hidden_layers, *self.size)
