"""`binary_crossentropy(y_true, y_pred)`: the mean loss of the examples, as the engine has it.

The inputs are float32, as the engine's are, so clipping y_pred to [1e-7, 1 - 1e-7] gives the
engine's number exactly even where a prediction is saturated at 0 or 1.
"""

from __future__ import annotations

import numpy as np

from tutor.exercises.checks import Case, differs, first_difference, not_an_array, shape_text
from tutor.exercises.checks.engine_ref import binary_crossentropy
from tutor.exercises.wire import sigmoid

EPSILON = 1e-7  # Keras's backend epsilon, which BinaryCrossentropy clips y_pred with


def losses(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Each example's loss, clipped as the engine clips, in the inputs' float32."""
    p = np.clip(y_pred, EPSILON, 1 - EPSILON)
    return -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))


def saturated_text(y_true: np.ndarray, y_pred: np.ndarray) -> str:
    """`y_pred = 1.0 with y_true = 0`: the first prediction at exactly 0 or 1, in words."""
    index = np.flatnonzero((y_pred.ravel() == 0) | (y_pred.ravel() == 1))[0]
    return f"y_pred = {y_pred.ravel()[index]:.1f} with y_true = {y_true.ravel()[index]:.0f}"


def case(title: str, y_true: np.ndarray, y_pred: np.ndarray) -> Case:
    want = binary_crossentropy(y_true, y_pred)
    per_example = losses(y_true, y_pred)
    m = y_true.shape[0]

    def explain(got: object) -> str | None:
        if problem := not_an_array(got, "the mean loss, a single number"):
            return problem
        got = np.asarray(got, dtype=float)
        if got.ndim > 0 and got.size == m and not differs(got.ravel(), per_example.ravel()):
            return (
                f"you returned one loss per example (shape {shape_text(got.shape)}); "
                "the loss is their mean, a single number"
            )
        if got.size != 1 or got.ndim > 0:
            return (
                f"return the mean loss as a single number; yours has shape {shape_text(got.shape)}"
            )
        saturated = bool(np.any((y_pred == 0) | (y_pred == 1)))
        if not np.isfinite(got) and saturated:
            return (
                f"for {saturated_text(y_true, y_pred)} your loss is {got.item()}: log(0) is -inf "
                "(and 0 · log(0) is nan). "
                f"Clip y_pred to [{EPSILON:g}, 1 - {EPSILON:g}] first, as the engine does"
            )
        if not differs(got, want):
            return None
        if m > 1 and not differs(got, per_example.sum()):
            return "this is the sum of the losses, not their mean"
        if not differs(got, -want):
            return (
                "your loss is negative: the loss is minus the log-likelihood, "
                "-(y log p + (1 - y) log(1 - p))"
            )
        if not differs(got, losses(y_pred, y_true).mean()):
            return "y_true and y_pred are swapped: the log is taken of the prediction, log(y_pred)"
        if not differs(got, losses(y_true, sigmoid(y_pred)).mean()):
            return (
                "you applied a sigmoid to y_pred, but these are already probabilities "
                "(BinaryCrossentropy() expects probabilities by default: from_logits=False)"
            )
        if saturated:
            return (
                f"for {saturated_text(y_true, y_pred)} your mean loss is {got.item():.6g}, "
                f"the engine's {want:.6g}: the engine clips y_pred to "
                f"[{EPSILON:g}, 1 - {EPSILON:g}] before the log"
            )
        return f"the mean loss differs from the engine's: {first_difference(got, np.asarray(want))}"

    return Case(title, (y_true, y_pred), explain)


def labels_and_probabilities(
    rng: np.random.Generator, shape: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    y_true = rng.integers(0, 2, size=shape).astype(np.float32)
    y_pred = rng.uniform(0.05, 0.95, size=shape).astype(np.float32)
    return y_true, y_pred


def cases(rng: np.random.Generator) -> list[Case]:
    m = int(rng.integers(4, 9))
    saturated_true = np.array([[0], [1], [1], [0]], dtype=np.float32)
    saturated_pred = np.array([[1.0], [0.0], [0.9], [0.2]], dtype=np.float32)
    right = np.array([1, 0, 1], dtype=np.float32)
    return [
        case(
            f"{m} examples, y_true and y_pred of shape ({m}, 1)",
            *labels_and_probabilities(rng, (m, 1)),
        ),
        case("3 examples as 1-D arrays of shape (3,)", *labels_and_probabilities(rng, (3,))),
        case("one example of shape (1, 1)", *labels_and_probabilities(rng, (1, 1))),
        case(
            "confidently wrong predictions, y_pred exactly 1.0 and 0.0",
            saturated_true,
            saturated_pred,
        ),
        case("perfect predictions, y_pred equal to y_true", right, right.copy()),
    ]
