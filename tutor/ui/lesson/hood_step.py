"""An under-the-hood step: the caption, then the view the kernel traces from the live model."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from tutor.ui.widgets.hood import render_trace
from tutor.ui.widgets.output import CellOutput


class HoodStepView(Vertical):
    """An under-the-hood view."""

    def __init__(self, lesson, step) -> None:
        super().__init__()
        self.lesson = lesson
        self.step = step
        self.shown = False

    def compose(self) -> ComposeResult:
        if self.step.caption.strip():
            yield Markdown(self.step.caption)
        yield CellOutput()  # notes and errors, above the view they explain
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
        self.query_one(".hood-body", Static).update("Tracing…")

    def end_run(self, trace: dict[str, Any] | None) -> None:
        body = self.query_one(".hood-body", Static)
        if trace is None:
            body.update(
                "The view could not be drawn: the message above says why. ctrl+r tries again."
            )
        else:
            body.update(render_trace(trace))
