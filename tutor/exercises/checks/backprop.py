"""`backprop(X, y, a1, a2, W2) -> (dW1, db1, dW2, db2)` for Dense(h, sigmoid) → Dense(1, sigmoid)
with the mean binary crossentropy over the batch.

The right answers are the engine's gradients (`trace_train_step`) for a model holding the same
weights. Each usual mistake is recognised by recomputing the gradients with that mistake and
finding the learner's numbers among them, so the message names what they did.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import permutations

import numpy as np

from tutor.exercises.checks import (
    Case,
    differs,
    first_difference,
    not_an_array,
    shape_text,
)
from tutor.exercises.checks.engine_ref import gradients
from tutor.exercises.wire import sigmoid
from tutor.protocol import LearnerError

NAMES = ("dW1", "db1", "dW2", "db2")
LIKE = {"dW1": "W1 (n, h)", "db1": "b1 (h,)", "dW2": "W2 (h, 1)", "db2": "b2 (1,)"}

Gradients = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def by_hand(
    X: np.ndarray,
    y: np.ndarray,
    a1: np.ndarray,
    a2: np.ndarray,
    W2: np.ndarray,
    scale: float | None = None,
    slope: Callable[[np.ndarray, np.ndarray], np.ndarray | float] = lambda a1, a2: a1 * (1 - a1),
    bias: Callable[[np.ndarray], np.ndarray] = lambda dz: dz.sum(axis=0),
) -> Gradients:
    """The gradients as the learner would compute them, with one piece swappable for a mistake."""
    m = X.shape[0]
    dz2 = (a2 - y) * (1 / m if scale is None else scale)
    dz1 = (dz2 @ W2.T) * slope(a1, a2)
    return X.T @ dz1, bias(dz1), a1.T @ dz2, bias(dz2)


def mistakes(
    X: np.ndarray, y: np.ndarray, a1: np.ndarray, a2: np.ndarray, W2: np.ndarray
) -> list[tuple[str, Gradients]]:
    """What the usual mistakes compute, each with the message that explains it."""
    m = X.shape[0]
    return [
        (
            "each of your gradients is m times the engine's: the loss is the mean over the m "
            "examples, so dz2 = (a2 - y) / m",
            by_hand(X, y, a1, a2, W2, scale=1.0),
        ),
        (
            "the gradients point uphill: dz2 = a2 - y (prediction minus label), not y - a2",
            by_hand(X, y, a1, a2, W2, scale=-1 / m),
        ),
        (
            "your dW1 and db1 miss the hidden layer's sigmoid slope: "
            "dz1 = (dz2 @ W2.T) * a1 * (1 - a1)",
            by_hand(X, y, a1, a2, W2, slope=lambda a1, a2: 1.0),
        ),
        (
            "the hidden layer's slope uses a2, the output's activations: the slope belongs to "
            "the layer being differentiated, so it is a1 * (1 - a1)",
            by_hand(X, y, a1, a2, W2, slope=lambda a1, a2: a2 * (1 - a2)),
        ),
        (
            "the hidden layer's slope is written with z1's sigmoid missing: a1 already is "
            "sigmoid(z1), so its slope is a1 * (1 - a1), not sigmoid(a1) * (1 - sigmoid(a1))",
            by_hand(X, y, a1, a2, W2, slope=lambda a1, a2: sigmoid(a1) * (1 - sigmoid(a1))),
        ),
        (
            "your db1 and db2 are averaged over the examples: dz already carries the 1/m, "
            "so a bias gradient is the sum of dz over the examples, dz.sum(axis=0)",
            by_hand(X, y, a1, a2, W2, bias=lambda dz: dz.mean(axis=0)),
        ),
    ]


def output_slope_too(
    X: np.ndarray, y: np.ndarray, a1: np.ndarray, a2: np.ndarray, W2: np.ndarray
) -> Gradients:
    """dz2 with the output's sigmoid slope multiplied in, which crossentropy cancels."""
    m = X.shape[0]
    dz2 = (a2 - y) / m * a2 * (1 - a2)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)


def _arrays(got: object) -> list[np.ndarray] | str:
    """The four returned values as float arrays, or why they cannot be."""
    if got is None:
        return "your function returned None: did you forget `return dW1, db1, dW2, db2`?"
    if not isinstance(got, tuple | list):
        return (
            "your function returned one value; return the four gradients together: "
            "`return dW1, db1, dW2, db2`"
        )
    if len(got) != 4:
        return (
            f"your function returned {len(got)} values; return all four, in this order: "
            "dW1, db1, dW2, db2"
        )
    arrays = []
    for name, value in zip(NAMES, got, strict=True):
        if problem := not_an_array(value, f"{name}, an array shaped like {LIKE[name]}"):
            return problem
        arrays.append(np.asarray(value, dtype=float))
    return arrays


def _same(got: list[np.ndarray], want: Gradients | list[np.ndarray]) -> bool:
    return all(not differs(g, w) for g, w in zip(got, want, strict=True))


def _shape_problem(got: list[np.ndarray], want: list[np.ndarray]) -> str | None:
    for name, value, right in zip(NAMES, got, want, strict=True):
        if value.shape == right.shape:
            continue
        text = (
            f"your {name} has shape {shape_text(value.shape)}, but it must be shaped like "
            f"{LIKE[name].split(' ', 1)[0]}: {shape_text(right.shape)}"
        )
        if value.shape == right.shape[::-1]:
            if name.startswith("dW"):
                inputs = "X" if name == "dW1" else "a1"
                dz = "dz1" if name == "dW1" else "dz2"
                return f"{text}. It is transposed: {inputs}.T @ {dz}, inputs first"
            return text
        if value.ndim == 2 and value.shape[1:] == right.shape:
            return f"{text}. Sum over axis 0 without keepdims, so one number per unit remains"
        return text
    return None


def case(
    title: str,
    X: np.ndarray,
    y: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> Case:
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    want = gradients(X, y, [(W1, b1, sigmoid), (W2, b2, sigmoid)])

    def explain(got: object) -> str | None:
        arrays = _arrays(got)
        if isinstance(arrays, str):
            return arrays
        if _same(arrays, want):
            return None
        for order in permutations(range(4)):
            if order != (0, 1, 2, 3) and _same([arrays[k] for k in order], want):
                returned = [NAMES[order.index(k)] for k in range(4)]
                return (
                    "the four gradients are right but in the wrong order: you returned "
                    f"{', '.join(returned)}; return dW1, db1, dW2, db2"
                )
        if problem := _shape_problem(arrays, want):
            return problem
        for message, wrong in mistakes(X, y, a1, a2, W2):
            if _same(arrays, wrong):
                return message
        if _same(arrays, output_slope_too(X, y, a1, a2, W2)):
            return (
                "your dz2 has the output's sigmoid slope multiplied in: with binary crossentropy "
                "it cancels, and dz2 = (a2 - y) / m exactly"
            )
        name, value, right = next(
            (n, g, w) for n, g, w in zip(NAMES, arrays, want, strict=True) if differs(g, w)
        )
        return f"your {name} differs from the engine's gradient: {first_difference(value, right)}"

    def explain_error(error: LearnerError) -> str | None:
        code = error.text.split("#")[0].strip()
        if "W2" in code and "W2.T" not in code and "matmul" in error.message:
            h = W2.shape[0]
            return (
                f"`{code}` multiplies by W2 as it is, (h, 1) = ({h}, 1); going backwards through "
                "a layer multiplies by its weights transposed: dz2 @ W2.T is (m, 1) @ (1, h)"
            )
        return None

    return Case(title, (X, y, a1, a2, W2), explain, explain_error)


def problem(rng: np.random.Generator, m: int, n: int, h: int) -> tuple[np.ndarray, ...]:
    """A batch and weights where no sigmoid saturates, so every mistake shows in the numbers."""
    X = rng.normal(size=(m, n))
    y = rng.integers(0, 2, size=(m, 1)).astype(float)
    y[0], y[-1] = 0.0, 1.0  # both labels, so a sign error cannot hide
    W1, b1 = rng.normal(scale=0.8, size=(n, h)), rng.normal(scale=0.5, size=h)
    W2, b2 = rng.normal(scale=0.8, size=(h, 1)), rng.normal(scale=0.5, size=1)
    return X, y, W1, b1, W2, b2


def cases(rng: np.random.Generator) -> list[Case]:
    m, n, h = int(rng.integers(5, 9)), 2, 3
    return [
        case(f"the coffee network: X ({m}, {n}), 3 hidden units", *problem(rng, m, n, h)),
        case("X (6, 4), 5 hidden units", *problem(rng, 6, 4, 5)),
        case("X (7, 3), 2 hidden units", *problem(rng, 7, 3, 2)),
        case("a single example: X (1, 2), 3 hidden units", *problem(rng, 1, 2, 3)),
    ]
