"""`predict(probabilities, threshold)`: 0/1 decisions, 1 where p >= threshold.

`>=` is the course lab's convention (`yhat = (predictions >= 0.5).astype(int)`): a probability
exactly at the threshold is decided 1. The probabilities come from the engine's `model.predict`,
plus exact edge values.
"""

from __future__ import annotations

import numpy as np

from tutor.exercises.checks import Case, not_an_array, shape_mismatch
from tutor.exercises.checks.engine_ref import forward
from tutor.exercises.wire import sigmoid


def case(title: str, probabilities: np.ndarray, threshold: float) -> Case:
    want = (probabilities >= threshold).astype(int)
    at_threshold = probabilities == threshold

    def explain(got: object) -> str | None:
        if problem := not_an_array(got, f"0/1 decisions, an array of shape {want.shape}"):
            return problem
        got = np.asarray(got)
        if problem := shape_mismatch(got, want, f"{probabilities.shape[0]} probabilities"):
            return problem + ": one decision per probability, in the same shape"
        if got.dtype == bool:
            return (
                "your decisions are True/False: turn them into 0/1 like the labels y "
                "with .astype(int)"
            )
        if np.array_equal(got, want):
            return None
        if np.array_equal(got, 1 - want):
            return "the decisions are flipped: a probability at or above the threshold means 1"
        if np.any(at_threshold) and np.array_equal(got[~at_threshold], want[~at_threshold]):
            return (
                f"at exactly the threshold (p = {threshold}) you decided 0; the convention here, "
                "as in the course's lab, is p >= threshold → 1"
            )
        if threshold != 0.5 and np.array_equal(got, (probabilities >= 0.5).astype(int)):
            return f"you used 0.5 instead of the threshold argument ({threshold})"
        wrong = np.flatnonzero(got.ravel() != want.ravel())[0]
        p = probabilities.ravel()[wrong]
        return (
            f"for p = {p:.6g} at threshold {threshold} you decided {got.ravel()[wrong]}, "
            f"but p {'>=' if p >= threshold else '<'} {threshold} means {want.ravel()[wrong]}"
        )

    return Case(title, (probabilities, threshold), explain)


def model_probabilities(rng: np.random.Generator, m: int) -> np.ndarray:
    """What the engine's model.predict returns for the coffee network: shape (m, 1)."""
    layers = [
        (rng.normal(size=(2, 3)), rng.normal(size=3), sigmoid),
        (rng.normal(scale=3, size=(3, 1)), rng.normal(size=1), sigmoid),
    ]
    return forward(rng.normal(size=(m, 2)), layers)


def cases(rng: np.random.Generator) -> list[Case]:
    m = int(rng.integers(5, 10))
    edges = np.array([[0.5], [0.49999], [0.50001], [0.0], [1.0]], dtype=np.float32)
    return [
        case(
            f"model.predict output of shape ({m}, 1), threshold 0.5",
            model_probabilities(rng, m),
            0.5,
        ),
        case("probabilities exactly at, just under and just over 0.5", edges, 0.5),
        case(
            "threshold 0.75 on 1-D probabilities (4,)",
            np.array([0.6, 0.75, 0.9, 0.74], dtype=np.float32),
            0.75,
        ),
        case(f"threshold 0.25 on ({m}, 1)", model_probabilities(rng, m), 0.25),
    ]
