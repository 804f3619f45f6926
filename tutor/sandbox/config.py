"""Everything a learner chooses in the sandbox, as one plain value that saves as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import TypedDict, Unpack

from tutor.sandbox.data import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_OPTIMIZER,
)

DEFAULT_MODEL = (
    "model = Sequential([\n"
    "    Dense(8, activation='relu'),\n"
    "    Dense(1, activation='sigmoid'),\n"
    "])"
)
MAX_EPOCHS = 10_000
MAX_BATCH_SIZE = 100_000
# NumPy seeds are 0 to 2**32 - 1, and the session adds the reset count and the data's offset to
# the seed, so the learner's seed stops well short of that limit.
MAX_SEED = 2**31 - 1


class ConfigChanges(TypedDict, total=False):
    """Any of a `TrainConfig`'s fields, by name, for `TrainConfig.with_changes`."""

    model: str
    data: str
    noise: float | None
    validation_split: float
    loss: str | None
    optimizer: str
    learning_rate: float
    batch_size: int
    epochs: int
    seed: int


@dataclass(frozen=True)
class TrainConfig:
    """The model's code, the data, and how to train; `loss=None` picks the loss that fits."""

    model: str = DEFAULT_MODEL
    data: str = "coffee"
    noise: float | None = None
    validation_split: float = 0.0
    loss: str | None = None
    optimizer: str = DEFAULT_OPTIMIZER
    learning_rate: float = DEFAULT_LEARNING_RATE
    batch_size: int = DEFAULT_BATCH_SIZE
    epochs: int = DEFAULT_EPOCHS
    seed: int = 0

    def problems(self) -> list[str]:
        """What is out of range, in words; empty when the numbers are all usable."""
        found = []
        if not 0 <= self.validation_split < 1:
            found.append(
                f"the validation split must be from 0 to below 1, not {self.validation_split}"
            )
        if not 1 <= self.epochs <= MAX_EPOCHS:
            found.append(f"epochs must be from 1 to {MAX_EPOCHS:,}, not {self.epochs}")
        if not 1 <= self.batch_size <= MAX_BATCH_SIZE:
            found.append(
                f"the batch size must be from 1 to {MAX_BATCH_SIZE:,}, not {self.batch_size}"
            )
        if not 0 < self.learning_rate <= 10:
            found.append(
                f"the learning rate must be above 0 and at most 10, not {self.learning_rate}"
            )
        if not 0 <= self.seed <= MAX_SEED:
            found.append(f"the seed must be a whole number from 0 to {MAX_SEED:,}, not {self.seed}")
        return found

    def with_changes(self, **changes: Unpack[ConfigChanges]) -> TrainConfig:
        return replace(self, **changes)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> TrainConfig:
        """Read a saved config, ignoring keys this version does not know."""
        raw = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in raw.items() if key in known})
