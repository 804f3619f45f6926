"""Under-the-hood views: the engine's recorded forward pass and training step, as text.

Input is the JSON-ready data `tutor.lessons.kernel.Kernel.trace` returns (built by
`tutor.engine.trace`): nested lists of numbers. Every view is drawn for the width it is given
(at 80 columns, about 73): numbers are rounded, a matrix too wide for a line wraps its columns
into numbered blocks, and whatever a view leaves out (the middle of a tall matrix, units after
the first few) it says in words, with where to see it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

DECIMALS = 4
MAX_ROWS = 4  # rows of a matrix shown before eliding the middle
MAX_BLOCKS = 3  # blocks of columns a wide matrix wraps into before eliding the middle


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
    """A number as the right-hand factor of a product: negatives in parentheses (by the shown
    digits, so a tiny negative that rounds to 0.0000 is not "(0.0000)")."""
    text = number(value)
    return f"({text})" if text.startswith("-") else text


def signed(value: float) -> str:
    """A number added at the end of a sum: " + 0.5" or " - 0.5" (" + 0.0000" for a tiny
    negative, as `number` shows it)."""
    text = number(value)
    return f" - {text[1:]}" if text.startswith("-") else f" + {text}"


def _elide(items: list, limit: int) -> list:
    """The first and last items with None standing for the elided middle."""
    if len(items) <= limit:
        return list(items)
    head = (limit + 1) // 2
    return [*items[:head], None, *items[len(items) - (limit - head) :]]


def _left_out(numbers: list[int | None]) -> str:
    """Which numbers the None of an `_elide`d list stands for: "2 to 57", or "" if none."""
    if None not in numbers:
        return ""
    gap = numbers.index(None)
    before, after = numbers[gap - 1], numbers[gap + 1]
    assert before is not None and after is not None  # _elide keeps at least one each side
    first, last = before + 1, after - 1
    return str(first) if first == last else f"{first} to {last}"


class ByWidth:
    """A renderable drawn for the width it is given, so a view uses what the terminal has and
    says what it leaves out rather than letting lines wrap mid-number or get cut."""

    def __init__(self, draw: Callable[[int], Text]) -> None:
        self.draw = draw

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.draw(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As wide as what it draws at the width offered (a table then sizes it like Text)."""
        return Measurement.get(console, options, self.draw(options.max_width))


def matrix(values: Any, width: int) -> Text:
    """A vector or matrix as aligned columns, every column when they fit in `width`.

    Too wide for one line, the columns wrap into blocks (as NumPy prints a wide array), each
    headed by its column numbers, so column k is still unit k. Only a matrix too wide for
    MAX_BLOCKS blocks, or taller than MAX_ROWS rows, leaves numbers out: the middle rows become
    a ⋮ and the middle columns a …, and a last line says which are missing and how to see them.
    """
    rows = values if shape_of(values)[1:] else [values]
    row_numbers = _elide(list(range(len(rows))), MAX_ROWS)
    columns = len(rows[0]) if rows else 0
    cells = {r: [number(v) for v in rows[r]] for r in row_numbers if r is not None}
    cell = max((len(c) for row in cells.values() for c in row), default=1)
    per_line = max(1, (width + 1) // (cell + 1))
    column_numbers: list[int | None] = list(range(columns))
    if columns > per_line * MAX_BLOCKS:
        column_numbers = _elide(column_numbers, max(per_line - 1, 2))
    count = max(-(-len(column_numbers) // per_line), 1)  # blocks needed; columns shared evenly
    step = -(-len(column_numbers) // count)
    blocks = [column_numbers[i : i + step] for i in range(0, len(column_numbers), step)]
    text = Text()
    for block in blocks:
        if len(blocks) > 1:
            header = " ".join(("" if c is None else str(c)).rjust(cell) for c in block)
            text.append(header + "\n", style="dim")
        for r in row_numbers:
            if r is None:
                text.append("⋮".rjust(cell) + "\n")
                continue
            shown = ("…" if c is None else cells[r][c] for c in block)
            text.append(" ".join(value.rjust(cell) for value in shown) + "\n")
    missing = [
        f"{kind} {numbers}"
        for kind, numbers in (
            ("rows", _left_out(row_numbers)),
            ("columns", _left_out(column_numbers)),
        )
        if numbers
    ]
    if missing:
        text.append(
            f"({' and '.join(missing)} not shown: print it in a cell to see them)\n",
            style="dim",
        )
    text.rstrip()
    return text


def labelled(name: str, values: Any, note: str = "") -> Table:
    """`name (shape)` above its numbers, drawn for the width the view has."""
    table = Table.grid(padding=(0, 1))
    table.add_row(Text.assemble((name, "bold"), f" {shape_text(shape_of(values))}", (note, "dim")))
    table.add_row(ByWidth(lambda width: matrix(values, width)))
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


def wrapped_sum(prefix: str, tokens: list[str], width: int) -> str:
    """`prefix` then the tokens (" + 0.5×1.2", " = 0.6", ...), broken before a token that would
    pass `width`, the next line starting under the first term: a sum never breaks mid-number."""
    lines, line = [], prefix + tokens[0]
    for token in tokens[1:]:
        if len(line) + len(token) > width and line.strip():
            lines.append(line)
            line = " " * len(prefix) + token.lstrip()
        else:
            line += token
    return "\n".join([*lines, line])


def neuron_lines(layer: dict[str, Any], row: int = 0) -> ByWidth:
    """Example `row` through each unit: z = a_in · w + b, then a = g(z), with the numbers.

    Up to three inputs every term is written out, over two lines if need be; a longer sum keeps
    its first two and last terms and says how many it leaves out. More than MAX_ROWS units keep
    the first and last two, and a line names the others and where their z and a are."""
    a_in = layer["a_in"][row]
    columns = list(zip(*layer["W"], strict=True))  # unit j's weights are W[:, j]
    units = _elide(list(range(len(columns))), MAX_ROWS)
    hidden = max(len(a_in) - 3, 0)

    def tokens(unit: int) -> list[str]:
        terms = [f"{number(x)}×{factor(w)}" for x, w in zip(a_in, columns[unit], strict=True)]
        shown = [f"…{hidden} more…" if t is None else t for t in _elide(terms, 3)]
        bias = [] if layer["b"] is None else [signed(layer["b"][unit])]
        return [
            shown[0],
            *(f" - {t[1:]}" if t.startswith("-") else f" + {t}" for t in shown[1:]),
            *bias,
            f" = {number(layer['z'][row][unit])}",
        ]

    def draw(width: int) -> Text:
        text = Text()
        for unit in units:
            if unit is None:
                note = f"  ⋮ units {_left_out(units)} are not written out; see z and a below\n"
                text.append(note, style="dim")
                continue
            z, a = layer["z"][row][unit], layer["a"][row][unit]
            text.append(wrapped_sum(f"  unit {unit}: z = ", tokens(unit), width) + "\n")
            text.append(f"          a = {layer['activation']}({number(z)}) = {number(a)}\n", "bold")
        return text

    return ByWidth(draw)


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
    """predict's output and the decisions made from it: the threshold for one sigmoid column,
    the argmax for softmax probabilities or logits (one class per example)."""
    if data.get("decide") == "argmax":
        return argmax_view(data)
    return threshold_view(data)


def threshold_view(data: dict[str, Any]) -> RenderableType:
    """Probabilities, the threshold, and the 0/1 decisions, one example per row."""
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


def argmax_view(data: dict[str, Any]) -> RenderableType:
    """Softmax probabilities (from the logits, for a linear output), each row's largest in
    bold, and the argmax: the class picked, one example per row."""
    probabilities, decisions = data["probabilities"], data["decisions"]
    classes = shape_of(probabilities)[-1]
    decide = "The decision is the argmax: the class with the largest probability (highlighted)."
    parts: list[RenderableType] = []
    if data.get("logits") is not None:
        intro = (
            f"predict returns {classes} logits per example (a linear output, no softmax). "
            "Softmax turns each row into probabilities and keeps their order, so the largest "
            f"logit is the largest probability. {decide}"
        )
        parts.append(Text(intro, style="dim"))
        parts.append(labelled("logits", data["logits"], "  what predict returns"))
        title = "softmax(logits)"
    else:
        intro = (
            f"predict returns {classes} probabilities per example (a softmax output), each "
            f"row summing to 1. {decide}"
        )
        parts.append(Text(intro, style="dim"))
        title = "probabilities"
    parts.append(Text.assemble((title, "bold"), f" {shape_text(shape_of(probabilities))}"))
    parts.append(ByWidth(lambda width: argmax_rows(probabilities, decisions, width)))
    return Group(*parts)


def argmax_rows(probabilities: list[list[float]], decisions: list[int], width: int) -> Text:
    """One row per example: its probabilities, then argmax = the class picked. Four decimals
    when the row fits the width, else three or two; a row too wide even then puts the
    probabilities in numbered blocks (as `matrix` does) and the classes on a line below."""
    classes = len(probabilities[0]) if probabilities else 0
    examples = _elide(list(range(len(probabilities))), 2 * MAX_ROWS)
    label = len(str(len(probabilities) - 1))  # the example's row number
    decision = len("argmax")
    for decimals in (4, 3, 2):
        cell = decimals + 2
        if label + classes * (cell + 1) + 2 + decision <= width:
            break
    else:
        text = matrix(probabilities, width)
        chosen = ", ".join(str(d) for d in decisions)
        text.append(f"\nargmax, the class picked for each example: {chosen}", style="bold")
        return text
    text = Text()
    header = "#".rjust(label) + "".join(str(k).rjust(cell + 1) for k in range(classes))
    text.append(header + "  " + "argmax".rjust(decision) + "\n", style="bold")
    for index in examples:
        if index is None:
            text.append("⋮".rjust(label) + "\n")
            continue
        text.append(str(index).rjust(label))
        for k, p in enumerate(probabilities[index]):
            style = "bold reverse" if k == decisions[index] else ""
            text.append(" ")
            text.append(number(p, decimals).rjust(cell), style=style)
        text.append("  " + str(decisions[index]).rjust(decision) + "\n", style="bold")
    if left_out := _left_out(examples):
        text.append(f"(examples {left_out} not shown)\n", style="dim")
    text.rstrip()
    return text


VIEWS = {
    "network": lambda data: network_view(data["forward"]),
    "dense": lambda data: dense_view(data["forward"]),
    "step": lambda data: step_view(data["step"]),
    "predict": predict_view,
}


def render_trace(data: dict[str, Any]) -> RenderableType:
    return VIEWS[data["view"]](data)
