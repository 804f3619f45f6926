"""Each crossentropy after each kind of output layer, against Keras's own formula.

Keras 3's backends disagree here. The TensorFlow backend (the one tutor follows, and the one
every run in keras_reference/ was recorded with) reads the pre-activation z of a sigmoid or
softmax output as logits, whichever crossentropy is asked for and whatever from_logits says
(`_get_logits` in keras/src/backend/tensorflow/nn.py, fed by the `_keras_logits` that
keras/src/activations/activations.py attaches). So a sigmoid output with
SparseCategoricalCrossentropy() trains exactly as a softmax one. The JAX, PyTorch and NumPy
backends instead normalise the outputs over the classes, clip them to [1e-7, 1 - 1e-7] and take
-log. `keras_tf_loss` below is the TensorFlow backend's formula, transcribed in float64 NumPy;
the head_* runs in keras_reference/ check it (and the engine) against TensorFlow itself.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tutor.engine import Dense, Input, Sequential
from tutor.engine.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
)
from tutor.engine.trace import trace_train_step

EPSILON = 1e-7
LOSSES = {
    "sparse": SparseCategoricalCrossentropy,
    "cce": CategoricalCrossentropy,
    "bce": BinaryCrossentropy,
}
ACTIVATIONS = {
    "softmax": lambda z: np.exp(z - _log_sum_exp(z)),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0),
}
X = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 0.5], [1.0, 1.0]])
CLASSES = np.array([0, 2, 1, 2])
# Outputs from -0.3 to 1.3: negative ones (clipped, or zeroed by relu) and ones above 1 (clipped)
# take part, and every row still sums to well above 0.
KERNEL = np.array([[0.4, -0.2, 0.1], [-0.3, 0.25, 0.35]])
BIAS = np.array([0.3, 0.5, 0.2])


def _log_sum_exp(z: np.ndarray) -> np.ndarray:
    top = z.max(axis=-1, keepdims=True)
    return np.log(np.exp(z - top).sum(axis=-1, keepdims=True)) + top


def keras_tf_loss(loss: str, activation: str, from_logits: bool, z: np.ndarray) -> float:
    """The batch loss Keras 3 computes on the TensorFlow backend for outputs g(z) and CLASSES
    (one-hot rows for the categorical and binary losses): the mean over the batch of each
    sample's loss, a binary loss first averaged over its outputs."""
    out = ACTIVATIONS[activation](z)
    if activation in ("sigmoid", "softmax"):  # the activation left its z on the output
        out, from_logits = z, True
    rows, one_hot = np.arange(len(z)), np.eye(z.shape[1])[CLASSES]
    if loss == "sparse":  # log of the clipped outputs as logits, then softmax crossentropy
        logits = out if from_logits else np.log(np.clip(out, EPSILON, 1 - EPSILON))
        per_sample = _log_sum_exp(logits)[:, 0] - logits[rows, CLASSES]
    elif loss == "cce":
        if from_logits:
            log_p = out - _log_sum_exp(out)
        else:
            log_p = np.log(np.clip(out / out.sum(axis=-1, keepdims=True), EPSILON, 1 - EPSILON))
        per_sample = -(one_hot * log_p).sum(axis=-1)
    else:
        if from_logits:  # tf.nn.sigmoid_cross_entropy_with_logits
            per_output = np.maximum(out, 0) - out * one_hot + np.log1p(np.exp(-np.abs(out)))
        else:
            p = np.clip(out, EPSILON, 1 - EPSILON)
            per_output = -(one_hot * np.log(p) + (1 - one_hot) * np.log(1 - p))
        per_sample = per_output.mean(axis=-1)
    return float(per_sample.mean())


def _model(activation: str, loss) -> Sequential:
    model = Sequential([Input(shape=(2,)), Dense(3, activation=activation)])
    model.set_weights([KERNEL.astype(np.float32), BIAS.astype(np.float32)])
    model.compile(loss=loss, optimizer="sgd")
    return model


def _labels(loss: str) -> np.ndarray:
    return CLASSES if loss == "sparse" else np.eye(3, dtype=np.float32)[CLASSES]


def _numeric_gradient(loss: str, activation: str, from_logits: bool, h: float = 1e-6):
    """Central differences of Keras's formula in each kernel and bias entry."""
    grads = []
    for weight in (KERNEL, BIAS):
        grad = np.zeros_like(weight)
        for i in np.ndindex(weight.shape):
            nudged = []
            for step in (h, -h):
                kernel, bias = KERNEL.copy(), BIAS.copy()
                (kernel if weight is KERNEL else bias)[i] += step
                nudged.append(keras_tf_loss(loss, activation, from_logits, X @ kernel + bias))
            grad[i] = (nudged[0] - nudged[1]) / (2 * h)
        grads.append(grad)
    return grads


CASES = list(itertools.product(LOSSES, ACTIVATIONS, (False, True)))


@pytest.mark.parametrize(("loss", "activation", "from_logits"), CASES)
def test_loss_and_gradient_are_keras_tensorflow_formula(loss, activation, from_logits):
    model = _model(activation, LOSSES[loss](from_logits=from_logits))
    step = trace_train_step(model, X.astype(np.float32), _labels(loss))
    expected = keras_tf_loss(loss, activation, from_logits, X @ KERNEL + BIAS)
    assert step.loss == pytest.approx(expected, rel=1e-6)
    numeric = _numeric_gradient(loss, activation, from_logits)
    for ours, theirs in zip((w.gradient for w in step.weights), numeric, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)


def test_a_sigmoid_output_with_sparse_crossentropy_is_softmax_crossentropy_of_z():
    """z = (2, 0, -1), class 0: TensorFlow gives log(e^2 + 1 + e^-1) - 2 = 0.169846, the
    softmax crossentropy of z; normalised sigmoids, as Keras's JAX, PyTorch and NumPy backends
    compute it, would give -log(σ(2) / (σ(2) + σ(0) + σ(-1))) = 0.627545."""
    model = Sequential([Input(shape=(2,)), Dense(3, activation="sigmoid")])
    model.set_weights([np.zeros((2, 3), np.float32), np.array([2, 0, -1], np.float32)])
    model.compile(loss=SparseCategoricalCrossentropy(), optimizer="sgd")
    assert model.evaluate(np.zeros((1, 2)), np.array([0])) == pytest.approx(0.169846, abs=1e-6)
    model.compile(loss=SparseCategoricalCrossentropy(from_logits=True), optimizer="sgd")
    assert model.evaluate(np.zeros((1, 2)), np.array([0])) == pytest.approx(0.169846, abs=1e-6)
