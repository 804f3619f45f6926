"""What every dataset loader returns: the arrays, unpackable as `X, y`, plus what they mean."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Task = Literal["binary", "multiclass", "regression"]


class DatasetError(ValueError):
    """A dataset could not be made or read; the message says where and what to do."""


@dataclass(frozen=True)
class Dataset:
    """Features `X` (m, n) float32 and labels `y`.

    `y` is (m, 1) float32 for binary and regression tasks, the shape a `Dense(1)` output has, and
    (m,) int32 class indices for multiclass ones, what `SparseCategoricalCrossentropy` expects.
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    task: Task
    feature_names: tuple[str, ...]
    description: str = ""
    class_names: tuple[str, ...] = field(default=())

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.X, self.y))

    @property
    def n_classes(self) -> int:
        return len(self.class_names) if self.task != "regression" else 0


def binary_labels(labels: np.ndarray) -> np.ndarray:
    return np.asarray(labels, dtype=np.float32).reshape(-1, 1)


def class_labels(labels: np.ndarray) -> np.ndarray:
    return np.asarray(labels, dtype=np.int32).reshape(-1)


def standardize(X: np.ndarray, like: np.ndarray | None = None) -> np.ndarray:
    """Scale each feature to mean 0 and standard deviation 1, using the statistics of `like`.

    Pass the training data as `like` when scaling new inputs, so they are measured on the same
    scale the model was trained on (what Keras's `Normalization` layer does after `adapt`).
    """
    reference = np.asarray(X if like is None else like, dtype=np.float32)
    mean = reference.mean(axis=0)
    std = reference.std(axis=0)
    std = np.where(std == 0, np.float32(1), std)
    return ((np.asarray(X, dtype=np.float32) - mean) / std).astype(np.float32)
