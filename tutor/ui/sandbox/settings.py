"""The data and training choices: dataset, noise, validation split, loss, optimizer, learning
rate, batch size, epochs and seed, as compact fields usable with keys alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Input, Label, Select

from tutor.sandbox.config import ConfigChanges, TrainConfig
from tutor.sandbox.data import DATASET_NAMES, LOSSES, OPTIMIZERS

CSV = "csv"
AUTO_LOSS = "auto"

# (field, label, how to read the text); only the noise may be left empty
NUMBERS = (
    ("noise", "noise", float),
    ("validation_split", "validation split", float),
    ("learning_rate", "learning rate", float),
    ("batch_size", "batch size", int),
    ("epochs", "epochs", int),
    ("seed", "seed", int),
)
LABELS = {field: label for field, label, _ in NUMBERS}
Number = TypeVar("Number", int, float)


class SettingsForm(Grid):
    """Data and training settings."""

    class Changed(Message):
        """A setting changed: `config` holds every usable value, `problems` the rest."""

        def __init__(self, config: TrainConfig, problems: list[str]) -> None:
            super().__init__()
            self.config = config
            self.problems = problems

    def __init__(self, config: TrainConfig, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self._filling = False

    def compose(self) -> ComposeResult:
        config = self.config
        data_options = [(name, name) for name in DATASET_NAMES] + [("a CSV file…", CSV)]
        is_csv = config.data not in DATASET_NAMES
        yield Label("data")
        yield Select(
            data_options,
            value=CSV if is_csv else config.data,
            allow_blank=False,
            compact=True,
            id="dataset",
        )
        yield Label("CSV path")
        yield Input(config.data if is_csv else "", placeholder="label last", compact=True, id="csv")
        yield Label("loss")
        yield Select(
            [("fits the data", AUTO_LOSS)] + [(name, name) for name in LOSSES],
            value=config.loss or AUTO_LOSS,
            allow_blank=False,
            compact=True,
            id="loss",
        )
        yield Label("optimizer")
        yield Select(
            [(name, name) for name in OPTIMIZERS],
            value=config.optimizer.lower(),
            allow_blank=False,
            compact=True,
            id="optimizer",
        )
        for field, label, kind in NUMBERS:
            value = getattr(config, field)
            yield Label(label)
            yield Input(
                "" if value is None else str(value),
                placeholder="default" if field == "noise" else "",
                type="integer" if kind is int else "number",
                compact=True,
                id=field,
            )

    def fill(self, config: TrainConfig) -> None:
        """Show another config (a preset or a saved model) without echoing Changed back."""
        self.config = config
        self._filling = True
        is_csv = config.data not in DATASET_NAMES
        self.query_one("#dataset", Select).value = CSV if is_csv else config.data
        self.query_one("#csv", Input).value = config.data if is_csv else ""
        self.query_one("#loss", Select).value = config.loss or AUTO_LOSS
        self.query_one("#optimizer", Select).value = config.optimizer.lower()
        for field, _, _ in NUMBERS:
            value = getattr(config, field)
            self.query_one(f"#{field}", Input).value = "" if value is None else str(value)
        self.call_after_refresh(self._filled)

    def _filled(self) -> None:
        self._filling = False

    def read(self, base: TrainConfig) -> tuple[TrainConfig, list[str]]:
        """The config the fields describe, keeping `base`'s value for any unreadable field."""
        problems: list[str] = []
        changes: ConfigChanges = {}
        data = str(self.query_one("#dataset", Select).value)
        if data == CSV:
            path = self.query_one("#csv", Input).value.strip()
            if path:
                changes["data"] = path
            else:
                problems.append("type the CSV file's path")
        else:
            changes["data"] = data
        loss = str(self.query_one("#loss", Select).value)
        changes["loss"] = None if loss == AUTO_LOSS else loss
        changes["optimizer"] = str(self.query_one("#optimizer", Select).value)
        if not self.query_one("#noise", Input).value.strip():
            changes["noise"] = None  # the dataset's own
        elif (noise := self._number("noise", float, problems)) is not None:
            changes["noise"] = noise
        if (split := self._number("validation_split", float, problems)) is not None:
            changes["validation_split"] = split
        if (rate := self._number("learning_rate", float, problems)) is not None:
            changes["learning_rate"] = rate
        if (batch_size := self._number("batch_size", int, problems)) is not None:
            changes["batch_size"] = batch_size
        if (epochs := self._number("epochs", int, problems)) is not None:
            changes["epochs"] = epochs
        if (seed := self._number("seed", int, problems)) is not None:
            changes["seed"] = seed
        config = base.with_changes(**changes)
        return config, problems + config.problems()

    def _number(
        self, field: str, kind: Callable[[str], Number], problems: list[str]
    ) -> Number | None:
        """The number typed in `field`, or None with the problem noted when it is not one."""
        text = self.query_one(f"#{field}", Input).value.strip()
        try:
            return kind(text)
        except ValueError:
            whole = "whole " if kind is int else ""
            problems.append(f"{LABELS[field]}: {text!r} is not a {whole}number")
            return None

    def _changed(self) -> None:
        if self._filling or not self.is_mounted:
            return
        config, problems = self.read(self.config)
        self.post_message(self.Changed(config, problems))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed()
