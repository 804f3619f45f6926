"""Losses called directly, as in Keras, and each optimizer's first steps against its formula."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tutor.engine.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    MeanSquaredError,
    SparseCategoricalCrossentropy,
)
from tutor.engine.optimizers import SGD, Adam, RMSprop


def test_binary_crossentropy_on_probabilities_and_on_logits():
    y, p = [0, 1, 0, 0], [0.6, 0.3, 0.2, 0.8]
    by_hand = -(math.log(0.4) + math.log(0.3) + math.log(0.8) + math.log(0.2)) / 4
    assert BinaryCrossentropy()(y, p) == pytest.approx(by_hand, rel=1e-6)
    logits = [-18.6, 0.51, 2.94, -12.8]
    assert BinaryCrossentropy(from_logits=True)(y, logits) == pytest.approx(0.86546, abs=1e-5)


def test_probabilities_are_clipped_so_a_certain_mistake_is_finite():
    assert BinaryCrossentropy()([1.0], [0.0]) == pytest.approx(-math.log(1e-7), rel=1e-5)


def test_categorical_losses_agree_on_the_same_classes():
    p = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
    by_hand = -(math.log(0.95) + math.log(0.1)) / 2
    assert SparseCategoricalCrossentropy()([1, 2], p) == pytest.approx(by_hand, rel=1e-5)
    assert CategoricalCrossentropy()([[0, 1, 0], [0, 0, 1]], p) == pytest.approx(by_hand, rel=1e-5)


def test_mean_squared_error():
    assert MeanSquaredError()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]]) == 0.5


def _two_steps(optimizer, grads=(0.5, -0.25)) -> list[float]:
    w = np.array([1.0], dtype=np.float32)
    seen = []
    for g in grads:
        optimizer.apply([w], [np.array([g], dtype=np.float32)])
        seen.append(float(w[0]))
    return seen


def test_sgd_steps_against_the_gradient():
    assert _two_steps(SGD(learning_rate=0.1)) == pytest.approx([0.95, 0.975])


def test_sgd_momentum_and_nesterov():
    # m = 0.9 m - lr g, w += m
    assert _two_steps(SGD(0.1, momentum=0.9)) == pytest.approx([0.95, 0.95 - 0.045 + 0.025])
    # w += 0.9 m - lr g, with m already updated
    m1 = -0.05
    m2 = 0.9 * m1 + 0.025
    expected = [1 + 0.9 * m1 - 0.05, 1 + 0.9 * m1 - 0.05 + 0.9 * m2 + 0.025]
    assert _two_steps(SGD(0.1, momentum=0.9, nesterov=True)) == pytest.approx(expected)


def test_adam_first_step_moves_by_the_learning_rate():
    # after one step m / sqrt(v) = sign(g) once bias-corrected, so w moves by about lr
    assert _two_steps(Adam(learning_rate=0.01), grads=(0.5,)) == pytest.approx([0.99], abs=1e-6)


def test_rmsprop_divides_by_the_root_mean_square():
    lr, rho, g = 0.001, 0.9, 0.5
    v = (1 - rho) * g * g
    assert _two_steps(RMSprop(), grads=(g,)) == pytest.approx([1 - lr * g / math.sqrt(v + 1e-7)])


def test_optimizer_counts_its_steps():
    adam = Adam()
    _two_steps(adam)
    assert adam.iterations == 2


def test_names_as_keras_takes_them():
    from tutor.engine import losses, optimizers

    assert isinstance(losses.get("BinaryCrossentropy"), BinaryCrossentropy)
    assert isinstance(losses.get("mse"), MeanSquaredError)
    assert isinstance(optimizers.get("Adam"), Adam)
    assert optimizers.get("sgd").learning_rate == 0.01
    assert optimizers.get("rmsprop").learning_rate == 0.001
