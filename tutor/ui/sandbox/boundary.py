"""What the model does to the data: the decision boundary as a character heatmap (2-D data),
or the examples it gets wrong drawn in characters (images).

The heatmap follows the TensorFlow Playground's output panel: each cell's background is the
predicted probability (orange for class 0, blue for class 1, deeper for surer), and each data
point is a glyph of its class in its class's colour, so a point on the wrong colour is a
mistake.
"""

from __future__ import annotations

from typing import ClassVar

from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from tutor.sandbox.session import Boundary, Misclassified

# Class colours (the Playground's orange and blue first), and the glyph each class's points get.
CLASS_COLOURS = [
    (245, 147, 34),
    (8, 119, 189),
    (80, 180, 80),
    (200, 80, 200),
    (220, 60, 60),
    (60, 200, 200),
    (200, 200, 60),
    (150, 110, 60),
    (150, 150, 150),
    (250, 120, 170),
]
GLYPHS = "ox23456789"
NEUTRAL = (40, 40, 40)
LEGEND_WIDTH = 20


def blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> Color:
    t = min(max(t, 0.0), 1.0)
    return Color.from_rgb(*(round(x + (y - x) * t) for x, y in zip(a, b, strict=True)))


def dim(colour: tuple[int, int, int], strength: float = 0.55) -> tuple[int, int, int]:
    red, green, blue = colour
    return round(red * strength), round(green * strength), round(blue * strength)


def cell_colour(boundary: Boundary, value: float) -> Color:
    """The background for one cell's prediction."""
    if boundary.kind == "probability":
        if value < 0.5:
            return blend(dim(CLASS_COLOURS[0]), NEUTRAL, value / 0.5)
        return blend(NEUTRAL, dim(CLASS_COLOURS[1]), (value - 0.5) / 0.5)
    if boundary.kind == "class":
        return blend(NEUTRAL, dim(CLASS_COLOURS[int(value) % len(CLASS_COLOURS)]), 0.8)
    low, high = _value_range(boundary)
    return blend(dim(CLASS_COLOURS[0]), dim(CLASS_COLOURS[1]), (value - low) / (high - low))


def _value_range(boundary: Boundary) -> tuple[float, float]:
    values = [v for row in boundary.values for v in row]
    low, high = min(values), max(values)
    return low, (high if high > low else low + 1)


def heatmap(boundary: Boundary, cursor: tuple[int, int] | None = None) -> Text:
    """The grid, one character per cell, with the data points drawn on it."""
    glyphs: dict[tuple[int, int], int] = {}
    for x, y, label in boundary.points:
        glyphs.setdefault(boundary.cell(x, y), int(label) if boundary.kind != "value" else 0)
    text = Text()
    for row, values in enumerate(boundary.values):
        for col, value in enumerate(values):
            background = cell_colour(boundary, value)
            if (row, col) == cursor:
                text.append("+", Style(color="white", bgcolor="black", bold=True))
            elif (row, col) in glyphs:
                label = glyphs[(row, col)]
                colour = Color.from_rgb(*CLASS_COLOURS[label % len(CLASS_COLOURS)])
                text.append(
                    GLYPHS[label % len(GLYPHS)], Style(color=colour, bgcolor=background, bold=True)
                )
            else:
                text.append(" ", Style(bgcolor=background))
        if row < boundary.rows - 1:
            text.append("\n")
    return text  # not `rstrip`ped: a row's trailing cells are coloured spaces


def legend(boundary: Boundary, class_names: tuple[str, ...], probe: str = "") -> Text:
    text = Text()
    if boundary.kind == "probability":
        text.append("p(class 1)\n", style="bold")
        text.append("0 ")
        for step in range(10):
            text.append(" ", Style(bgcolor=cell_colour(boundary, (step + 0.5) / 10)))
        text.append(" 1\n")
    elif boundary.kind == "value":
        low, high = _value_range(boundary)
        text.append(f"prediction\n{low:.3g} .. {high:.3g}\n", style="bold")
    else:
        text.append("predicted class\n", style="bold")
    for label, name in enumerate(class_names[: len(GLYPHS)]):
        colour = Color.from_rgb(*CLASS_COLOURS[label])
        text.append(GLYPHS[label], Style(color=colour, bold=True))
        text.append(f" {name[: LEGEND_WIDTH - 2]}\n")
    if probe:
        text.append(f"\n{probe}\n")
    text.append("\narrows move +\nenter probes it", style="dim")
    return text


class BoundaryView(Static, can_focus=True):
    """The decision boundary over the data."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,down,left,right", "", "Move the cursor", show=False),
        # The legend says "enter probes it"; the footer keeps its room for the training keys.
        Binding("enter", "probe", "Probe", show=False, id="probe-point"),
    ]

    class ProbeRequested(Message):
        """Enter on a cell: probe the model at that cell's centre."""

        def __init__(self, x: float, y: float) -> None:
            super().__init__()
            self.x, self.y = x, y

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.boundary: Boundary | None = None
        self.class_names: tuple[str, ...] = ()
        self.cursor: tuple[int, int] = (0, 0)

    def show(self, boundary: Boundary, class_names: tuple[str, ...]) -> None:
        if self.boundary is None or (boundary.rows, boundary.columns) != (
            self.boundary.rows,
            self.boundary.columns,
        ):
            self.cursor = (boundary.rows // 2, boundary.columns // 2)
        self.boundary, self.class_names = boundary, class_names
        self._draw()

    def point(self) -> tuple[float, float]:
        """The data coordinates of the cursor cell's centre."""
        assert self.boundary is not None
        (x0, x1), (y0, y1) = self.boundary.x_range, self.boundary.y_range
        row, col = self.cursor
        x = x0 + (col + 0.5) * (x1 - x0) / self.boundary.columns
        y = y1 - (row + 0.5) * (y1 - y0) / self.boundary.rows
        return x, y

    def _draw(self) -> None:
        if self.boundary is None:
            return
        row, col = self.cursor
        x, y = self.point()
        value = self.boundary.values[row][col]
        shown = f"p = {value:.3f}" if self.boundary.kind == "probability" else f"{value:.3g}"
        probe = f"+ at ({x:.2f}, {y:.2f})\n{shown}"
        grid = Text.assemble(heatmap(self.boundary, self.cursor))
        table = Text()
        lines = grid.split("\n")
        side = legend(self.boundary, self.class_names, probe).split("\n")
        for index in range(max(len(lines), len(side))):
            if index < len(lines):
                table.append_text(lines[index])
            else:
                table.append(" " * self.boundary.columns)
            if index < len(side):
                table.append("  ")
                table.append_text(side[index])
            if index < max(len(lines), len(side)) - 1:
                table.append("\n")
        self.update(table)

    def on_key(self, event: events.Key) -> None:
        moves = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
        if self.boundary is None or event.key not in moves:
            return
        event.stop()
        d_row, d_col = moves[event.key]
        row = min(max(self.cursor[0] + d_row, 0), self.boundary.rows - 1)
        col = min(max(self.cursor[1] + d_col, 0), self.boundary.columns - 1)
        self.cursor = (row, col)
        self._draw()

    def action_probe(self) -> None:
        if self.boundary is not None:
            self.post_message(self.ProbeRequested(*self.point()))


EXAMPLE_SIZE = (18, 10)  # an 8x8 image drawn 16 wide, and its gap; its caption, 8 rows, a gap


def examples_that_fit(width: int, height: int) -> tuple[int, int]:
    """(images a row, rows) of misclassified images that fit `width` x `height` characters:
    4 x 2 in the View tab at 80x24, 3 x 1 at 60x20, where 4 a row broke every line in two."""
    columns, rows = EXAMPLE_SIZE
    return max(1, (width + 2) // columns), max(1, (height + 1) // rows)


def examples_text(
    wrong: list[Misclassified], class_names: tuple[str, ...], per_row: int = 4
) -> Text:
    """Misclassified images side by side, each under its label and the model's answer."""
    if not wrong:
        return Text("No training example is misclassified right now.")
    text = Text()
    for start in range(0, len(wrong), per_row):
        group = wrong[start : start + per_row]
        captions = [
            f"#{w.index}: {_name(class_names, w.label)}→{_name(class_names, w.predicted)}"
            for w in group
        ]
        text.append("  ".join(c[:16].ljust(16) for c in captions) + "\n", style="bold")
        drawings = [w.drawing.splitlines() for w in group]
        for line in range(8):
            text.append("  ".join(d[line].ljust(16) for d in drawings) + "\n")
        text.append("\n")
    text.rstrip()
    return text


def _name(class_names: tuple[str, ...], label: int) -> str:
    return class_names[label] if 0 <= label < len(class_names) else str(label)
