"""The right answers, computed by `tutor.engine` through its Keras API, as the learner's code
will be used: a model built from the same weights, asked the same question."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tutor.engine import Dense, Input, Sequential
from tutor.engine.activations import Activation
from tutor.engine.losses import BinaryCrossentropy
from tutor.engine.optimizers import SGD
from tutor.engine.trace import trace_train_step
from tutor.exercises.wire import sigmoid

Layer = tuple[np.ndarray, np.ndarray, Activation]  # (W, b, g)


def model_of(layers: Sequence[Layer]) -> Sequential:
    """A Sequential model whose Dense layers hold exactly these (W, b, g)."""
    n_in = layers[0][0].shape[0]
    model = Sequential(
        [Input(shape=(n_in,))] + [Dense(W.shape[1], activation=g.__name__) for W, _, g in layers]
    )
    model.set_weights([weight for W, b, _ in layers for weight in (W, b)])
    return model


def forward(x: np.ndarray, layers: Sequence[Layer]) -> np.ndarray:
    """The model's output for a batch (m, n), or for one example (n,) as a 1-D array."""
    batch = x[None] if x.ndim == 1 else x
    out = np.asarray(model_of(layers).predict(batch, verbose=0))
    return out[0] if x.ndim == 1 else out


def binary_crossentropy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.asarray(BinaryCrossentropy()(y_true, y_pred)))


def sgd_step(
    X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray, learning_rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """One full-batch gradient-descent step of Dense(1, sigmoid) with BinaryCrossentropy."""
    model = model_of([(W, b, sigmoid)])
    model.compile(optimizer=SGD(learning_rate=learning_rate), loss=BinaryCrossentropy())
    model.fit(X, y, epochs=1, batch_size=len(X), shuffle=False, verbose=0)
    W_new, b_new = model.get_weights()
    return np.asarray(W_new), np.asarray(b_new)


def gradients(X: np.ndarray, y: np.ndarray, layers: Sequence[Layer]) -> list[np.ndarray]:
    """The engine's gradients of the mean binary crossentropy, in get_weights order
    (W1, b1, W2, b2, ...): what one `fit` step on the batch would follow downhill."""
    model = model_of(layers)
    model.compile(optimizer=SGD(), loss=BinaryCrossentropy())
    step = trace_train_step(model, X, y)
    return [np.asarray(weight.gradient, dtype=float) for weight in step.weights]
