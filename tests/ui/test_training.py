"""The live training view on its own, as the sandbox uses it: begin, add epochs, stop, finish."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tests.ui.conftest import SIZE
from tutor.ui.widgets.training import TrainingView


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
            "epoch 3/10   loss 0.3333   val_loss 0.9000\naccuracy 0.5000\nctrl+g stops"
        )
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
