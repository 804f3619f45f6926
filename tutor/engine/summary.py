"""`model.summary()`: the table Keras prints (layer, output shape, parameter count, totals)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# Keras draws 84 columns wide; 65 keeps the table inside an 80-column terminal, with the column
# ends (fractions of the width) moved so that "Param #" still fits "0 (unbuilt)".
DEFAULT_LINE_LENGTH = 65
DEFAULT_POSITIONS = (0.45, 0.75, 1.0)
HEADERS = ("Layer (type)", "Output Shape", "Param #")


def readable_size(size: float) -> str:
    """Bytes as Keras prints them: `40.75 KB`."""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} TB"


def _widths(line_length: int, positions: Sequence[float]) -> list[int]:
    """Each column's text width: its span of the line, less its right border and two spaces
    (the first span starts after the left border, so the table is `line_length` wide)."""
    ends = [round(p * line_length) for p in positions]
    spans = [end - start for start, end in zip([1, *ends], ends, strict=False)]
    return [max(span - 3, 4) for span in spans]


def _row(cells: Sequence[str], widths: list[int], edge: str) -> str:
    """Cells cut to their column's width; the last (the parameter count) right-aligned."""

    def fit(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    texts = [fit(cell, width).ljust(width) for cell, width in zip(cells, widths, strict=True)]
    texts[-1] = fit(cells[-1], widths[-1]).rjust(widths[-1])
    return edge + edge.join(f" {text} " for text in texts) + edge


def _rule(widths: list[int], left: str, middle: str, right: str, line: str) -> str:
    return left + middle.join(line * (width + 2) for width in widths) + right


def format_summary(
    model: Any, line_length: int | None = None, positions: Sequence[float] | None = None
) -> str:
    """The table as one string, for callers that show it somewhere other than stdout."""
    widths = _widths(line_length or DEFAULT_LINE_LENGTH, positions or DEFAULT_POSITIONS)
    rows = []
    for layer in model.layers:
        shape = f"(None, {layer.units})" if layer.built else "?"
        params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        rows.append((f"{layer.name} ({type(layer).__name__})", shape, params))
    lines = [
        f'Model: "{model.name}"',
        _rule(widths, "┏", "┳", "┓", "━"),
        _row(HEADERS, widths, "┃"),
        _rule(widths, "┡", "╇", "┩", "━"),
    ]
    for i, row in enumerate(rows):
        if i:
            lines.append(_rule(widths, "├", "┼", "┤", "─"))
        lines.append(_row(row, widths, "│"))
    lines.append(_rule(widths, "└", "┴", "┘", "─"))
    trainable, frozen = model.trainable_weights, model.non_trainable_weights
    counts = [sum(w.size for w in ws) for ws in (trainable, frozen)]
    sizes = [sum(w.nbytes for w in ws) for ws in (trainable, frozen)]  # by dtype, as Keras
    lines += [
        f" Total params: {sum(counts):,} ({readable_size(sum(sizes))})",
        f" Trainable params: {counts[0]:,} ({readable_size(sizes[0])})",
        f" Non-trainable params: {counts[1]:,} ({readable_size(sizes[1])})",
    ]
    return "\n".join(lines)


def print_summary(
    model: Any,
    line_length: int | None = None,
    positions: Sequence[float] | None = None,
    print_fn: Callable[[str], Any] | None = None,
) -> None:
    """Print the table, or hand it as one string to `print_fn` (as Keras 3 does)."""
    (print_fn or print)(format_summary(model, line_length, positions))
