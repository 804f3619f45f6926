"""Properties of the numerics that must hold for any input, checked with hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tutor.engine import Dense, Sequential, activations
from tutor.engine.gradcheck import check_gradients
from tutor.engine.losses import BinaryCrossentropy, SparseCategoricalCrossentropy

finite = st.floats(-50, 50, allow_nan=False, width=32)
matrices = arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(1, 5)), elements=finite)


@given(matrices)
def test_softmax_rows_are_probabilities_and_ignore_a_shift(z):
    p = activations.softmax(z)
    assert np.all(p >= 0) and np.all(p <= 1)
    np.testing.assert_allclose(p.sum(axis=-1), 1, rtol=1e-5)
    np.testing.assert_allclose(activations.softmax(z + 7), p, atol=1e-6)


@given(matrices)
def test_sigmoid_is_bounded_and_symmetric(z):
    a = activations.sigmoid(z)
    assert np.all(a >= 0) and np.all(a <= 1)
    np.testing.assert_allclose(activations.sigmoid(-z), 1 - a, atol=1e-6)


@given(arrays(np.float32, st.integers(1, 8), elements=st.floats(-15, 15, width=32)))
def test_crossentropy_from_logits_equals_it_from_probabilities(z):
    """Where nothing is clipped, reading the logits gives the textbook value."""
    y = (np.arange(len(z)) % 2).astype(np.float32)
    p = 1 / (1 + np.exp(-z.astype(np.float64)))
    by_hand = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert np.isclose(BinaryCrossentropy(from_logits=True)(y, z), by_hand, rtol=1e-4, atol=1e-6)


@settings(max_examples=25, deadline=None, derandomize=True)  # relu kinks: fixed draws
@given(
    st.integers(1, 5),
    st.integers(1, 4),
    st.sampled_from(list(activations.ACTIVATIONS)),
    st.integers(0, 2**16),
)
def test_gradients_check_out_for_any_small_network(width, hidden, activation, seed):
    rng = np.random.default_rng(seed)
    model = Sequential([Dense(hidden, activation), Dense(3, "softmax")])
    model.compile(loss=SparseCategoricalCrossentropy())
    result = check_gradients(model, rng.normal(size=(5, width)), rng.integers(0, 3, 5))
    assert result.ok, result.max_relative_error
