"""An under-the-hood step: the caption, then the view the kernel traces from the live model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from tutor.lessons.model import Hood, Lesson
from tutor.ui.widgets.hood import render_trace
from tutor.ui.widgets.output import CellOutput

RunState = tuple[int | None, ...]  # KernelSession.state_of the cells above


class HoodStepView(Vertical):
    """An under-the-hood view. It remembers which runs of the cells above it was drawn from, so
    that once one of them runs again (a drill's edit) the page can redraw it, or say it is old."""

    def __init__(self, lesson: Lesson, step: Hood) -> None:
        super().__init__()
        self.lesson = lesson
        self.step = step
        self.shown = False
        self.drawn_from: RunState | None = None  # the cells above when last drawn, or tried
        self.drawn = False  # whether the body shows a drawing (not a failure)

    def compose(self) -> ComposeResult:
        if self.step.caption.strip():
            yield Markdown(self.step.caption)
        yield CellOutput()  # notes and errors, above the view they explain
        yield Static(classes="hood-old")
        yield Static(
            "Under the hood: ctrl+r draws this view from your model (the cells above run first).",
            classes="hood-body",
        )

    @property
    def output(self) -> CellOutput:
        return self.query_one(CellOutput)

    def expressions(self) -> dict[str, Any]:
        """The kernel.trace arguments: what to trace, as expressions in the lesson's namespace."""
        return {
            "view": self.step.view,
            "model_expr": self.step.model,
            "x_expr": self.step.x,
            "y_expr": self.step.y,
            "threshold": self.step.threshold,
        }

    def begin_run(self) -> None:
        self.shown = True
        self.output.clear()
        self.mark_old([])
        self.query_one(".hood-body", Static).update("Tracing…")

    def end_run(self, trace: dict[str, Any] | None, drawn_from: RunState | None = None) -> None:
        body = self.query_one(".hood-body", Static)
        self.drawn_from, self.drawn = drawn_from, trace is not None
        if trace is None:
            body.update(
                "The view could not be drawn: the message above says why. ctrl+r tries again."
            )
        else:
            body.update(render_trace(trace))

    def changed_since_drawn(self, cell_ids: Sequence[str], now: RunState) -> list[str]:
        """The cells above (of `cell_ids`, in `now`'s state) that ran again since the view was
        drawn, or since it failed to be; empty if it was never tried."""
        if self.drawn_from is None or len(self.drawn_from) != len(now):
            return []
        return [i for i, was, is_ in zip(cell_ids, self.drawn_from, now, strict=True) if was != is_]

    def mark_old(self, cells: Sequence[str]) -> None:
        """Say the view was drawn before these cells ran again, as a cell's title
        says "output is from old code"; no cells: say nothing."""
        note = self.query_one(".hood-old", Static)
        note.display = bool(cells) and self.drawn  # a failure's message says what to do
        if note.display:
            which = f"cell {cells[0]}" if len(cells) == 1 else f"cells {', '.join(cells)}"
            note.update(
                Text(
                    f"This view was drawn before {which} ran again: ctrl+r "
                    "redraws it (so does coming back to this step).",
                    style="italic",
                )
            )
