"""The nine training runs recorded with real Keras 3.15.1 on TensorFlow 2.21, reproduced.

The runs and their tolerances are described in keras_reference/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tutor.engine import Dense, Sequential, losses, optimizers

RUNS = sorted((Path(__file__).parent / "keras_reference").glob("*.json"))


def _close(ours: np.ndarray, keras: np.ndarray, absolute: float, relative: float) -> np.ndarray:
    return np.abs(ours - keras) <= absolute + relative * np.abs(keras)


def _train(run: dict) -> tuple[Sequential, dict]:
    model = Sequential([Dense(units, activation=act) for units, act in run["layers"]])
    model.build((None, len(run["X"][0])))
    model.set_weights([np.array(w, dtype=np.float32) for w in run["initial_weights"]])
    loss = getattr(losses, run["loss"]["name"])(**run["loss"].get("kwargs", {}))
    optimizer = getattr(optimizers, run["optimizer"]["name"])(**run["optimizer"].get("kwargs", {}))
    metrics = [] if run["loss"]["name"] == "MeanSquaredError" else ["accuracy"]
    model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    history = model.fit(run["X"], run["y"], shuffle=False, verbose=0, **run["fit"])
    return model, history.history


def test_all_nine_runs_are_here():
    assert len(RUNS) == 9


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
