"""Metrics reported beside the loss. Each returns the sum over the batch of a per-sample value,
so an epoch's metric is that sum over all samples divided by their count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tutor.engine.errors import EngineError, unknown_name


def binary_accuracy(y: np.ndarray, out: np.ndarray, threshold: float = 0.5) -> float:
    """Output above 0.5 counts as class 1 (Keras applies this even to logits)."""
    return np.count_nonzero((out > threshold) == y) / out.shape[1]


def sparse_categorical_accuracy(y: np.ndarray, out: np.ndarray) -> int:
    return int(np.count_nonzero(out.argmax(axis=-1) == y))


def categorical_accuracy(y: np.ndarray, out: np.ndarray) -> int:
    return int(np.count_nonzero(out.argmax(axis=-1) == y.argmax(axis=-1)))


def mean_squared_error(y: np.ndarray, out: np.ndarray) -> float:
    return float(((out - y) ** 2).mean(axis=-1).sum())


def mean_absolute_error(y: np.ndarray, out: np.ndarray) -> float:
    return float(np.abs(out - y).mean(axis=-1).sum())


@dataclass(frozen=True)
class Metric:
    name: str
    batch_sum: Callable[[np.ndarray, np.ndarray], float]


NAMED: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "binary_accuracy": binary_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    "categorical_accuracy": categorical_accuracy,
    "mean_squared_error": mean_squared_error,
    "mse": mean_squared_error,
    "mean_absolute_error": mean_absolute_error,
    "mae": mean_absolute_error,
}


def resolve_metric(identifier: str, labels_ndim: int, label_width: int, units: int) -> Metric:
    """A metric by name; 'accuracy' becomes binary, sparse or categorical as Keras decides it,
    from the shapes: one output unit is binary; class numbers against several units are sparse."""
    if not isinstance(identifier, str):
        raise EngineError(f"metrics must be names such as 'accuracy'; got {identifier!r}.")
    key = identifier.lower()
    if key in ("accuracy", "acc"):
        if units == 1:
            return Metric(identifier, binary_accuracy)
        if labels_ndim < 2 or label_width == 1:
            return Metric(identifier, sparse_categorical_accuracy)
        return Metric(identifier, categorical_accuracy)
    if key not in NAMED:
        raise unknown_name("metric", identifier, [*NAMED, "accuracy"])
    return Metric(identifier, NAMED[key])
