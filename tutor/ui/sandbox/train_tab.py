"""The sandbox's Train tab: what is being trained on, and the live loss curves.

The plot takes the rows the tab has left (its axes stay on screen at 60x20); in a short window
the data's description gives its rows to the plot (the status line still names the data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from tutor.sandbox.data import DataError, describe_data, loss_named, optimizer_code
from tutor.ui.widgets.training import TrainingView

if TYPE_CHECKING:
    from tutor.sandbox.config import TrainConfig
    from tutor.sandbox.session import TrainingSession


class SandboxTrainingView(TrainingView):
    """The lesson's training view, naming the sandbox's stop key: x (or f8) stops training in
    every tab, so the footer and the hint say x; ctrl+g still works here, unlisted."""

    STOP_HINT = "x stops"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "stop", "Stop training", show=False, id="stop-training")
    ]

    def show_idle(self, epochs_done: int, epochs: int, message: str) -> None:
        """No training under way: "epoch 0/`epochs`" for a model not trained yet, or the
        `epochs_done` of weights loaded (their curve is not saved), and what t does next.
        Unlike `begin`, it says nothing about stopping: there is nothing to stop."""
        self.begin(epochs, [])
        self.epochs_seen = epochs_done
        self.finish(message)


class TrainTab(Vertical):
    """The session's choices above the training view."""

    def compose(self) -> ComposeResult:
        yield Static(id="train-data")
        yield Static(id="train-setup")
        yield SandboxTrainingView(id="training")

    def describe(self, session: TrainingSession) -> None:
        """The data, the loss (and why it fits), the optimizer and the batch size."""
        self.query_one("#train-data", Static).update(
            Text.assemble((f"{session.data.name}", "bold"), f": {describe_data(session.data)}")
        )
        self.query_one("#train-setup", Static).update(
            Text.assemble(
                f"{session.loss.code()}",
                (f" ({session.loss.why})" if session.loss.why else "", "dim"),
                f" · {session.optimizer_code()} · batch {session.config.batch_size}",
            )
        )

    def describe_choices(self, config: TrainConfig) -> None:
        """The choices on screen, before their data is loaded (t loads it and trains): what
        the next training will use, not what the last one used."""
        loss = "the loss that fits the data"
        if config.loss:
            try:
                loss = loss_named(config.loss).code()
            except DataError:  # the Data tab says what is wrong with it
                loss = config.loss
        self.query_one("#train-data", Static).update(
            Text.assemble((config.data, "bold"), ": loaded when training starts (t)")
        )
        self.query_one("#train-setup", Static).update(
            f"{loss} · {optimizer_code(config.optimizer, config.learning_rate)} · "
            f"batch {config.batch_size}"
        )
