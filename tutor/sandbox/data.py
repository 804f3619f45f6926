"""The sandbox's data, and the loss and optimizer choices that go with it.

data = load_data("spiral", noise=0.1)      # a tutor.engine Dataset, by name or CSV path
loss = fitting_loss(data.task, spec)        # the loss a learner would pick for it
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.engine.datasets import Dataset
    from tutor.engine.losses import Loss
    from tutor.engine.optimizers import Optimizer
    from tutor.sandbox.spec import ModelSpec

# The shipped datasets, in the order the sandbox offers them (names of tutor.engine DATASETS),
# with their feature counts: the UI checks a model's Input against the data before loading it
# (which takes NumPy). A test holds both equal to the engine's.
DATASET_FEATURES = {
    "coffee": 2,
    "coffee-raw": 2,
    "digits01": 64,
    "digits": 64,
    "xor": 2,
    "circles": 2,
    "moons": 2,
    "spiral": 2,
    "blobs": 2,
}
DATASET_NAMES = tuple(DATASET_FEATURES)
# The generated 2-D sets take a noise level and a seed; the shipped ones are fixed.
NOISY = ("xor", "circles", "moons", "spiral", "blobs")
# What the description of a shipped set leaves out but a learner needs: the scale of the inputs.
SCALES = {
    "coffee": "each feature standardised to mean 0 and standard deviation 1",
    "coffee-raw": "raw: °C and minutes, not scaled",
    "digits01": "pixels 0-16, not scaled",
    "digits": "pixels 0-16, not scaled",
}
MAX_NOISE = 1.0


class DataError(ValueError):
    """The data could not be loaded or does not fit the choices; the message says why."""


def input_mismatch(spec: ModelSpec, source: str, width: int | None = None) -> str:
    """Why a model cannot read the data (its `Input` declares another width), or "".

    `width` is the data's, when it is loaded; a shipped set's is known without loading it, so
    the check runs as soon as the model or the data changes, not only when training starts.
    """
    declared = spec.input_width
    width = width if width is not None else DATASET_FEATURES.get(source)
    if declared is None or width is None or declared == width:
        return ""
    return (
        f"Input(shape=({declared},)) declares {declared} feature{'s' * (declared != 1)}, and "
        f"{Path(source).name} has {width}: training would stop at once, with the engine's "
        "message. Change the Input, or "
        "remove it (Dense layers take the data's width)."
    )


def load_data(source: str, noise: float | None = None, seed: int = 0) -> Dataset:
    """A dataset by name (see `DATASET_NAMES`) or a CSV file path (label in the last column)."""
    from tutor.engine.datasets import DATASETS, DatasetError, load_csv

    try:
        if source in DATASETS:
            options: dict[str, float] = {}
            if source in NOISY:
                options["seed"] = seed
                if noise is not None:
                    if not 0 <= noise <= MAX_NOISE:
                        raise DataError(f"noise must be from 0 to {MAX_NOISE}, not {noise}")
                    options["noise"] = noise
            # Named as asked: coffee-raw is the coffee data unscaled, and says so (SCALES).
            return replace(DATASETS[source](**options), name=source)
        if source.lower().endswith(".csv") or Path(source).is_file():
            return load_csv(source)
    except DatasetError as error:
        raise DataError(str(error)) from None
    raise DataError(
        f"unknown dataset {source!r}: choose one of {', '.join(DATASET_NAMES)}, "
        "or give the path of a .csv file"
    )


def describe_data(data: Dataset) -> str:
    scale = SCALES.get(data.name)
    return f"{data.description}; {scale}" if scale else data.description


@dataclass(frozen=True)
class LossChoice:
    """A Keras loss class and its `from_logits`, with a sentence saying why it fits."""

    name: str
    from_logits: bool = False
    why: str = ""

    def code(self) -> str:
        return f"{self.name}(from_logits=True)" if self.from_logits else f"{self.name}()"

    def build(self) -> Loss:
        from tutor.engine import losses

        loss_class = getattr(losses, self.name)
        return loss_class(from_logits=True) if self.from_logits else loss_class()


# `--loss` names (Keras's string aliases, plus a `_from_logits` form) → the loss they mean.
LOSSES: dict[str, LossChoice] = {
    "binary_crossentropy": LossChoice("BinaryCrossentropy"),
    "binary_crossentropy_from_logits": LossChoice("BinaryCrossentropy", True),
    "sparse_categorical_crossentropy": LossChoice("SparseCategoricalCrossentropy"),
    "sparse_categorical_crossentropy_from_logits": LossChoice(
        "SparseCategoricalCrossentropy", True
    ),
    "categorical_crossentropy": LossChoice("CategoricalCrossentropy"),
    "mean_squared_error": LossChoice("MeanSquaredError"),
    "mean_absolute_error": LossChoice("MeanAbsoluteError"),
    "huber": LossChoice("Huber"),
}
LOSS_ALIASES = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "bce": "binary_crossentropy",
}

# `--optimizer` names → Keras class names. The sandbox's default learning rate is 0.02 for all
# (Keras's Adam default is 0.001): a playground should show learning within 100 epochs, and on
# the 200 coffee roasts that is only 700 steps at batch 32. Measured over seeds 0-5 with
# Dense(3, sigmoid) → Dense(1, sigmoid), accuracy after 100 epochs: 0.001 stays at the 78.5% of
# always saying "bad roast", 0.01 reaches 74-87%, 0.02 reaches 87-93%; 0.1 reaches 93-96% there
# but fails on the unscaled digit pixels (10% on the ten digits) and on the spiral.
# A copy of the engine's names (tutor.engine.optimizers.OPTIMIZERS), so that startup never
# imports NumPy; a test keeps the two equal.
OPTIMIZERS = {"adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop"}
DEFAULT_OPTIMIZER = "adam"
DEFAULT_LEARNING_RATE = 0.02
DEFAULT_EPOCHS = 100
DEFAULT_BATCH_SIZE = 32


def optimizer_code(name: str, learning_rate: float) -> str:
    """The optimizer as Keras code, as the Train tab shows it, before or after the data loads."""
    return f"{OPTIMIZERS.get(name.lower(), name)}(learning_rate={learning_rate!r})"


def loss_named(name: str) -> LossChoice:
    key = LOSS_ALIASES.get(name.lower(), name.lower())
    if key not in LOSSES:
        raise DataError(
            f"unknown loss {name!r}: choose one of {', '.join(LOSSES)}, or mse, mae or bce"
        )
    return LOSSES[key]


def fitting_loss(task: str, spec: ModelSpec) -> LossChoice:
    """The loss that fits the labels and the output layer, as a learner would choose it."""
    units, activation = spec.output_units, spec.output_activation
    if task == "regression":
        return LossChoice("MeanSquaredError", why="the labels are numbers: mean squared error")
    if units == 1 and task == "binary":
        if activation == "sigmoid":
            return LossChoice(
                "BinaryCrossentropy", why="0/1 labels and one sigmoid output: binary crossentropy"
            )
        return LossChoice(
            "BinaryCrossentropy",
            from_logits=True,
            why=f"0/1 labels and a {activation} output: binary crossentropy on logits",
        )
    if activation == "softmax":
        return LossChoice(
            "SparseCategoricalCrossentropy",
            why="class labels and a softmax output: sparse categorical crossentropy",
        )
    return LossChoice(
        "SparseCategoricalCrossentropy",
        from_logits=True,
        why=f"class labels and {units} {activation} outputs: sparse categorical "
        "crossentropy on logits",
    )


def optimizer_named(name: str, learning_rate: float) -> Optimizer:
    """The engine optimizer for a `--optimizer` name and a learning rate that
    `TrainConfig.problems` has already accepted."""
    from tutor.engine import optimizers

    key = name.lower()
    if key not in OPTIMIZERS:
        raise DataError(f"unknown optimizer {name!r}: choose one of {', '.join(OPTIMIZERS)}")
    return getattr(optimizers, OPTIMIZERS[key])(learning_rate=learning_rate)
