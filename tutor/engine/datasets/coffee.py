"""The coffee-roasting data of the course: temperature and duration, and whether the roast is good.

Made as the course's lab makes it: 200 roasts drawn uniformly over 150–285 °C and 11.5–15.5 min
(seed 2); a roast is good when 175 < t < 260, 12 < d < 15 and d <= -3/85·t + 21 (hotter roasts
must be shorter).
"""

from __future__ import annotations

import numpy as np

from tutor.engine.datasets.base import Dataset, binary_labels, standardize


def is_good_roast(temperature: np.ndarray, duration: np.ndarray) -> np.ndarray:
    t, d = np.asarray(temperature), np.asarray(duration)
    return (t > 175) & (t < 260) & (d > 12) & (d < 15) & (d <= -3 / 85 * t + 21)


def load_coffee(normalized: bool = False, n: int = 200, seed: int = 2) -> Dataset:
    """`X` (n, 2): [temperature °C, duration min]; `y` (n, 1): 1.0 for a good roast.

    `normalized=True` scales both features to mean 0 and standard deviation 1, as the course does
    before training (sigmoids saturate on raw temperatures in the hundreds).
    """
    rng = np.random.default_rng(seed)
    X = rng.random(2 * n).reshape(-1, 2)
    X[:, 1] = X[:, 1] * 4 + 11.5
    X[:, 0] = X[:, 0] * (285 - 150) + 150
    y = binary_labels(is_good_roast(X[:, 0], X[:, 1]))
    X = X.astype(np.float32)
    return Dataset(
        name="coffee",
        X=standardize(X) if normalized else X,
        y=y,
        task="binary",
        feature_names=("temperature", "duration"),
        description="coffee roasts: temperature (°C) and duration (min) → good roast",
        class_names=("bad roast", "good roast"),
    )
