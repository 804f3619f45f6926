"""Real handwritten digits (UCI, CC BY 4.0): 8×8 pixels valued 0..16, shipped in assets/digits."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

import numpy as np

from tutor.engine.datasets.base import Dataset, DatasetError, binary_labels, class_labels

DIGITS_FILE = Path(__file__).resolve().parents[3] / "assets" / "digits" / "digits.csv.gz"
SHADES = " .:-=+*#%@"


@cache
def _digits_table() -> np.ndarray:
    try:
        with gzip.open(DIGITS_FILE, "rt") as handle:
            return np.loadtxt(handle, delimiter=",", dtype=np.float32)
    except OSError as error:
        raise DatasetError(
            f"the digits file {DIGITS_FILE} could not be read ({error}); "
            "it ships with tutor in assets/digits/, so reinstall from a full clone"
        ) from error


def load_digits(binary: bool = True) -> Dataset:
    """`X` (m, 64) float32 pixels 0..16, row by row; labels as `Dataset` describes.

    `binary=True` keeps only the 0s and 1s (360 images) with `y` (m, 1) = 1.0 for a one;
    `binary=False` keeps all ten digits with `y` (m,) the digit itself.
    """
    table = _digits_table()
    pixels, digits = table[:, :64], table[:, 64].astype(np.int32)
    feature_names = tuple(f"pixel_{row}_{col}" for row in range(8) for col in range(8))
    source = "handwritten digits (UCI, CC BY 4.0)"
    if binary:
        keep = digits <= 1
        return Dataset(
            name="digits01",
            X=np.ascontiguousarray(pixels[keep]),
            y=binary_labels(digits[keep]),
            task="binary",
            feature_names=feature_names,
            description=f"{source}: 0 versus 1",
            class_names=("0", "1"),
        )
    return Dataset(
        name="digits",
        X=np.ascontiguousarray(pixels),
        y=class_labels(digits),
        task="multiclass",
        feature_names=feature_names,
        description=f"{source}: all ten digits",
        class_names=tuple(str(d) for d in range(10)),
    )


def draw_digit(pixels: np.ndarray) -> str:
    """An 8×8 digit as 8 lines of characters, darker characters for more ink."""
    image = np.asarray(pixels, dtype=np.float32).reshape(8, 8)
    levels = np.clip(image / 16 * (len(SHADES) - 1), 0, len(SHADES) - 1).round().astype(int)
    return "\n".join("".join(SHADES[v] * 2 for v in row) for row in levels)
