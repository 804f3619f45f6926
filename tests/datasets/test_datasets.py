from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.engine.datasets import (
    DATASETS,
    DatasetError,
    draw_digit,
    is_good_roast,
    load_coffee,
    load_digits,
    make_blobs,
    make_circles,
    make_spiral,
    make_xor,
    standardize,
)


def test_coffee_is_the_course_lab_data():
    X, y = load_coffee()
    assert X.shape == (200, 2) and y.shape == (200, 1)
    assert X.dtype == np.float32 and y.dtype == np.float32
    # The lab's printed ranges: temperature 151.32..284.99 °C, duration 11.51..15.45 min.
    assert X[:, 0].min() == pytest.approx(151.32, abs=0.01)
    assert X[:, 0].max() == pytest.approx(284.99, abs=0.01)
    assert X[:, 1].min() == pytest.approx(11.51, abs=0.01)
    assert X[:, 1].max() == pytest.approx(15.45, abs=0.01)
    np.testing.assert_array_equal(y[:, 0], is_good_roast(X[:, 0], X[:, 1]))


def test_good_roast_rule():
    assert is_good_roast(200, 13.5)
    assert not is_good_roast(200, 15.2)  # too long
    assert not is_good_roast(265, 12.5)  # too hot
    assert not is_good_roast(250, 14.5)  # hot roasts must be short: 14.5 > -3/85*250 + 21


def test_normalized_coffee_has_zero_mean_unit_std():
    X, _ = load_coffee(normalized=True)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(X.std(axis=0), 1, atol=1e-5)


def test_standardize_new_inputs_like_the_training_data():
    X, _ = load_coffee()
    new = np.array([[200.0, 13.9]], dtype=np.float32)
    scaled = standardize(new, like=X)
    np.testing.assert_allclose(scaled, (new - X.mean(0)) / X.std(0), rtol=1e-5)


def test_digits_zero_versus_one_and_all_ten():
    binary = load_digits()
    assert binary.X.shape == (360, 64) and binary.y.shape == (360, 1)
    assert int(binary.y.sum()) == 182  # 182 ones, 178 zeros
    assert binary.X.min() == 0 and binary.X.max() == 16
    everything = load_digits(binary=False)
    assert everything.X.shape == (1797, 64) and everything.y.shape == (1797,)
    assert np.bincount(everything.y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_draw_digit_is_eight_lines_of_ink():
    X, _ = load_digits()
    art = draw_digit(X[0])
    assert len(art.splitlines()) == 8
    assert all(len(line) == 16 for line in art.splitlines())
    assert art.strip()  # some ink


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_named_dataset_is_consistent(name):
    data = DATASETS[name]()
    X, y = data
    assert X.dtype == np.float32 and len(X) == len(y)
    assert np.isfinite(X).all()
    if data.task == "multiclass":
        assert y.ndim == 1 and y.max() == data.n_classes - 1
    else:
        assert y.shape == (len(X), 1)


@pytest.mark.parametrize("make", [make_xor, make_circles, make_spiral, make_blobs])
def test_playground_sets_are_reproducible_and_noise_moves_points(make):
    a, b = make(seed=3), make(seed=3)
    np.testing.assert_array_equal(a.X, b.X)
    quiet, noisy = make(noise=0.0, seed=3), make(noise=0.3, seed=3)
    assert not np.allclose(quiet.X, noisy.X)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(4, 500), noise=st.floats(0, 1), seed=st.integers(0, 2**31))
def test_xor_labels_follow_the_signs_when_noise_free(n, noise, seed):
    data = make_xor(n=n, noise=0.0, seed=seed)
    assert data.X.shape == (n, 2)
    np.testing.assert_array_equal(data.y[:, 0], (data.X[:, 0] * data.X[:, 1]) > 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: make_xor(n=2), "n must be a whole number of points, at least 4 (got 2)"),
        (lambda: make_spiral(noise=-1), "noise must be zero or a positive number (got -1)"),
        (lambda: make_circles(factor=1.5), "inner circle's radius, between 0 and 1 (got 1.5)"),
        (lambda: make_blobs(centers=1), "centers must be a whole number from 2 to 10 (got 1)"),
    ],
)
def test_bad_generator_arguments_say_what_is_allowed(call, message):
    with pytest.raises(DatasetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()
