"""Under the hood: the recorded forward pass and training step are the engine's own numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tutor.engine import Dense, Input, Sequential
from tutor.engine.errors import EngineError
from tutor.engine.losses import BinaryCrossentropy
from tutor.engine.optimizers import SGD, Adam
from tutor.engine.trace import trace_forward, trace_train_step

X = np.array([[200.0, 13.9], [200.0, 17.0], [120.0, 15.0]], dtype=np.float32) / 100
Y = np.array([[1.0], [0.0], [0.0]], dtype=np.float32)


def _model(optimizer=None) -> Sequential:
    model = Sequential([Input(shape=(2,)), Dense(3, "sigmoid"), Dense(1, "sigmoid")])
    model.compile(loss=BinaryCrossentropy(), optimizer=optimizer or SGD(learning_rate=0.1))
    return model


def test_forward_trace_is_z_equals_a_in_at_w_plus_b_then_g():
    model = _model()
    trace = trace_forward(model, X[:1])
    first, second = trace.layers
    assert (first.name, first.activation) == ("dense", "sigmoid")
    np.testing.assert_array_equal(first.a_in, X[:1])
    np.testing.assert_allclose(first.z, X[:1] @ first.W + first.b, rtol=1e-6)
    np.testing.assert_allclose(first.a, 1 / (1 + np.exp(-first.z)), rtol=1e-6)
    np.testing.assert_array_equal(second.a_in, first.a)
    np.testing.assert_array_equal(trace.output, model.predict(X[:1]))


def test_forward_trace_to_dict_is_json_with_shapes():
    data = trace_forward(_model(), X).to_dict()
    json.dumps(data)
    layer = data["layers"][0]
    assert layer["shapes"] == {"a_in": [3, 2], "W": [2, 3], "b": [3], "z": [3, 3], "a": [3, 3]}
    assert len(layer["W"]) == 2 and len(layer["W"][0]) == 3
    assert data["layers"][1]["shapes"]["a"] == [3, 1]


def test_train_step_shows_gradient_and_update_without_changing_the_model():
    model = _model(SGD(learning_rate=0.1))
    before = model.get_weights()
    step = trace_train_step(model, X, Y)
    assert not step.applied
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))
    assert [w.name for w in step.weights] == [
        "dense/kernel",
        "dense/bias",
        "dense_1/kernel",
        "dense_1/bias",
    ]
    for w in step.weights:  # plain SGD: update = -learning_rate * gradient
        # (after - before in float32 is exact to about one unit in the last place of w)
        np.testing.assert_allclose(w.update, -0.1 * w.gradient, rtol=1e-4, atol=2e-7)
        np.testing.assert_allclose(w.after, w.before + w.update, rtol=1e-6)
    assert step.loss == pytest.approx(model.evaluate(X, Y), rel=1e-6)


def test_output_bias_gradient_is_the_mean_error():
    """For sigmoid + binary crossentropy, dL/db of the output is mean(a - y)."""
    model = _model()
    step = trace_train_step(model, X, Y)
    a = model.predict(X)
    np.testing.assert_allclose(step.weight("dense_1/bias").gradient, (a - Y).mean(0), rtol=1e-5)


def test_a_misspelt_weight_name_says_which_names_exist():
    step = trace_train_step(_model(), X, Y)
    with pytest.raises(EngineError, match=r"Did you mean 'dense_1/kernel'.*dense/bias"):
        step.weight("dense1/kernel")


def test_applying_the_step_is_what_fit_does():
    traced, fitted = _model(Adam(0.01)), _model(Adam(0.01))
    fitted.set_weights(traced.get_weights())
    step = trace_train_step(traced, X, Y, apply=True)
    fitted.fit(X, Y, batch_size=3, epochs=1, shuffle=False, verbose=0)
    assert step.applied and step.step == 1
    for ours, theirs in zip(traced.get_weights(), fitted.get_weights(), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert trace_train_step(traced, X, Y).step == 2  # the optimizer's state moved on


def test_an_unapplied_adam_step_leaves_the_optimizer_state_alone():
    model = _model(Adam(0.01))
    first = trace_train_step(model, X, Y)
    again = trace_train_step(model, X, Y)
    assert first.step == again.step == 1
    np.testing.assert_array_equal(first.weights[0].update, again.weights[0].update)


def test_step_to_dict_is_json():
    data = trace_train_step(_model(), X, Y).to_dict()
    text = json.dumps(data)
    assert '"dense_1/bias"' in text
    assert data["optimizer"] == "SGD(learning_rate=0.1)"
    assert data["weights"][0]["shape"] == [2, 3]
    assert isinstance(data["loss"], float)


def test_train_step_before_compile_says_what_to_do():
    model = Sequential([Dense(1, "sigmoid")])
    with pytest.raises(EngineError, match=r"Call model.compile\(.*\) before trace_train_step"):
        trace_train_step(model, X, Y)
