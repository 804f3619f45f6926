"""The 2-D sets of a neural-network playground: XOR, circles, moons, spiral and blobs.

Each takes `n` points, a `noise` level (the standard deviation of Gaussian jitter, in the units of
the data, which spans roughly -1..1) and a `seed`, so the same call always gives the same data.
"""

from __future__ import annotations

import numpy as np

from tutor.engine.datasets.base import Dataset, DatasetError, binary_labels, class_labels

XY = ("x1", "x2")


def _check(n: int, noise: float) -> None:
    if not isinstance(n, int | np.integer) or n < 4:
        raise DatasetError(f"n must be a whole number of points, at least 4 (got {n!r})")
    if not np.isfinite(noise) or noise < 0:
        raise DatasetError(f"noise must be zero or a positive number (got {noise!r})")


def _binary(name: str, X: np.ndarray, y: np.ndarray, description: str) -> Dataset:
    return Dataset(
        name, X.astype(np.float32), binary_labels(y), "binary", XY, description, ("0", "1")
    )


def make_xor(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> Dataset:
    """Points in the four quadrants; label 1 where x1 and x2 have the same sign."""
    _check(n, noise)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    y = (X[:, 0] * X[:, 1]) > 0
    return _binary("xor", X + rng.normal(0, noise, X.shape), y, "XOR: same sign → 1")


def make_circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int | None = 0
) -> Dataset:
    """An inner circle (label 1) of radius `factor` inside an outer one of radius 1."""
    _check(n, noise)
    if not 0 < factor < 1:
        raise DatasetError(f"factor is the inner circle's radius, between 0 and 1 (got {factor})")
    rng = np.random.default_rng(seed)
    inner = np.arange(n) % 2 == 1
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(inner, factor, 1.0)
    X = np.column_stack((radius * np.cos(angle), radius * np.sin(angle)))
    return _binary("circles", X + rng.normal(0, noise, X.shape), inner, "circle inside a circle")


def make_moons(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> Dataset:
    """Two interleaving half-moons, scaled to about -1..1."""
    _check(n, noise)
    rng = np.random.default_rng(seed)
    lower = np.arange(n) % 2 == 1
    angle = rng.uniform(0, np.pi, n)
    upper_moon = np.column_stack((np.cos(angle), np.sin(angle)))
    lower_moon = np.column_stack((1 - np.cos(angle), 0.5 - np.sin(angle)))
    X = (np.where(lower[:, None], lower_moon, upper_moon) - [0.5, 0.25]) / 1.5
    return _binary("moons", X + rng.normal(0, noise, X.shape), lower, "two half-moons")


def make_spiral(n: int = 200, noise: float = 0.05, seed: int | None = 0) -> Dataset:
    """Two arms winding around each other, as in the TensorFlow Playground."""
    _check(n, noise)
    rng = np.random.default_rng(seed)
    arm = np.arange(n) % 2
    t = rng.uniform(0, 1, n)
    radius = t
    angle = 1.75 * t * 2 * np.pi + arm * np.pi
    X = np.column_stack((radius * np.sin(angle), radius * np.cos(angle)))
    return _binary("spiral", X + rng.normal(0, noise, X.shape), arm, "two interleaved spirals")


def make_blobs(
    n: int = 200, noise: float = 0.15, centers: int = 3, seed: int | None = 0
) -> Dataset:
    """`centers` Gaussian clusters placed evenly on a circle; the label is the cluster."""
    _check(n, noise)
    if not isinstance(centers, int | np.integer) or not 2 <= centers <= 10:
        raise DatasetError(f"centers must be a whole number from 2 to 10 (got {centers!r})")
    rng = np.random.default_rng(seed)
    label = np.arange(n) % centers
    angle = 2 * np.pi * np.arange(centers) / centers
    middle = 0.6 * np.column_stack((np.cos(angle), np.sin(angle)))
    X = middle[label] + rng.normal(0, noise, (n, 2))
    return Dataset(
        "blobs",
        X.astype(np.float32),
        class_labels(label),
        "multiclass",
        XY,
        f"{centers} Gaussian blobs",
        tuple(str(c) for c in range(centers)),
    )
