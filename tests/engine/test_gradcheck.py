"""Backpropagation agrees with finite differences on every activation × loss pair that makes
sense."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.engine import Dense, Sequential, activations, initializers
from tutor.engine.gradcheck import check_gradients
from tutor.engine.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    Huber,
    MeanAbsoluteError,
    MeanSquaredError,
    SparseCategoricalCrossentropy,
)

# Every activation the engine knows, once each (swish and hard_swish are other names).
ACTIVATIONS = [name for name, g in activations.ACTIVATIONS.items() if g.__name__ == name]
SAMPLES, UNITS = 6, 3


def _probability_outputs() -> dict:
    """A linear output near 0.3, so a loss that reads it as probabilities stays unclipped."""
    return {
        "kernel_initializer": initializers.RandomNormal(stddev=0.05, seed=1),
        "bias_initializer": initializers.Constant(0.3),
    }


# (labels, output activation, loss, extra Dense arguments for the output layer)
PAIRS = [
    *[("numbers", act, MeanSquaredError, {}) for act in ACTIVATIONS],
    # An odd count of samples, so the signs of the errors can never cancel to a zero gradient.
    *[("odd_numbers", act, MeanAbsoluteError, {}) for act in ACTIVATIONS],
    *[("numbers", act, lambda: Huber(delta=0.5), {}) for act in ACTIVATIONS],
    ("binary", "sigmoid", lambda: BinaryCrossentropy(label_smoothing=0.2), {}),
    ("binary", "linear", lambda: BinaryCrossentropy(from_logits=True, label_smoothing=0.1), {}),
    ("binary", "linear", lambda: BinaryCrossentropy(label_smoothing=0.1), _probability_outputs()),
    ("one_hot", "softmax", lambda: CategoricalCrossentropy(label_smoothing=0.2), {}),
    (
        "one_hot",
        "linear",
        lambda: CategoricalCrossentropy(from_logits=True, label_smoothing=0.1),
        {},
    ),
    ("binary", "sigmoid", BinaryCrossentropy, {}),  # TF reads the logits
    ("binary", "softmax", BinaryCrossentropy, {}),  # TF reads the logits here too
    ("binary", "linear", lambda: BinaryCrossentropy(from_logits=True), {}),
    ("binary", "linear", BinaryCrossentropy, _probability_outputs()),  # from clipped p
    ("classes", "softmax", SparseCategoricalCrossentropy, {}),
    ("classes", "sigmoid", SparseCategoricalCrossentropy, {}),
    ("classes", "linear", lambda: SparseCategoricalCrossentropy(from_logits=True), {}),
    ("classes", "linear", SparseCategoricalCrossentropy, _probability_outputs()),
    ("one_hot", "softmax", CategoricalCrossentropy, {}),
    ("one_hot", "sigmoid", CategoricalCrossentropy, {}),
    ("one_hot", "linear", lambda: CategoricalCrossentropy(from_logits=True), {}),
    ("one_hot", "linear", CategoricalCrossentropy, _probability_outputs()),
]


def _labels(kind: str, rng: np.random.Generator) -> np.ndarray:
    classes = rng.integers(0, UNITS, SAMPLES)
    return {
        "numbers": rng.normal(size=(SAMPLES, UNITS)),
        "odd_numbers": rng.normal(size=(SAMPLES - 1, UNITS)),
        "binary": rng.integers(0, 2, (SAMPLES, UNITS)).astype(float),
        "classes": classes,
        "one_hot": np.eye(UNITS)[classes],
    }[kind]


def _model(hidden: str, output: str, loss, output_kwargs: dict) -> Sequential:
    model = Sequential(
        [
            Dense(4, hidden, kernel_initializer=initializers.GlorotUniform(seed=3)),
            Dense(UNITS, output, **output_kwargs),
        ]
    )
    model.compile(loss=loss())
    return model


@pytest.mark.parametrize("hidden", ACTIVATIONS)
@pytest.mark.parametrize(
    ("labels", "output", "loss", "output_kwargs"),
    PAIRS,
    ids=[f"{labels}-{out}-{i}" for i, (labels, out, _, _) in enumerate(PAIRS)],
)
def test_backprop_matches_finite_differences(hidden, labels, output, loss, output_kwargs):
    rng = np.random.default_rng(0)
    model = _model(hidden, output, loss, output_kwargs)
    x = rng.normal(size=(SAMPLES, 2))
    y = _labels(labels, rng)
    if hidden == "exponential":
        # e^z stretches this draw so far that a kink (selu's, hard_tanh's, |error|'s) falls
        # within a finite-difference nudge; half-size inputs keep the comparison fair.
        x = x * 0.5
    result = check_gradients(model, x[: len(y)], y)
    assert [w.name for w in result.weights] == [
        "dense/kernel",
        "dense/bias",
        "dense_1/kernel",
        "dense_1/bias",
    ]
    assert result.ok, result.max_relative_error


def test_a_wrong_derivative_is_caught(monkeypatch):
    """The check is not vacuous: break tanh's derivative and it fails."""
    monkeypatch.setitem(activations.BACKWARD, activations.tanh, lambda z, a, grad: grad * (1 - a))
    rng = np.random.default_rng(0)
    model = _model("tanh", "linear", MeanSquaredError, {})
    result = check_gradients(model, rng.normal(size=(SAMPLES, 2)), _labels("numbers", rng))
    assert not result.ok
    assert result.max_relative_error > 1e-2


def test_every_activation_is_checked():
    assert len(ACTIVATIONS) == len(set(activations.ACTIVATIONS.values())) >= 20


def test_the_check_leaves_the_model_alone():
    rng = np.random.default_rng(1)
    model = _model("relu", "sigmoid", BinaryCrossentropy, {})
    model.build((None, 2))
    before = model.get_weights()
    check_gradients(model, rng.normal(size=(SAMPLES, 2)), _labels("binary", rng))
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))
    assert model.get_weights()[0].dtype == np.float32


def test_to_dict_is_plain_data():
    rng = np.random.default_rng(2)
    model = _model("tanh", "softmax", SparseCategoricalCrossentropy, {})
    data = check_gradients(model, rng.normal(size=(SAMPLES, 2)), _labels("classes", rng)).to_dict()
    assert data["ok"] is True
    assert isinstance(data["max_relative_error"], float)
    assert isinstance(data["weights"][0]["analytic"], list)
