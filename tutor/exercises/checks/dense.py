"""`dense(a_in, W, b, g)`: one example (n,) → (units,), a batch (m, n) → (m, units)."""

from __future__ import annotations

import numpy as np

from tutor.engine.activations import Activation
from tutor.exercises.checks import (
    Case,
    differs,
    first_difference,
    not_an_array,
    shape_mismatch,
    shape_text,
)
from tutor.exercises.checks.engine_ref import forward
from tutor.exercises.wire import linear, relu, sigmoid


def case(title: str, a_in: np.ndarray, W: np.ndarray, b: np.ndarray, g: Activation) -> Case:
    want = forward(a_in, [(W, b, g)])
    z = a_in @ W + b
    if a_in.ndim == 1:
        what = f"one example with {W.shape[1]} units"
    else:
        what = f"a batch of {a_in.shape[0]} examples"

    def explain(got: object) -> str | None:
        if problem := not_an_array(got, f"the activations, an array of shape {want.shape}"):
            return problem
        got = np.asarray(got, dtype=float)
        if got.shape != want.shape and got.shape == want.T.shape and not differs(got, want.T):
            return (
                f"your output is transposed: {shape_text(got.shape)} where {what} needs "
                f"{shape_text(want.shape)}, one row per example and one column per unit"
            )
        if problem := shape_mismatch(got, want, what):
            if a_in.ndim == 2 and got.shape == want.shape[1:]:
                problem += (
                    f": one row of {W.shape[1]} activations per example. "
                    "a_in @ W handles one example and a batch alike"
                )
            return problem
        if not differs(got, want):
            return None
        if g is not linear and not differs(got, z):
            return (
                "these are z = a_in @ W + b, before the activation: pass z through g, the "
                f"activation your function receives (here {g.__name__})"
            )
        if not differs(got, g(a_in @ W)):
            return "the bias b is missing: z = a_in @ W + b"
        if not differs(got, g(a_in @ W - b)):
            return "b is subtracted: z = a_in @ W + b"
        return (
            f"the activations differ from the engine's Dense layer: {first_difference(got, want)}"
        )

    return Case(title, (a_in, W, b, g), explain)


def cases(rng: np.random.Generator) -> list[Case]:
    n, units = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    m = units + int(rng.integers(1, 4))  # never square, so a transposed answer shows
    W, b = rng.normal(size=(n, units)), rng.normal(size=units)
    x = rng.normal(size=n)
    X = rng.normal(size=(m, n))
    W3 = rng.normal(size=(3, 1))
    hot = np.array([[200.0, 13.9], [150.0, 12.1], [285.0, 15.0]])  # raw °C and minutes
    return [
        case(f"one example a_in {x.shape}, W {W.shape}, sigmoid", x, W, b, sigmoid),
        case(f"a batch a_in {X.shape}, W {W.shape}, sigmoid", X, W, b, sigmoid),
        case(f"a batch a_in {X.shape}, W {W.shape}, relu", X, W, b, relu),
        case(
            "one example a_in (3,), one unit W (3, 1), linear",
            rng.normal(size=3),
            W3,
            rng.normal(size=1),
            linear,
        ),
        case(
            "a batch of one example a_in (1, 3), W (3, 1), sigmoid",
            rng.normal(size=(1, 3)),
            W3,
            np.zeros(1),
            sigmoid,
        ),
        case(
            "unscaled inputs (3, 2) that saturate the sigmoid",
            hot,
            np.array([[0.5, -0.5], [-2.0, 3.0]]),
            np.array([-90.0, 60.0]),
            sigmoid,
        ),
    ]
