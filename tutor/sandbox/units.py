"""What each hidden unit responds to: its output over the plane of 2-D data, one map per unit.

A network bends its decision boundary by combining its hidden units: each unit of the first
layer is a function of (x1, x2) alone, so its output over the plane, drawn beside the boundary,
shows the pieces the next layers combine (the TensorFlow Playground draws its neurons so). The
maps are computed over the decision boundary's grid (`TrainingSession.unit_maps`); this module
holds them and puts them on a common scale, without a screen, so that it can be tested.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FLAT = 0.01  # a unit whose output varies less than this share of the layer's reach is flat
# Where each activation rests and how far it can go: sigmoid's output is 0..1 around 0.5,
# tanh's -1..1 around 0; relu and linear have no bound, so they reach as far as the layer does.
BOUNDED = {"sigmoid": (0.5, 0.5), "softmax": (0.5, 0.5), "tanh": (0.0, 1.0)}


@dataclass(frozen=True, eq=False)
class UnitMaps:
    """One hidden layer's units over the grid: `values[unit, row, col]`, top row first (the
    highest x2), the same cells as the `Boundary` of the same grid."""

    layer: int  # the layer's place in the model, from 0
    name: str  # its Keras name, e.g. "dense"
    activation: str
    values: np.ndarray

    @property
    def units(self) -> int:
        return self.values.shape[0]

    @property
    def centre(self) -> float:
        """The output where the unit is neutral: 0.5 for a sigmoid, 0 for the others."""
        return BOUNDED.get(self.activation, (0.0, 0.0))[0]

    @property
    def reach(self) -> float:
        """How far from `centre` the scale goes, the same for every unit of the layer (a unit
        that barely responds then looks faint beside one that responds strongly)."""
        if self.activation in BOUNDED:
            return BOUNDED[self.activation][1]
        finite = self.values[np.isfinite(self.values)]
        farthest = float(np.abs(finite - self.centre).max()) if finite.size else 0.0
        return farthest if farthest > 0 else 1.0

    @property
    def scale(self) -> tuple[float, float]:
        """The outputs at the two ends of the colour scale (relu: 0 to its largest output)."""
        low = self.centre if self.activation == "relu" else self.centre - self.reach
        return low, self.centre + self.reach

    def levels(self) -> np.ndarray:
        """Every cell as -1..1 on the layer's scale: 0 at `centre`, ±1 at its ends; a
        non-number (a diverged model) counts as neutral."""
        values = np.nan_to_num(self.values, nan=self.centre)
        return np.clip((values - self.centre) / self.reach, -1.0, 1.0)

    def flat(self) -> np.ndarray:
        """Per unit: whether its output is (nearly) the same all over the plane, so that it
        tells the next layer nothing about where a point is (a relu unit off everywhere)."""
        levels = self.levels().reshape(self.units, -1)
        return levels.max(axis=1) - levels.min(axis=1) < 2 * FLAT


def sample_cells(values: np.ndarray, rows: int, columns: int) -> np.ndarray:
    """`values[..., R, C]` read at `rows` x `columns` cells spread evenly over the same area
    (each the grid cell under its centre), to draw a grid smaller than it was computed."""
    grid_rows, grid_columns = values.shape[-2:]
    picked_rows = ((np.arange(rows) + 0.5) * grid_rows / rows).astype(int)
    picked_columns = ((np.arange(columns) + 0.5) * grid_columns / columns).astype(int)
    return values[..., picked_rows[:, None], picked_columns[None, :]]
