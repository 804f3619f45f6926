"""The live training view on its own, as the sandbox uses it: begin, add epochs, stop, finish."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from tests.ui.conftest import SIZE
from tutor.protocol import FitEnd, FitOutcome
from tutor.ui.widgets.training import TrainingView, compact, y_ticks


class Host(App):
    def __init__(self) -> None:
        super().__init__()
        self.stops = 0

    def compose(self) -> ComposeResult:
        yield TrainingView()

    def on_training_view_stop_requested(self, message: TrainingView.StopRequested) -> None:
        self.stops += 1


async def test_figures_follow_the_epochs_and_the_stop_key_asks_the_owner():
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(TrainingView)
        view.focus()
        view.begin(10, ["loss", "accuracy", "val_loss", "val_accuracy"])
        for epoch in range(3):
            view.add_epoch(epoch, {"loss": 1 / (epoch + 1), "accuracy": 0.5, "val_loss": 0.9})
        assert view.figures().plain == (
            "epoch 3/10   loss 0.3333 (line)   val_loss 0.9000 (dots)\n"
            "accuracy 0.5000\nctrl+g stops"
        )
        # Narrower, the line breaks between figures: "(dots)" alone on a line said nothing.
        assert view.figures(width=40).plain.splitlines()[:2] == [
            "epoch 3/10   loss 0.3333 (line)",
            "val_loss 0.9000 (dots)",
        ]
        await pilot.press("ctrl+g")
        assert app.stops == 1
        view.finish("Stopped after 3 epochs.")
        assert view.figures().plain.endswith("\nStopped after 3 epochs.")
        await pilot.press("ctrl+g")
        assert app.stops == 1  # nothing to stop once it has finished


async def test_a_nan_loss_leaves_the_curve_drawable():
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(TrainingView)
        view.begin(3, ["loss"])
        view.add_epoch(0, {"loss": 0.7})
        view.add_epoch(1, {"loss": float("nan")})
        view.finish("The loss became NaN.")
        await pilot.pause()
        assert "loss nan" in view.figures().plain


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.693147, "0.6931"),
        (0.0, "0.0000"),
        (99999.0, "99999.0000"),
        (143525800677865795104149894294667264.0, "1.435e+35"),
        (-2.5e5, "-2.500e+05"),
        (0.00012345, "1.234e-04"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
    ],
)
def test_figures_are_compact_however_large_or_small(value, shown):
    assert compact(value) == shown


@pytest.mark.parametrize(
    ("low", "high", "ticks", "labels"),
    [
        (0.62, 0.71, [0.62, 0.64, 0.66, 0.68, 0.70], ["0.62", "0.64", "0.66", "0.68", "0.70"]),
        (0.0, 0.5, [0.0, 0.1, 0.2, 0.3, 0.4, 0.5], ["0", "0.1", "0.2", "0.3", "0.4", "0.5"]),
        (0.5, 1.4e35, [5e34, 1e35], ["5e+34", "1e+35"]),
        (3.0, 3.0, [3.0], ["3"]),
    ],
)
def test_y_ticks_are_round_values_labelled_exactly(low, high, ticks, labels):
    values, shown = y_ticks(low, high)
    assert values == pytest.approx(ticks) and shown == labels


async def test_an_exploding_loss_keeps_the_axis_and_the_figures_short():
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(TrainingView)
        view.begin(50, ["loss"])
        for epoch, loss in enumerate([0.7, 4.2e9, 1.4e35]):
            view.add_epoch(epoch, {"loss": loss})
        view.finish("Stopped.")
        await pilot.pause()
        assert view.figures().plain.startswith("epoch 3/50   loss 1.400e+35 (line)\n")
        plot = view.query_one("PlotextPlot").render().plain
        assert "1e+35" in plot and "140000000000" not in plot


def test_the_last_line_says_how_the_fit_ended():
    summary = "Training stopped in epoch 5 at batch 1: the loss became nan."
    assert FitEnd(4, FitOutcome.DIVERGED, summary).message() == summary
    assert FitEnd(4, FitOutcome.FINISHED).message() == "Trained 4 epochs."
    assert FitEnd(1, FitOutcome.STOPPED).message() == "Stopped after 1 epoch."
