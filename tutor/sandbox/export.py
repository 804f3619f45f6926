"""Taking a sandbox model away: runnable TensorFlow/Keras code with its learned weights, and
saving and loading sandbox models in the learner's data directory.

    paths = export_session(session, Path("my_model"))   # my_model/model.py + model_weights.npz
    save_session(store, "spiral-8x8", session)
    session = load_session(store, "spiral-8x8")
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tutor.sandbox.config import TrainConfig
from tutor.sandbox.data import OPTIMIZERS, describe_data
from tutor.sandbox.session import SessionError, TrainingSession

if TYPE_CHECKING:
    from tutor.store import Store

CODE_FILE = "model.py"
WEIGHTS_FILE = "model_weights.npz"


@dataclass(frozen=True)
class Exported:
    code: Path
    weights: Path


def keras_code(session: TrainingSession) -> str:
    """The session's model as a TensorFlow/Keras script that loads the weights beside it."""
    config = session.config
    spec = replace(session.spec, input_width=session.data.X.shape[1])
    optimizer = OPTIMIZERS[config.optimizer.lower()]
    loss_class = session.loss.name
    metrics = "" if session.data.task == "regression" else ', metrics=["accuracy"]'
    split = f", validation_split={config.validation_split}" if config.validation_split else ""
    return f'''"""A model built and trained in tutor's sandbox, as TensorFlow/Keras code.

Trained {session.epochs_done} epochs on tutor's {session.data.name!r} data:
{describe_data(session.data)}.
Run it with TensorFlow installed; the learned weights are in {WEIGHTS_FILE} beside this file.
"""

from pathlib import Path

import numpy as np
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import {loss_class}
from tensorflow.keras.optimizers import {optimizer}

{spec.to_code()}
model.compile(
    loss={session.loss.code()},
    optimizer={session.optimizer_code()}{metrics},
)
# X, y: your data, {spec.input_width} feature{"s" * (spec.input_width != 1)} per row.
# model.fit(X, y, epochs={config.epochs}, batch_size={config.batch_size}{split})

weights = np.load(Path(__file__).with_name("{WEIGHTS_FILE}"))
model.set_weights([weights[f"arr_{{i}}"] for i in range(len(weights.files))])
model.summary()
'''


def export_session(session: TrainingSession, directory: Path) -> Exported:
    """Write `model.py` and `model_weights.npz` into `directory` (created if needed)."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        code = directory / CODE_FILE
        weights = directory / WEIGHTS_FILE
        session.ensure_built()
        np.savez(weights, *session.model.get_weights())
        code.write_text(keras_code(session), encoding="utf-8")
    except OSError as error:
        raise SessionError(f"cannot write the export to {directory}: {error.strerror}") from None
    return Exported(code, weights)


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
    return session
