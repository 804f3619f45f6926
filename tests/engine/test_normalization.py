"""Normalization as Keras 3 defines it: adapt measures, the layer rescales, nothing trains it."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.engine import Dense, Input, Normalization, Sequential, layers
from tutor.engine.datasets import load_coffee
from tutor.engine.errors import EngineError
from tutor.engine.gradcheck import check_gradients
from tutor.engine.losses import BinaryCrossentropy
from tutor.engine.optimizers import Adam
from tutor.engine.trace import trace_forward, trace_train_step, weight_names

# The examples of Keras's own docstring (keras/src/layers/preprocessing/normalization.py).
KERAS_ADAPT_DATA = np.array([[0, 7, 4], [2, 9, 6], [0, 7, 4], [2, 9, 6]], dtype=np.float32)


def _coffee_model(norm: Normalization | None = None) -> Sequential:
    stack = [Input(shape=(2,)), *([norm] if norm else []), Dense(3, "sigmoid"), Dense(1, "sigmoid")]
    model = Sequential(stack)
    model.compile(loss=BinaryCrossentropy(), optimizer=Adam(0.1), metrics=["accuracy"])
    return model


def _summary(model: Sequential) -> str:
    printed: list[str] = []
    model.summary(print_fn=printed.append)
    return printed[0]


# --- what adapt measures, and the formula ------------------------------------------------------


def test_exported_where_keras_has_it():
    assert layers.Normalization is Normalization


def test_adapt_stores_the_population_mean_and_variance_per_feature():
    X = load_coffee().X
    norm = Normalization()
    norm.adapt(X)
    mean, variance, count = norm.get_weights()
    np.testing.assert_array_equal(mean, X.mean(axis=0))
    np.testing.assert_array_equal(variance, X.var(axis=0))  # ddof=0, not the sample variance
    assert mean.dtype == variance.dtype == np.float32
    assert count.dtype == np.int64 and count.shape == () and count == 0  # Keras never counts


def test_keras_docstring_example_per_feature():
    norm = Normalization(axis=-1)
    norm.adapt(KERAS_ADAPT_DATA)
    np.testing.assert_array_equal(norm(KERAS_ADAPT_DATA[:1]), [[-1.0, -1.0, -1.0]])


def test_given_mean_and_variance_keras_example():
    out = Normalization(mean=3.0, variance=2.0)(np.array([[1.0], [2.0], [3.0]]))
    np.testing.assert_allclose(out, [[-1.4142135], [-0.70710677], [0.0]], rtol=1e-7)


def test_invert_maps_normalized_values_back():
    norm = Normalization(invert=True)
    norm.adapt(KERAS_ADAPT_DATA)
    np.testing.assert_array_equal(norm(np.array([[1.0, 2.0, 3.0]])), [[2.0, 10.0, 8.0]])


def test_output_is_x_minus_mean_over_max_of_std_and_epsilon():
    X = load_coffee().X
    norm = Normalization()
    norm.adapt(X)
    expected = (X - X.mean(axis=0)) / np.maximum(np.sqrt(X.var(axis=0)), np.float32(1e-7))
    out = norm(X)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=0), 1, atol=1e-5)


def test_a_feature_with_zero_variance_is_divided_by_epsilon_not_zero():
    X = np.array([[1.0, 5.0], [3.0, 5.0]], dtype=np.float32)
    norm = Normalization()
    norm.adapt(X)
    assert norm.get_weights()[1][1] == 0
    out = norm(np.array([[2.0, 5.0], [2.0, 5.5]]))
    assert np.isfinite(out).all()
    np.testing.assert_array_equal(out[:, 0], [0.0, 0.0])
    assert out[0, 1] == 0.0
    assert out[1, 1] == pytest.approx(0.5 / 1e-7, rel=1e-6)


# --- weights: non-trainable, counted, in Keras's order, untouched by fit -----------------------


def test_summary_counts_mean_variance_and_count_as_non_trainable():
    norm = Normalization()
    model = _coffee_model(norm)
    norm.adapt(load_coffee().X)
    text = _summary(model)
    assert "normalization (Normaliza…" in text
    row = next(line for line in text.splitlines() if line.startswith("│ normalization"))
    assert "(None, 2)" in row and row.rstrip("│ ").endswith("5")
    # 2 means + 2 variances (float32) + the int64 count: 5 params, 8 + 8 + 8 bytes, as Keras.
    assert " Total params: 18 (76.00 B)" in text
    assert " Trainable params: 13 (52.00 B)" in text
    assert " Non-trainable params: 5 (24.00 B)" in text
    assert model.count_params() == 18


def test_given_mean_and_variance_are_constants_not_weights():
    model = Sequential([Input(shape=(2,)), Normalization(mean=[1, 2], variance=[4, 9]), Dense(1)])
    assert model.layers[0].weights == []
    assert model.layers[0].count_params() == 0
    assert " Non-trainable params: 0 (0.00 B)" in _summary(model)


def test_model_weights_in_keras_order_and_set_weights_round_trips():
    norm = Normalization()
    model = _coffee_model(norm)
    norm.adapt(load_coffee().X)
    names = weight_names(model)
    assert names[:4] == [
        "normalization/mean",
        "normalization/variance",
        "normalization/count",
        "dense/kernel",
    ]
    assert weight_names(model, trainable_only=True)[0] == "dense/kernel"
    saved = model.get_weights()
    assert [w.shape for w in saved] == [(2,), (2,), (), (2, 3), (3,), (3, 1), (1,)]

    twin_norm = Normalization()
    twin = _coffee_model(twin_norm)
    twin.set_weights(saved)  # counts as adapted: the numbers came from an adapted layer
    np.testing.assert_array_equal(twin.predict(load_coffee().X), model.predict(load_coffee().X))


def test_fit_never_changes_mean_and_variance_but_trains_the_rest():
    X, y = load_coffee()
    norm = Normalization()
    model = _coffee_model(norm)
    norm.adapt(X)
    before = model.get_weights()
    model.fit(X, y, epochs=3, verbose=0)
    after = model.get_weights()
    for kept, now in zip(before[:3], after[:3], strict=True):
        np.testing.assert_array_equal(kept, now)
    assert not np.array_equal(before[3], after[3])
    assert all(w.base is not model._flat for w in model.non_trainable_weights)


def test_gradients_flow_through_it_to_the_layers_before():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 2)).astype(np.float32) * 50 + 200
    y = (rng.random((8, 1)) > 0.5).astype(np.float32)
    for invert in (False, True):
        first = Normalization()
        first.adapt(x)
        middle = Normalization(mean=[0.5, -1.0, 2.0], variance=[0.25, 4.0, 9.0], invert=invert)
        model = Sequential(
            [Input(shape=(2,)), first, Dense(3, "tanh"), middle, Dense(1, "sigmoid")]
        )
        model.compile(loss=BinaryCrossentropy(), optimizer="sgd")
        check = check_gradients(model, x, y)
        assert check.ok, check.max_relative_error
        hidden = model.layers[1]  # its gradient reaches it only through the middle layer
        assert check.weights[0].name == f"{hidden.name}/kernel"
        assert len(check.weights) == 4  # the two Dense layers' kernel and bias, nothing else


def test_trace_skips_it_and_shows_what_the_first_dense_receives():
    X, y = load_coffee()
    norm = Normalization()
    model = _coffee_model(norm)
    norm.adapt(X)
    trace = trace_forward(model, X[:3])
    assert [layer.name for layer in trace.layers] == ["dense", "dense_1"]
    np.testing.assert_array_equal(trace.layers[0].a_in, norm(X[:3]))
    step = trace_train_step(model, X[:4], y[:4])
    assert [w.name for w in step.weights] == [
        "dense/kernel",
        "dense/bias",
        "dense_1/kernel",
        "dense_1/bias",
    ]


def test_raw_coffee_trains_with_it_and_not_without():
    X, y = load_coffee()  # raw: temperatures in the hundreds
    norm = Normalization()
    model = _coffee_model(norm)
    norm.adapt(X)
    with_it = model.fit(X, y, epochs=100, verbose=0).history["accuracy"][-1]
    without = _coffee_model().fit(X, y, epochs=100, verbose=0).history["accuracy"][-1]
    assert with_it >= 0.9
    assert without == pytest.approx(1 - float(y.mean()))  # every roast called bad


# --- errors ------------------------------------------------------------------------------------


def test_using_it_before_adapt_says_to_adapt():
    X, y = load_coffee()
    model = _coffee_model(Normalization())
    for use in (lambda: model.fit(X, y, verbose=0), lambda: model.predict(X)):
        with pytest.raises(
            EngineError, match=r"has not been adapted: call normalization\.adapt\(X_train\)"
        ):
            use()
    with pytest.raises(EngineError, match="has not been adapted"):
        Normalization()(X)


def test_mean_without_variance_is_refused():
    with pytest.raises(EngineError, match="mean and variance together"):
        Normalization(mean=[0.0, 1.0])


def test_mean_of_the_wrong_width_is_refused():
    with pytest.raises(EngineError, match="does not fit inputs of 2 features"):
        Sequential([Input(shape=(2,)), Normalization(mean=[1, 2, 3], variance=[1, 1, 1])])


def test_only_the_feature_axis_is_supported():
    with pytest.raises(EngineError, match="axis=-1"):
        Normalization(axis=None)


def test_adapt_refuses_data_of_another_width_or_with_nan():
    norm = Normalization()
    norm.adapt(np.ones((4, 2)))
    with pytest.raises(EngineError, match="expects 2 input features per sample"):
        norm.adapt(np.ones((4, 3)))
    with pytest.raises(EngineError, match="NaN or infinite"):
        Normalization().adapt(np.array([[1.0, np.nan]]))
    with pytest.raises(EngineError, match="nothing to adapt"):
        Normalization(mean=0.0, variance=1.0).adapt(np.ones((4, 2)))


def test_a_model_of_normalization_alone_has_nothing_to_train():
    norm = Normalization()
    norm.adapt(np.ones((4, 2)))
    model = Sequential([Input(shape=(2,)), norm])
    model.compile(loss="mse", optimizer="sgd")
    with pytest.raises(EngineError, match="no trainable weights"):
        model.fit(np.ones((4, 2)), np.ones((4, 2)), verbose=0)
