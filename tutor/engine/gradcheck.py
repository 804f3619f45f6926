"""Finite-difference gradient check: does backpropagation agree with nudging each weight?

For every weight w, the central difference (L(w + h) - L(w - h)) / 2h estimates dL/dw with an
error of order h^2. The check runs in float64 on a copy of the model, so float32 rounding does
not blur the comparison and the model itself is left untouched.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from tutor.engine.model import Sequential
from tutor.engine.trace import weight_names
from tutor.engine.utils import quiet_overflow


@dataclass(frozen=True)
class WeightCheck:
    name: str
    analytic: np.ndarray  # from backpropagation
    numeric: np.ndarray  # from central differences

    @property
    def relative_error(self) -> float:
        """max |analytic - numeric| / (|analytic| + |numeric|), with a floor of 1e-6 for
        zeros: a gradient that is exactly 0 (a dead relu, errors whose signs cancel) comes out of
        the central difference as about 1e-11 of float64 rounding, which is no disagreement."""
        gap = np.abs(self.analytic - self.numeric)
        scale = np.maximum(np.abs(self.analytic) + np.abs(self.numeric), 1e-6)
        return float((gap / scale).max())


@dataclass(frozen=True)
class GradientCheck:
    weights: list[WeightCheck]
    tolerance: float

    @property
    def max_relative_error(self) -> float:
        return max(w.relative_error for w in self.weights)

    @property
    def ok(self) -> bool:
        return self.max_relative_error <= self.tolerance

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "tolerance": self.tolerance,
            "max_relative_error": self.max_relative_error,
            "weights": [
                {
                    "name": w.name,
                    "relative_error": w.relative_error,
                    "analytic": w.analytic.tolist(),
                    "numeric": w.numeric.tolist(),
                }
                for w in self.weights
            ],
        }


def _float64_twin(model: Sequential) -> Sequential:
    twin = copy.deepcopy(model)
    for layer in twin.layers:
        for name in ("kernel", "bias", "mean", "variance"):
            if getattr(layer, name, None) is not None:
                setattr(layer, name, getattr(layer, name).astype(np.float64))
    twin._flat = None
    return twin


@quiet_overflow
def check_gradients(
    model: Sequential, x: object, y: object, epsilon: float = 1e-5, tolerance: float = 1e-5
) -> GradientCheck:
    """Compare backpropagation's gradient of the compiled loss with central differences, for
    every trainable weight (a Normalization's mean and variance are not trained)."""
    x, y = model._examples(x, y, "check_gradients()")
    twin = _float64_twin(model)
    x = x.astype(np.float64)
    y = y if y.dtype.kind == "i" else y.astype(np.float64)

    def loss() -> float:
        outputs, zs = twin._forward(x)
        return float(twin._batch_loss(y, outputs, zs)[0])

    _, analytic, _ = twin._loss_and_gradients(x, y)
    checks = []
    names, weights = weight_names(twin, trainable_only=True), twin.trainable_weights
    for name, w, grad in zip(names, weights, analytic, strict=True):
        numeric = np.zeros_like(w)
        for i in np.ndindex(w.shape):
            kept = w[i]
            w[i] = kept + epsilon
            up = loss()
            w[i] = kept - epsilon
            down = loss()
            w[i] = kept
            numeric[i] = (up - down) / (2 * epsilon)
        checks.append(WeightCheck(name, grad, numeric))
    return GradientCheck(checks, tolerance)
