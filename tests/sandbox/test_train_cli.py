"""`python -m tutor train`: learns, plots, exports runnable Keras code, refuses bad input."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from tutor.cli import main
from tutor.sandbox.config import TrainConfig
from tutor.sandbox.export import (
    load_session,
    save_session,
    weights_from_bytes,
    weights_to_bytes,
)
from tutor.sandbox.session import SessionError, TrainingSession
from tutor.sandbox.spec import parse_spec
from tutor.store import Store

COFFEE_MODEL = "Sequential([Dense(3, 'sigmoid'), Dense(1, 'sigmoid')])"


def train(capsys, *options: str) -> tuple[int, str, str]:
    code = main(["train", *options])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_source_model_learns_the_coffee_data_and_plots_its_loss(capsys):
    code, out, err = train(
        capsys, "--model", COFFEE_MODEL, "--data", "coffee", "--epochs", "100", "--plot"
    )
    assert code == 0, err
    assert "Epoch 1/100\n7/7 ━━━━━━━━━━━━━━━━━━━━" in out
    assert "Epoch 100/100" in out
    assert "Loss: BinaryCrossentropy(): 0/1 labels and one sigmoid output" in out
    assert "Optimizer: Adam(learning_rate=0.02)" in out
    assert "loss per epoch" in out and "training loss" in out and "\x1b[" not in out
    final = re.search(r"Final, on the 200 training examples: accuracy (\S+), loss (\S+)", out)
    assert final, out
    # 78.5% of the roasts are bad: a model that has learned nothing scores that
    assert float(final.group(1)) >= 0.87
    losses = [float(v) for v in re.findall(r" - loss: (\S+)", out)]
    assert losses[-1] < losses[0] / 2


def test_validation_split_reports_the_held_out_part(capsys):
    code, out, _ = train(
        capsys, "--model", COFFEE_MODEL, "--data", "coffee", "--epochs", "5",
        "--validation-split", "0.2", "--plot",
    )  # fmt: skip
    assert code == 0
    assert " - val_accuracy: " in out and "validation loss" in out
    assert re.search(r"; on the 40 held out: accuracy \S+, loss \S+$", out.strip())


def test_export_writes_valid_keras_code_whose_weights_fit_the_model(capsys, tmp_path):
    target = tmp_path / "coffee_model"
    code, out, err = train(
        capsys, "--model", COFFEE_MODEL, "--data", "coffee", "--epochs", "3",
        "--export", str(target),
    )  # fmt: skip
    assert code == 0, err
    assert (
        f"Exported: {target / 'model.py'}, {target / 'model_weights.npz'} and "
        f"{target / 'data.npz'}" in out
    )
    source = (target / "model.py").read_text()
    tree = ast.parse(source)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names}  # fmt: skip
    assert {"Input", "Sequential", "Dense", "BinaryCrossentropy", "Adam"} <= imported
    assert "from keras import Input, Sequential" in source
    assert "tensorflow" not in source.replace("pip install keras tensorflow", "")
    assert "loss=BinaryCrossentropy()," in source
    assert "optimizer=Adam(learning_rate=0.02)" in source
    assert "\nhistory = model.fit(x, y, epochs=3, batch_size=32)\n" in source
    assert 'with np.load(HERE / "model_weights.npz") as weights:' in source
    with np.load(target / "data.npz") as data:
        assert data["x"].shape == (200, 2) and data["y"].shape == (200, 1)
    # the model in the file is the one trained, with Input fixing its shapes
    spec = parse_spec(source[source.index("model = Sequential") : source.index("model.compile")])
    assert spec.input_width == 2
    built = spec.build()
    with np.load(target / "model_weights.npz") as saved:
        shapes = [saved[f"arr_{i}"].shape for i in range(len(saved.files))]
    assert shapes == [w.shape for w in built.get_weights()] == [(2, 3), (3,), (3, 1), (1,)]


NORMALIZED_MODEL = (
    "Sequential([Input(shape=(2,)), Normalization(), Dense(3, 'sigmoid'), Dense(1, 'sigmoid')])"
)


def test_the_exported_script_runs_through_a_stand_in_keras(capsys, tmp_path):
    """Run model.py against tutor's engine posing as keras: imports, compile, the weights, the
    evaluation (tutor's numbers) and fit all run as written."""
    code, out, err = train(
        capsys, "--model", NORMALIZED_MODEL, "--data", "coffee-raw", "--epochs", "2",
        "--export", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    stand_in = tmp_path / "stand_in" / "keras"
    stand_in.mkdir(parents=True)
    (stand_in / "__init__.py").write_text("from tutor.engine import Input, Sequential\n")
    (stand_in / "layers.py").write_text("from tutor.engine import Dense, Dropout, Normalization\n")
    (stand_in / "losses.py").write_text("from tutor.engine.losses import *\n")
    (stand_in / "optimizers.py").write_text("from tutor.engine.optimizers import *\n")
    result = subprocess.run(
        [sys.executable, str(tmp_path / "model.py")],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(stand_in.parent), "PATH": ""},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert _script_accuracy(result.stdout) == _tutor_accuracy(out)
    assert "Epoch 2/2" in result.stdout


def _tutor_accuracy(out: str) -> float:
    return float(re.search(r"Final, on the \d+ training examples: accuracy (\S+),", out).group(1))


def _script_accuracy(out: str) -> float:
    found = re.search(r"tutor's weights, on x and y: \{'accuracy': ([0-9.]+)", out)
    assert found, out
    return round(float(found.group(1)), 4)


def _keras_python() -> str | None:
    """A Python that can import keras: this one, or the one TUTOR_KERAS_PYTHON names (Keras 3
    with TensorFlow is too big for the project's own dependencies)."""
    if importlib.util.find_spec("keras") is not None:
        return sys.executable
    return os.environ.get("TUTOR_KERAS_PYTHON")


@pytest.mark.skipif(
    _keras_python() is None,
    reason="keras is not importable here; pip install keras tensorflow, or set "
    "TUTOR_KERAS_PYTHON to a Python that has them",
)
def test_the_exported_script_runs_unchanged_under_real_keras(capsys, tmp_path):
    """The coffee roasts in °C and minutes, a Normalization adapted to them: real Keras loads the
    script as written, reaches tutor's accuracy with tutor's weights, and its fit runs."""
    code, out, err = train(
        capsys, "--model", NORMALIZED_MODEL, "--data", "coffee-raw", "--epochs", "3",
        "--export", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    result = subprocess.run(
        [_keras_python(), str(tmp_path / "model.py")],
        capture_output=True,
        text=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert _script_accuracy(result.stdout) == _tutor_accuracy(out)
    assert "Epoch 3/3" in result.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--model", "Sequential([foo(3)])", "--data", "coffee"],
            "--model line 1, column 13: foo(...) is not allowed here; expected Input(...), "
            "Normalization(...), Dense(...) or Dropout(...)",
        ),
        (
            ["--model", "__import__('os').system('true')", "--data", "coffee"],
            "--model line 1, column 1: attribute access (__import__('os').system) is not "
            "allowed; expected Sequential([...])",
        ),
        (
            ["--model", COFFEE_MODEL, "--data", "nope"],
            "unknown dataset 'nope': choose one of coffee, coffee-raw, digits01, digits, xor, "
            "circles, moons, spiral, blobs, or give the path of a .csv file",
        ),
        (
            ["--model", COFFEE_MODEL, "--data", "coffee", "--epochs", "x"],
            "argument --epochs: invalid int value: 'x'",
        ),
        (["--data", "coffee"], "the following arguments are required: --model"),
        (
            ["--model", COFFEE_MODEL, "--data", "coffee", "--lr", "-1"],
            "the learning rate must be above 0 and at most 10, not -1.0",
        ),
        (
            ["--model", COFFEE_MODEL, "--data", "coffee", "--validation-split", "1.5"],
            "the validation split must be from 0 to below 1, not 1.5",
        ),
        (
            ["--model", COFFEE_MODEL, "--data", "coffee", "--seed", "-1"],
            "the seed must be a whole number from 0 to 2,147,483,647, not -1",
        ),
        (
            ["--model", COFFEE_MODEL, "--data", "coffee", "--seed", str(2**32)],
            "the seed must be a whole number from 0 to 2,147,483,647, not 4294967296",
        ),
        (
            ["--model", COFFEE_MODEL, "--data", "coffee", "--optimizer", "adagrad"],
            "unknown optimizer 'adagrad': choose one of adam, adamw, sgd, rmsprop",
        ),
        (
            ["--model", "Sequential([Input(shape=(3,)), Dense(1)])", "--data", "coffee"],
            "Layer 'dense' expects 3 input features per sample (its kernel has shape (3, 1)), "
            "but received 2 (an array of shape (200, 2)).",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, options, message):
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(["train", *options]))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err == f"python -m tutor train: error: {message}\n"


def test_no_traceback_reaches_the_terminal(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "train", "--model", "Sequential([Dense(",
         "--data", "coffee"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "python -m tutor train: error: --model line 1, column 18: this is not valid Python: "
        "'(' was never closed\n"
    )


def test_a_nan_loss_stops_with_the_explanation_and_exit_1(capsys):
    code, out, _ = train(
        capsys, "--model", "Sequential([Dense(3, 'linear'), Dense(1, 'sigmoid')])",
        "--data", "coffee", "--optimizer", "sgd", "--lr", "10", "--epochs", "50",
    )  # fmt: skip
    assert code == 1
    assert "WARNING: Training stopped in epoch" in out
    assert "the loss became nan" in out
    assert "Final, on the 200 training examples:" in out


@pytest.mark.parametrize("epochs", ["1", "3"])
def test_inputs_of_1e30_stop_with_finite_weights_and_exit_1(capsys, tmp_path, epochs):
    rng = np.random.default_rng(0)
    rows = [f"{rng.normal() * 1e30},{rng.normal()},{n % 2}" for n in range(40)]
    csv = tmp_path / "huge.csv"
    csv.write_text("a,b,label\n" + "\n".join(rows) + "\n")
    code, out, _ = train(
        capsys, "--model", "Sequential([Dense(3, 'relu'), Dense(1, 'sigmoid')])",
        "--data", str(csv), "--epochs", epochs,
    )  # fmt: skip
    assert code == 1
    assert "WARNING: Training stopped in epoch 1" in out and "overflowed" in out
    final = re.search(r"Final, on the 40 training examples: accuracy (\S+), loss (\S+)", out)
    assert final and np.isfinite(float(final.group(2))), out


def test_saved_models_come_back_with_their_weights(data_dir):
    store = Store.open(data_dir)
    session = TrainingSession(TrainConfig(data="moons", noise=0.2, epochs=3))
    session.train()
    save_session(store, "my moons", session)
    store.close()
    store = Store.open(data_dir)
    assert store.sandbox.names() == ["my moons"]
    loaded = load_session(store, "my moons")
    assert loaded.config == session.config
    assert loaded.epochs_done == 3  # the weights' epochs, though their history is not kept
    assert loaded.train(epochs=2).message == "Trained 2 epochs."
    assert loaded.epochs_done == 5
    loaded = load_session(store, "my moons")
    for a, b in zip(loaded.model.get_weights(), session.model.get_weights(), strict=True):
        assert np.array_equal(a, b)
    with pytest.raises(SessionError, match="there is no saved model named 'other'"):
        load_session(store, "other")
    with pytest.raises(ValueError, match="a saved model needs a name of 1 to 60 characters"):
        store.sandbox.save("  ", "{}", None, 0)
    store.sandbox.delete("my moons")
    assert store.sandbox.names() == []


def test_weights_survive_the_round_trip_through_bytes():
    weights = [np.arange(6, dtype=np.float32).reshape(2, 3), np.ones(3, dtype=np.float32)]
    back = weights_from_bytes(weights_to_bytes(weights))
    assert all(np.array_equal(a, b) for a, b in zip(weights, back, strict=True))
