"""What each hidden unit responds to: its output over the plane of 2-D data, one map per unit.

A network bends its decision boundary by combining its hidden units: each unit of the first
layer is a function of (x1, x2) alone, so its output over the plane, drawn beside the boundary,
shows the pieces the next layers combine (the TensorFlow Playground draws its neurons so). The
maps are computed over the decision boundary's grid (`TrainingSession.unit_maps`); this module
holds them and puts each on a colour scale, without a screen, so that it can be tested.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FLAT = 0.01  # a unit whose output varies by less than this share of its scale is flat
# Where each bounded activation rests and how far it can go: sigmoid's output is 0..1 around
# 0.5, tanh's -1..1 around 0. relu and linear have no bound: each unit goes as far as it does.
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
    def bounded(self) -> bool:
        return self.activation in BOUNDED

    @property
    def centre(self) -> float:
        """The output where a unit is neutral: 0.5 for a sigmoid, 0 for the others."""
        return BOUNDED.get(self.activation, (0.0, 0.0))[0]

    def reach(self) -> np.ndarray:
        """Per unit, how far from `centre` its colour scale goes: the activation's bound
        (sigmoid, tanh), else the unit's own farthest output, so that every tile uses its
        whole range of colour (one ReLU unit may reach 0.1, another 20)."""
        if self.bounded:
            return np.full(self.units, BOUNDED[self.activation][1])
        distance = np.abs(self.values - self.centre).reshape(self.units, -1)
        farthest = np.where(np.isfinite(distance), distance, 0.0).max(axis=1)
        return np.where(farthest > 0, farthest, 1.0)

    def levels(self) -> np.ndarray:
        """Every cell as -1..1 on its unit's scale: 0 at `centre`, ±1 at the scale's ends; a
        non-number (a diverged model) counts as neutral."""
        values = np.nan_to_num(self.values, nan=self.centre)
        return np.clip((values - self.centre) / self.reach()[:, None, None], -1.0, 1.0)

    def flat(self) -> np.ndarray:
        """Per unit: whether its output is (nearly) the same all over the plane, so that it
        tells the next layer nothing about where a point is (a ReLU unit off everywhere)."""
        levels = self.levels().reshape(self.units, -1)
        return levels.max(axis=1) - levels.min(axis=1) < 2 * FLAT


def sample_cells(values: np.ndarray, rows: int, columns: int) -> np.ndarray:
    """`values[..., R, C]` read at `rows` x `columns` cells spread evenly over the same area
    (each the grid cell under its centre), to draw a grid smaller than it was computed."""
    grid_rows, grid_columns = values.shape[-2:]
    picked_rows = ((np.arange(rows) + 0.5) * grid_rows / rows).astype(int)
    picked_columns = ((np.arange(columns) + 0.5) * grid_columns / columns).astype(int)
    return values[..., picked_rows[:, None], picked_columns[None, :]]
