"""Record the reference runs beyond the first nine with real Keras (not tutor's engine).

Run it in a virtual environment of its own, never the project's (it needs TensorFlow):

    python3 -m venv /tmp/keras-venv && /tmp/keras-venv/bin/pip install tensorflow-cpu keras
    /tmp/keras-venv/bin/python tests/engine/keras_reference/record.py [NAME_PREFIX ...]

It writes one JSON file per case beside itself, in the format README.md describes, and skips the
first nine (which came from the project's shared/keras-reference and are never rewritten). Given
name prefixes (e.g. `head_`), it records only the cases whose names start with one of them.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import keras
import numpy as np
import tensorflow as tf

HERE = Path(__file__).parent
ONLY = sys.argv[1:]  # name prefixes to record; none records every case


def blobs(n: int = 96, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Three Gaussian blobs in 2-D, labelled 0, 1, 2."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 1.5], [-1.5, -1.0], [1.5, -1.0]])
    labels = np.arange(n) % 3
    X = centres[labels] + rng.normal(scale=0.8, size=(n, 2))
    return X.astype(np.float32), labels.astype(np.int64)


def regression(n: int = 96, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """y = sin(x0) + 0.5 x1^2 - 0.3 x0 x1 plus noise: a curve a hidden layer has to bend to."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 2))
    y = np.sin(X[:, :1]) + 0.5 * X[:, 1:] ** 2 - 0.3 * X[:, :1] * X[:, 1:]
    y += rng.normal(scale=0.1, size=y.shape)
    return X.astype(np.float32), y.astype(np.float32)


def coffee_raw(n: int = 200, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """tutor's coffee roasts in °C and minutes, made as tutor.engine.datasets.coffee makes them."""
    rng = np.random.default_rng(seed)
    X = rng.random(2 * n).reshape(-1, 2)
    X[:, 1] = X[:, 1] * 4 + 11.5
    X[:, 0] = X[:, 0] * (285 - 150) + 150
    t, d = X[:, 0], X[:, 1]
    good = (t > 175) & (t < 260) & (d > 12) & (d < 15) & (d <= -3 / 85 * t + 21)
    return X.astype(np.float32), good.astype(np.float32).reshape(-1, 1)


def _layer(spec: list) -> keras.layers.Layer:
    kind = spec[0]
    if kind == "normalization":
        return keras.layers.Normalization()
    if kind == "dropout":
        return keras.layers.Dropout(spec[1])
    return keras.layers.Dense(spec[0], activation=spec[1])


def record(
    name: str,
    data: str,
    layers: list[list],
    loss: dict,
    optimizer: dict,
    fit: dict | None,
    metrics: list[str],
    seed: int = 0,
) -> None:
    if ONLY and not name.startswith(tuple(ONLY)):
        return
    X, y = {"blobs": blobs, "regression": regression, "coffee_raw": coffee_raw}[data]()
    if data == "blobs" and loss["name"] in ("CategoricalCrossentropy", "BinaryCrossentropy"):
        y = np.eye(3, dtype=np.float32)[y]  # one-hot rows (for BCE: three yes/no labels)
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(X.shape[1],)), *map(_layer, layers)])
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt(X)
    initial = [w.tolist() for w in model.get_weights()]
    model.compile(
        optimizer=getattr(keras.optimizers, optimizer["name"])(**optimizer.get("kwargs", {})),
        loss=getattr(keras.losses, loss["name"])(**loss.get("kwargs", {})),
        metrics=metrics,
    )
    history = {}
    if fit is not None:
        history = model.fit(X, y, shuffle=False, verbose=0, **fit).history
    X_test = X[:7]
    run = {
        "name": name,
        "data": data,
        "layers": layers,
        "loss": loss,
        "optimizer": optimizer,
        "fit": fit,
        "metrics": metrics,
        "seed": seed,
        "keras_version": f"keras {keras.__version__}, tensorflow {tf.__version__}",
        "X": X.tolist(),
        "y": y.tolist(),
        "initial_weights": initial,
        "expected": {
            "history": {k: [float(v) for v in vs] for k, vs in history.items()},
            "final_weights": [w.tolist() for w in model.get_weights()],
            "X_test": X_test.tolist(),
            "predictions": model.predict(X_test, verbose=0).tolist(),
            "evaluate": {
                k: float(v) for k, v in model.evaluate(X, y, verbose=0, return_dict=True).items()
            },
        },
    }
    (HERE / f"{name}.json").write_text(json.dumps(run) + "\n")
    print(name, {k: round(v[-1], 5) for k, v in run["expected"]["history"].items()})


MSE = {"name": "MeanSquaredError"}
ADAM = {"name": "Adam", "kwargs": {"learning_rate": 0.01}}
SPARSE = {"name": "SparseCategoricalCrossentropy"}
FIT = {"epochs": 20, "batch_size": 16}
NEW_ACTIVATIONS = [
    "leaky_relu",
    "relu6",
    "elu",
    "selu",
    "celu",
    "softplus",
    "softsign",
    "silu",
    "swish",
    "gelu",
    "hard_sigmoid",
    "hard_silu",
    "hard_tanh",
    "mish",
    "log_sigmoid",
    "exponential",
]


CROSSENTROPIES = {
    "sparse": "SparseCategoricalCrossentropy",
    "cce": "CategoricalCrossentropy",
    "bce": "BinaryCrossentropy",
}


def output_heads() -> None:
    """Each crossentropy after each kind of output layer, with from_logits False and True: the
    TensorFlow backend reads a sigmoid's or softmax's z as logits whatever the loss and the flag,
    and clips (and, for categorical crossentropy, first normalises) any other output."""
    for act in ("softmax", "sigmoid", "linear", "relu"):
        for short, loss in CROSSENTROPIES.items():
            for from_logits in (False, True):
                logits = "_logits" if from_logits else ""
                record(
                    f"head_{act}_{short}{logits}",
                    "blobs",
                    [[5, "tanh"], [3, act]],
                    {"name": loss, "kwargs": {"from_logits": from_logits}},
                    {"name": "SGD", "kwargs": {"learning_rate": 0.1}},
                    {"epochs": 2, "batch_size": 32},
                    ["accuracy"],
                )


def main() -> None:
    output_heads()
    for act in NEW_ACTIVATIONS:
        # The activation in the hidden layer, on a curve it has to bend to.
        record(f"act_{act}", "regression", [[6, act], [1, "linear"]], MSE, ADAM, FIT, [])
    record(
        "mae_regression",
        "regression",
        [[6, "tanh"], [1, "linear"]],
        {"name": "MeanAbsoluteError"},
        ADAM,
        FIT,
        ["mae", "mse"],
    )
    record(
        "huber_regression",
        "regression",
        [[6, "relu"], [1, "linear"]],
        {"name": "Huber", "kwargs": {"delta": 0.5}},
        ADAM,
        FIT,
        ["mae"],
    )
    record(
        "coffee_bce_label_smoothing",
        "coffee_raw",
        [["normalization"], [3, "sigmoid"], [1, "sigmoid"]],
        {"name": "BinaryCrossentropy", "kwargs": {"label_smoothing": 0.1}},
        ADAM,
        {"epochs": 15, "batch_size": 32},
        ["accuracy"],
    )
    record(
        "coffee_bce_logits_label_smoothing",
        "coffee_raw",
        [["normalization"], [4, "tanh"], [1, "linear"]],
        {"name": "BinaryCrossentropy", "kwargs": {"from_logits": True, "label_smoothing": 0.2}},
        ADAM,
        {"epochs": 15, "batch_size": 32},
        ["accuracy"],
    )
    record(
        "blobs_cce_label_smoothing",
        "blobs",
        [[5, "relu"], [3, "softmax"]],
        {"name": "CategoricalCrossentropy", "kwargs": {"label_smoothing": 0.2}},
        ADAM,
        FIT,
        ["accuracy"],
    )
    record(
        "blobs_cce_logits_label_smoothing",
        "blobs",
        [[5, "tanh"], [3, "linear"]],
        {
            "name": "CategoricalCrossentropy",
            "kwargs": {"from_logits": True, "label_smoothing": 0.1},
        },
        {"name": "SGD", "kwargs": {"learning_rate": 0.1}},
        FIT,
        ["accuracy"],
    )
    optimizers = {
        "adamw_default": {"name": "AdamW", "kwargs": {"learning_rate": 0.01}},
        "adamw_strong_decay": {
            "name": "AdamW",
            "kwargs": {"learning_rate": 0.01, "weight_decay": 0.5},
        },
        "adam_amsgrad": {"name": "Adam", "kwargs": {"learning_rate": 0.01, "amsgrad": True}},
        "adam_weight_decay_clipvalue": {
            "name": "Adam",
            "kwargs": {"learning_rate": 0.01, "weight_decay": 0.1, "clipvalue": 0.05},
        },
        "rmsprop_centered": {
            "name": "RMSprop",
            "kwargs": {"learning_rate": 0.01, "centered": True},
        },
        "rmsprop_centered_momentum_global_clipnorm": {
            "name": "RMSprop",
            "kwargs": {
                "learning_rate": 0.005,
                "centered": True,
                "momentum": 0.5,
                "global_clipnorm": 0.3,
            },
        },
        "sgd_momentum_weight_decay": {
            "name": "SGD",
            "kwargs": {"learning_rate": 0.05, "momentum": 0.9, "weight_decay": 0.05},
        },
        "sgd_clipnorm": {"name": "SGD", "kwargs": {"learning_rate": 0.2, "clipnorm": 0.1}},
    }
    for name, optimizer in optimizers.items():
        record(
            f"opt_{name}",
            "blobs",
            [[6, "tanh"], [3, "softmax"]],
            SPARSE,
            optimizer,
            FIT,
            ["accuracy"],
        )
    record(
        "coffee_raw_normalization",
        "coffee_raw",
        [["normalization"], [3, "sigmoid"], [1, "sigmoid"]],
        {"name": "BinaryCrossentropy"},
        ADAM,
        {"epochs": 40, "batch_size": 32},
        ["accuracy"],
    )
    # Dropout's masks come from TensorFlow's generator, so only its inference side (identity in
    # predict and evaluate) can be compared: the run evaluates without training.
    record(
        "dropout_inference",
        "blobs",
        [[8, "relu"], ["dropout", 0.5], [3, "softmax"]],
        SPARSE,
        ADAM,
        None,
        ["accuracy"],
    )


if __name__ == "__main__":
    main()
