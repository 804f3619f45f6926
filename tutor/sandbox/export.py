"""Taking a sandbox model away: a Keras 3 script that runs as written, with its learned weights
and its training data beside it, and saving and loading sandbox models in the learner's data
directory.

    paths = export_session(session, Path("my_model"))   # model.py, model_weights.npz, data.npz
    save_session(store, "spiral-8x8", session)
    session = load_session(store, "spiral-8x8")
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tutor.engine import Normalization
from tutor.sandbox.config import TrainConfig
from tutor.sandbox.data import OPTIMIZERS, describe_data
from tutor.sandbox.session import SessionError, TrainingSession

if TYPE_CHECKING:
    from tutor.store import Store

CODE_FILE = "model.py"
WEIGHTS_FILE = "model_weights.npz"
DATA_FILE = "data.npz"


@dataclass(frozen=True)
class Exported:
    code: Path
    weights: Path
    data: Path


def _numbers(values: np.ndarray) -> str:
    """float32 numbers written so that Keras reads back exactly the same float32 values."""
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def exported_weights(session: TrainingSession) -> list[np.ndarray]:
    """The weights the script loads: every layer's but a Normalization's, whose mean and
    variance are written into the code instead (Keras's set_weights would not reach the numbers
    a Normalization divides by until it is adapted again)."""
    return [
        w
        for layer in session.model.layers
        if not isinstance(layer, Normalization)
        for w in layer.get_weights()
    ]


def keras_code(session: TrainingSession) -> str:
    """The session's model as a Keras 3 script: the model, its compile, the trained weights
    loaded, their loss and metrics on the data, and `fit` on that data as the sandbox ran it."""
    config = session.config
    spec = replace(session.spec, input_width=session.data.X.shape[1])
    model_code = spec.to_code()
    normalizations = [layer for layer in session.model.layers if isinstance(layer, Normalization)]
    imports = ["Dense"] + ["Dropout"] * bool(spec.dropout)
    imports += ["Normalization"] * bool(normalizations)
    for layer in normalizations:
        mean, variance = layer.mean, layer.variance
        if mean is None or variance is None:  # never adapted: `Normalization()` says so already
            continue
        model_code = model_code.replace(
            "    Normalization(),\n",
            "    # the training data's mean and variance, as tutor's adapt() measured them\n"
            f"    Normalization(\n        mean={_numbers(mean)},\n"
            f"        variance={_numbers(variance)},\n    ),\n",
        )
    optimizer = OPTIMIZERS[config.optimizer.lower()]
    loss_class = session.loss.name
    metrics = "" if session.data.task == "regression" else ', metrics=["accuracy"]'
    split = f", validation_split={config.validation_split}" if config.validation_split else ""
    width = spec.input_width
    if config.validation_split:
        check = (
            f"# tutor trained on the first {session.split_at} rows and held out the rest.\n"
            f"trained = model.evaluate(x[:{session.split_at}], y[:{session.split_at}], "
            "return_dict=True, verbose=0)\n"
            f"held_out = model.evaluate(x[{session.split_at}:], y[{session.split_at}:], "
            "return_dict=True, verbose=0)\n"
            'print("tutor\'s weights, on the training rows:", trained, "held out:", held_out)\n'
        )
    else:
        check = (
            "trained = model.evaluate(x, y, return_dict=True, verbose=0)\n"
            'print("tutor\'s weights, on x and y:", trained)\n'
        )
    return f'''"""A model built and trained in tutor's sandbox, as Keras 3 code that runs as it is.

Trained {session.epochs_done} epochs on tutor's {session.data.name!r} data:
{describe_data(session.data)}.
Beside this file: the learned weights ({WEIGHTS_FILE}) and the data ({DATA_FILE}).

Needs Keras 3 and a backend: pip install keras tensorflow
"""

from pathlib import Path

import numpy as np
from keras import Input, Sequential
from keras.layers import {", ".join(imports)}
from keras.losses import {loss_class}
from keras.optimizers import {optimizer}

HERE = Path(__file__).parent

# x: {len(session.data.X)} rows of {width} feature{"s" * (width != 1)}, in the data's own units;
# y: their labels.
with np.load(HERE / "{DATA_FILE}") as data:
    x, y = data["x"], data["y"]

{model_code}
model.compile(
    loss={session.loss.code()},
    optimizer={session.optimizer_code()}{metrics},
)
with np.load(HERE / "{WEIGHTS_FILE}") as weights:
    model.set_weights([weights[f"arr_{{i}}"] for i in range(len(weights.files))])
model.summary()
{check}
# Train on from these weights, as the sandbox trained.
history = model.fit(x, y, epochs={config.epochs}, batch_size={config.batch_size}{split})
'''


def export_session(session: TrainingSession, directory: Path) -> Exported:
    """Write `model.py`, `model_weights.npz` and `data.npz` (x and y) into `directory`
    (created if needed)."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        code = directory / CODE_FILE
        weights = directory / WEIGHTS_FILE
        data = directory / DATA_FILE
        session.ensure_built()
        np.savez(weights, *exported_weights(session))
        np.savez(data, x=session.data.X, y=session.data.y)
        code.write_text(keras_code(session), encoding="utf-8")
    except OSError as error:
        raise SessionError(f"cannot write the export to {directory}: {error.strerror}") from None
    return Exported(code, weights, data)


def weights_to_bytes(weights: list[np.ndarray]) -> bytes:
    """The weights as an .npz file in memory, for the store to keep as one blob."""
    buffer = io.BytesIO()
    np.savez(buffer, *weights)
    return buffer.getvalue()


def weights_from_bytes(blob: bytes) -> list[np.ndarray]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as arrays:
        return [arrays[f"arr_{i}"] for i in range(len(arrays.files))]


def save_session(store: Store, name: str, session: TrainingSession) -> None:
    """Keep the model's code, data and training choices, and its current weights, by name."""
    session.ensure_built()
    store.sandbox.save(
        name,
        session.config.to_json(),
        weights_to_bytes(session.model.get_weights()),
        session.epochs_done,
    )


def load_session(store: Store, name: str) -> TrainingSession:
    """A session rebuilt from a saved model, with the weights it had when saved."""
    saved = store.sandbox.load(name)
    if saved is None:
        raise SessionError(f"there is no saved model named {name!r}")
    session = TrainingSession(TrainConfig.from_json(saved.config))
    if saved.weights is not None:
        session.ensure_built()
        session.model.set_weights(weights_from_bytes(saved.weights))
        session.epochs_before = saved.epochs  # the weights' epochs, though not their history
    return session
