"""Under-the-hood views: the engine's recorded forward pass and training step, as text.

Input is the JSON-ready data `tutor.lessons.kernel.Kernel.trace` returns (built by
`tutor.engine.trace`): nested lists of numbers. Everything here fits 80 columns: numbers are
rounded, and big matrices show their corners with an ellipsis and their full shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

DECIMALS = 4
MAX_ROWS = 4  # rows and columns of a matrix shown before eliding the middle
MAX_COLS = 5


def shape_of(values: Any) -> tuple[int, ...]:
    shape: list[int] = []
    while isinstance(values, list):
        shape.append(len(values))
        values = values[0] if values else None
    return tuple(shape)


def shape_text(shape: Sequence[int]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def number(value: float, decimals: int = DECIMALS) -> str:
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text  # no "-0.0000"


def factor(value: float) -> str:
    """A number as the right-hand factor of a product: negatives in parentheses."""
    return f"({number(value)})" if value < 0 else number(value)


def signed(value: float) -> str:
    """A number added at the end of a sum: " + 0.5" or " - 0.5"."""
    return f" - {number(-value)}" if value < 0 else f" + {number(value)}"


def _elide(items: list, limit: int) -> list:
    """The first and last items with None standing for the elided middle."""
    if len(items) <= limit:
        return list(items)
    head = (limit + 1) // 2
    return [*items[:head], None, *items[len(items) - (limit - head) :]]


def matrix(values: Any) -> Text:
    """A vector or matrix as aligned columns; big ones keep their corners around an ellipsis."""
    rows = values if shape_of(values)[1:] else [values]
    shown = [None if row is None else _elide(row, MAX_COLS) for row in _elide(rows, MAX_ROWS)]
    cells = [
        None if row is None else ["…" if v is None else number(v) for v in row] for row in shown
    ]
    width = max((len(cell) for row in cells if row for cell in row), default=1)
    lines = []
    for row in cells:
        if row is None:
            lines.append("⋮".rjust(width))
        else:
            lines.append(" ".join(cell.rjust(width) for cell in row))
    return Text("\n".join(lines))


def labelled(name: str, values: Any, note: str = "") -> Table:
    """`name (shape)` above its numbers."""
    table = Table.grid(padding=(0, 1))
    table.add_row(Text.assemble((name, "bold"), f" {shape_text(shape_of(values))}", (note, "dim")))
    table.add_row(matrix(values))
    return table


def network_view(forward: dict[str, Any]) -> RenderableType:
    """x → each layer (units, activation, W and b) → output, the shapes on the arrows: what
    `Sequential` does is `a1 = dense(x); a2 = dense_1(a1)`, written out."""
    layers = forward["layers"]
    text = Text()
    text.append("x".ljust(18), style="bold")
    text.append(f"the input {shape_text(shape_of(layers[0]['a_in']))}\n  │\n")
    previous = "x"
    for index, layer in enumerate(layers, start=1):
        units = shape_of(layer["W"])[1]
        weights = shape_of(layer["W"])
        count = weights[0] * weights[1]
        parts = f"W {shape_text(weights)}"
        if layer["b"] is not None:
            parts += f", b {shape_text(shape_of(layer['b']))}"
            count += units
        name = f"a{index}"
        text.append("  ▼\n")
        text.append(f"{name} = {layer['name']}({previous})".ljust(18), style="bold")
        text.append(f"Dense({units}, activation={layer['activation']!r})\n")
        text.append("  │".ljust(18) + f"{parts}: {count} parameters\n", style="dim")
        text.append(f"  │ {name} {shape_text(shape_of(layer['a']))}\n")
        previous = name
    text.append("  ▼\n")
    text.append("output".ljust(18), style="bold")
    text.append(f"{previous}, the prediction {shape_text(shape_of(layers[-1]['a']))}")
    return text


def neuron_lines(layer: dict[str, Any], row: int = 0) -> Text:
    """Example `row` through each unit: z = a_in · w + b, then a = g(z), with the numbers."""
    a_in = layer["a_in"][row]
    columns = list(zip(*layer["W"], strict=True))  # unit j's weights are W[:, j]
    text = Text()
    for unit in _elide(list(range(len(columns))), MAX_ROWS):
        if unit is None:
            text.append("  ⋮\n")
            continue
        terms = [f"{number(x)}×{factor(w)}" for x, w in zip(a_in, columns[unit], strict=True)]
        shown = ["…" if t is None else t for t in _elide(terms, 3)]
        bias = "" if layer["b"] is None else signed(layer["b"][unit])
        z, a = layer["z"][row][unit], layer["a"][row][unit]
        text.append(f"  unit {unit}: z = {' + '.join(shown)}{bias} = {number(z)}\n")
        text.append(f"          a = {layer['activation']}({number(z)}) = {number(a)}\n", "bold")
    return text


def dense_view(forward: dict[str, Any]) -> RenderableType:
    """Each layer with numbers: one example unit by unit, then the whole batch as matrices."""
    parts: list[RenderableType] = []
    for layer in forward["layers"]:
        m = shape_of(layer["a_in"])[0]
        parts.append(
            Text.assemble(
                (f"{layer['name']}", "bold underline"), f": activation g = {layer['activation']}"
            )
        )
        parts.append(Text("One example (row 0), each unit a neuron g(w·x + b):", style="dim"))
        parts.append(neuron_lines(layer))
        parts.append(Text(f"The batch of {m} at once, z = a_in @ W + b:", style="dim"))
        parts.append(labelled("a_in", layer["a_in"], "  one example per row"))
        parts.append(labelled("W", layer["W"], "  one column per unit"))
        if layer["b"] is None:
            parts.append(labelled("z", layer["z"], "  = a_in @ W  (no bias)"))
        else:
            parts.append(labelled("b", layer["b"]))
            parts.append(labelled("z", layer["z"], "  = a_in @ W + b"))
        parts.append(labelled("a", layer["a"], f"  = {layer['activation']}(z)"))
        parts.append(Text(""))
    return Group(*parts)


def step_view(step: dict[str, Any]) -> RenderableType:
    """One training step: the batch loss, then each weight's gradient and the update applied."""
    parts: list[RenderableType] = [
        Text.assemble(
            ("loss ", "bold"),
            number(step["loss"]),
            (f"  on this batch; {step['optimizer']} step {step['step']}", "dim"),
        ),
        Text("Each weight moves by its update: after = before + update.", style="dim"),
    ]
    for weight in step["weights"]:
        parts.append(Text(""))
        parts.append(Text(weight["name"], style="bold underline"))
        parts.append(labelled("gradient", weight["gradient"], "  ∂loss/∂" + weight["name"]))
        parts.append(labelled("update", weight["update"]))
    return Group(*parts)


def predict_view(data: dict[str, Any]) -> RenderableType:
    """predict's probabilities, the threshold, and the 0/1 decisions, one example per row."""
    threshold = data["threshold"]
    table = Table(box=None, padding=(0, 2), header_style="bold")
    table.add_column("example", justify="right")
    table.add_column("probability", justify="right")
    table.add_column(f"≥ {threshold:g}?", justify="center")
    table.add_column("decision", justify="right")
    rows = list(zip(data["probabilities"], data["decisions"], strict=True))
    for index in _elide(list(range(len(rows))), 2 * MAX_ROWS):
        if index is None:
            table.add_row("⋮", "⋮", "", "⋮")
            continue
        probabilities, decisions = rows[index]
        table.add_row(
            str(index),
            " ".join(number(p) for p in probabilities),
            " ".join("yes" if p >= threshold else "no" for p in probabilities),
            " ".join(str(int(d)) for d in decisions),
        )
    return table


VIEWS = {
    "network": lambda data: network_view(data["forward"]),
    "dense": lambda data: dense_view(data["forward"]),
    "step": lambda data: step_view(data["step"]),
    "predict": predict_view,
}


def render_trace(data: dict[str, Any]) -> RenderableType:
    return VIEWS[data["view"]](data)
