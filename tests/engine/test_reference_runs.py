"""The training runs recorded with real Keras 3.15.1 on TensorFlow 2.21, reproduced: the first
nine (the course's layers, losses and optimizers) and the runs record.py added for the rest
(every other activation, MAE, Huber, label smoothing, AdamW, amsgrad, centered RMSprop, weight
decay, the three clippings, Normalization and Dropout, and each crossentropy after each kind of
output layer).

The runs and their tolerances are described in keras_reference/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tutor.engine import Dense, Dropout, Input, Normalization, Sequential, losses, optimizers

RUNS = sorted((Path(__file__).parent / "keras_reference").glob("*.json"))


def _close(ours: np.ndarray, keras: np.ndarray, absolute: float, relative: float) -> np.ndarray:
    return np.abs(ours - keras) <= absolute + relative * np.abs(keras)


def _layer(spec: list) -> Dense | Normalization | Dropout:
    """`[units, activation]` is a Dense layer; `["normalization"]` and `["dropout", rate]`."""
    if spec[0] == "normalization":
        return Normalization()
    if spec[0] == "dropout":
        return Dropout(spec[1])
    return Dense(spec[0], activation=spec[1])


def _train(run: dict) -> tuple[Sequential, dict]:
    model = Sequential([Input(shape=(len(run["X"][0]),)), *map(_layer, run["layers"])])
    X = np.array(run["X"], dtype=np.float32)
    for layer in model.layers:
        if isinstance(layer, Normalization):
            layer.adapt(X)
    adapted = model.get_weights()
    keras_initial = [
        np.array(w, dtype=a.dtype) for w, a in zip(run["initial_weights"], adapted, strict=True)
    ]
    for layer_index, layer in enumerate(model.layers):
        if isinstance(layer, Normalization):  # adapt measured what Keras's adapt measured
            first = sum(len(earlier.weights) for earlier in model.layers[:layer_index])
            for ours, keras in zip(
                adapted[first : first + 2], keras_initial[first : first + 2], strict=True
            ):
                assert np.allclose(ours, keras, rtol=1e-6, atol=1e-6)
    model.set_weights(keras_initial)
    loss = getattr(losses, run["loss"]["name"])(**run["loss"].get("kwargs", {}))
    optimizer = getattr(optimizers, run["optimizer"]["name"])(**run["optimizer"].get("kwargs", {}))
    default_metrics = [] if run["loss"]["name"] == "MeanSquaredError" else ["accuracy"]
    model.compile(optimizer=optimizer, loss=loss, metrics=run.get("metrics", default_metrics))
    if run["fit"] is None:  # an inference-only run (Dropout's masks cannot match Keras's)
        return model, {}
    history = model.fit(run["X"], run["y"], shuffle=False, verbose=0, **run["fit"])
    return model, history.history


def test_all_runs_are_here():
    """The first nine from shared/keras-reference, and the 32 + 23 output heads (every pair but
    relu with categorical crossentropy, NaN in Keras) that record.py writes."""
    assert len(RUNS) == 9 + 32 + 23


@pytest.fixture(scope="module", params=RUNS, ids=lambda path: path.stem)
def reproduced(request):
    run = json.loads(request.param.read_text())
    model, history = _train(run)
    return run, model, history


def test_history_matches_every_epoch(reproduced):
    run, _, history = reproduced
    expected = run["expected"]["history"]
    assert sorted(history) == sorted(expected)
    for key, keras_values in expected.items():
        ours = np.array(history[key])
        assert len(ours) == len(keras_values), key
        ok = np.abs(ours - keras_values) <= 1e-4 * (np.abs(keras_values) + 1e-3)
        assert ok.all(), (key, np.flatnonzero(~ok), ours[~ok], np.array(keras_values)[~ok])


def test_final_weights_match(reproduced):
    run, model, _ = reproduced
    for i, (ours, keras) in enumerate(
        zip(model.get_weights(), run["expected"]["final_weights"], strict=True)
    ):
        keras = np.array(keras, dtype=np.float32)
        assert ours.shape == keras.shape
        ok = _close(ours, keras, 2e-4, 1e-4)
        assert ok.all(), (i, np.abs(ours - keras).max())


def test_predictions_match(reproduced):
    run, model, _ = reproduced
    ours = model.predict(run["expected"]["X_test"])
    keras = np.array(run["expected"]["predictions"], dtype=np.float32)
    assert ours.dtype == np.float32
    assert np.abs(ours - keras).max() <= 1e-4


def test_evaluate_matches(reproduced):
    run, model, _ = reproduced
    ours = model.evaluate(run["X"], run["y"], return_dict=True)
    keras = run["expected"]["evaluate"]
    assert sorted(ours) == sorted(keras)
    for key, value in keras.items():
        assert abs(ours[key] - value) <= 1e-4 * (abs(value) + 1e-3), key
