"""Datasets that ship with tutor or are generated from a seed; nothing is downloaded.

X, y = load_coffee(normalized=True)      # a Dataset unpacks as (X, y)
data = DATASETS["spiral"](noise=0.1)      # by name, for the sandbox and `train`
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.engine.datasets.base import Dataset, DatasetError, standardize
from tutor.engine.datasets.coffee import is_good_roast, load_coffee
from tutor.engine.datasets.csv_file import load_csv
from tutor.engine.datasets.digits import draw_digit, load_digits
from tutor.engine.datasets.playground import (
    make_blobs,
    make_circles,
    make_moons,
    make_spiral,
    make_xor,
)

DATASETS: dict[str, Callable[..., Dataset]] = {
    "coffee": lambda **kw: load_coffee(normalized=True, **kw),
    "coffee-raw": load_coffee,
    "digits01": lambda: load_digits(binary=True),
    "digits": lambda: load_digits(binary=False),
    "xor": make_xor,
    "circles": make_circles,
    "moons": make_moons,
    "spiral": make_spiral,
    "blobs": make_blobs,
}

__all__ = [
    "DATASETS",
    "Dataset",
    "DatasetError",
    "draw_digit",
    "is_good_roast",
    "load_coffee",
    "load_csv",
    "load_digits",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_spiral",
    "make_xor",
    "standardize",
]
