"""The live training view: loss curves growing while `fit` runs, the latest figures, stop.

    view.begin(epochs=100, metrics=["loss", "accuracy", "val_loss", "val_accuracy"])
    view.add_epoch(0, {"loss": 0.69, ...})   # on the UI thread, as often as epochs arrive
    view.finish("Trained 100 epochs.")

`add_epoch` only records; a timer redraws at most `REDRAW_SECONDS` apart, so a fast fit cannot
flood the screen. The stop key posts `TrainingView.StopRequested`; the owner interrupts the fit.
"""

from __future__ import annotations

import math
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static
from textual_plotext import PlotextPlot

REDRAW_SECONDS = 0.2
# Each curve's plotext marker and what it looks like, in words, which the figures line uses as
# the legend: plotext's own legend sits on the first points of the curve, colour alone is lost in
# a monochrome terminal, and a lone braille glyph beside a number reads as a stuck spinner.
CURVES = {"loss": ("braille", "line"), "val_loss": ("dot", "dots")}


class TrainingView(Vertical, can_focus=True):
    """Live training."""

    STOP_HINT = "ctrl+g stops"  # under the figures while training runs
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "stop", "Stop training", id="stop-training")
    ]

    class StopRequested(Message):
        def __init__(self, view: TrainingView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.epochs = 0
        self.history: dict[str, list[float]] = {}
        self.epochs_seen = 0
        self.running = False
        self.message = ""
        self._dirty = False
        self._timer: Timer | None = None  # the redraw clock, running only while training

    def compose(self) -> ComposeResult:
        yield Static(id="figures")
        yield PlotextPlot()

    def on_mount(self) -> None:
        self._timer = self.set_interval(
            REDRAW_SECONDS, self._redraw_if_dirty, pause=not self.running
        )
        self._redraw()

    def begin(self, epochs: int, metrics: list[str]) -> None:
        self.epochs = epochs
        self.history = {name: [] for name in metrics}
        self.epochs_seen = 0
        self.running = True
        self.message = ""
        self._dirty = True
        if self._timer is not None:
            self._timer.resume()

    def add_epoch(self, epoch: int, logs: dict[str, float]) -> None:
        for name, value in logs.items():
            self.history.setdefault(name, []).append(value)
        self.epochs_seen = epoch + 1
        self._dirty = True

    def finish(self, message: str) -> None:
        self.running = False
        self.message = message
        if self._timer is not None:
            self._timer.pause()
            self._redraw()

    def action_stop(self) -> None:
        if self.running:
            self.post_message(self.StopRequested(self))

    def _redraw_if_dirty(self) -> None:
        if self._dirty:
            self._redraw()

    def _redraw(self) -> None:
        self._dirty = False
        figures = self.query_one("#figures", Static)
        figures.update(self.figures(figures.content_region.width or None))
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xlabel("epoch")
        seen = max(self.epochs_seen, 1)
        plt.xticks(sorted({1 + round(i * (seen - 1) / 4) for i in range(5)}))
        drawn: list[float] = []
        for name, (marker, _) in CURVES.items():
            points = [
                (epoch, value)
                for epoch, value in enumerate(self.history.get(name, []), start=1)
                if math.isfinite(value)
            ]
            if points:
                xs, ys = zip(*points, strict=True)
                plt.plot(xs, ys, marker=marker)
                drawn += ys
        if drawn:
            plt.yticks(*y_ticks(min(drawn), max(drawn)))
        plot.refresh()

    def figures(self, width: int | None = None) -> Text:
        """The epoch and the latest losses, then the other metrics; how to stop or how it ended.
        Within `width`, the losses' line breaks between figures, never inside one (which left
        "(dots)" alone on a line at 60 columns)."""
        latest = {name: values[-1] for name, values in self.history.items() if values}
        losses = [name for name in latest if name.endswith("loss")]
        others = [name for name in latest if name not in losses]
        text = Text()
        epoch = f"epoch {self.epochs_seen}/{self.epochs}"
        text.append(epoch, style="bold")
        used = len(epoch)
        for name in losses:
            drawn_as = f" ({CURVES[name][1]})" if name in CURVES else ""
            figure = f"{name} {compact(latest[name])}{drawn_as}"
            if width is not None and used + 3 + len(figure) > width:
                text.append(f"\n{figure}")
                used = len(figure)
            else:
                text.append(f"   {figure}")
                used += 3 + len(figure)
        if others:
            text.append("\n" + "   ".join(f"{name} {compact(latest[name])}" for name in others))
        if self.running:
            text.append(f"\n{self.STOP_HINT}", style="dim")
        elif self.message:
            text.append(f"\n{self.message}", style="italic")
        return text


def compact(value: float) -> str:
    """A figure kept short: 4 decimals as Keras prints them, scientific notation (4 significant
    digits) for a loss that exploded or vanished, "nan" and "inf" as such."""
    if math.isfinite(value) and value != 0 and not 1e-3 <= abs(value) < 1e5:
        return f"{value:.3e}"
    return f"{value:.4f}"


def y_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Round values (1, 2 or 5 times a power of ten apart) within [low, high], each labelled
    exactly and briefly, so that a loss of 1e35 does not print 36 digits on the axis."""
    raw = (high - low) / 6 or abs(high) or 1.0  # at most 7 ticks
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    if high == low:
        ticks = [low]
    else:
        ticks = [k * step for k in range(math.ceil(low / step), math.floor(high / step) + 1)]
    scientific = not 1e-3 <= max(abs(t) for t in ticks) < 1e5
    for digits in range(15):
        labels = [_tick_label(t, digits, scientific) for t in ticks]
        errors = (abs(float(label) - t) for label, t in zip(labels, ticks, strict=True))
        if max(errors) <= step * 1e-6:  # each label is its tick's value, not a rounding of it
            return ticks, labels
    return ticks, [_tick_label(t, 15, scientific) for t in ticks]


def _tick_label(value: float, digits: int, scientific: bool) -> str:
    if value == 0:
        return "0"
    return f"{value:.{digits}e}" if scientific else f"{value:.{digits}f}"
