"""`sgd_step(X, y, W, b, learning_rate)`: one gradient-descent update of Dense(1, sigmoid) + BCE.

The right answer is what `model.fit(X, y, epochs=1, batch_size=len(X))` does to the engine's
weights with `SGD(learning_rate)`. Inputs stay where no prediction saturates, so the clip inside
the loss never cuts the gradient.
"""

from __future__ import annotations

import numpy as np

from tutor.exercises.checks import Case, differs, first_difference, not_an_array, shape_mismatch
from tutor.exercises.checks.engine_ref import sgd_step
from tutor.exercises.wire import sigmoid


def case(title: str, X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray, lr: float) -> Case:
    want_W, want_b = sgd_step(X, y, W, b, lr)
    m = X.shape[0]
    error = sigmoid(X @ W + b) - y  # dL/dz for sigmoid + BCE, per example
    dW, db = X.T @ error / m, error.mean(axis=0)

    def explain(got: object) -> str | None:
        if not isinstance(got, tuple | list) or len(got) != 2:
            shown = type(got).__name__ if got is not None else "None"
            return (
                f"return the updated weights as a pair: `return W_new, b_new` "
                f"(you returned {shown})"
            )
        for name, value, want in (("W", got[0], want_W), ("b", got[1], want_b)):
            if problem := not_an_array(value, f"the new {name}, an array of shape {want.shape}"):
                return problem
            if problem := shape_mismatch(np.asarray(value, dtype=float), want, f"the new {name}"):
                return problem
        new_W, new_b = (np.asarray(value, dtype=float) for value in got)
        if not (differs(new_W, want_W) or differs(new_b, want_b)):
            return None
        if not (differs(new_W, dW) or differs(new_b, db)):
            return (
                "you returned the gradients dW, db; return the updated weights W - lr·dW, b - lr·db"
            )
        if not (differs(new_W, W + lr * dW) or differs(new_b, b + lr * db)):
            return (
                "the weights moved up the gradient, making the loss bigger: "
                "subtract learning_rate · gradient"
            )
        if m > 1 and not (differs(new_W, W - lr * dW * m) or differs(new_b, b - lr * db * m)):
            return (
                f"you summed the gradient over the {m} examples instead of averaging it: "
                "the loss is a mean, so divide by m"
            )
        if not differs(new_W, W - dW) and not differs(new_b, b - db):
            return "the learning rate is missing: the step is learning_rate · gradient"
        if not differs(new_b, b):
            return "b did not change: its gradient is the mean of (a - y)"
        name, got_value, want_value = (
            ("W", new_W, want_W) if differs(new_W, want_W) else ("b", new_b, want_b)
        )
        return (
            f"the new {name} differs from the engine's after one fit step: "
            f"{first_difference(got_value, want_value)}"
        )

    return Case(title, (X, y, W, b, lr), explain)


def problem(
    rng: np.random.Generator, m: int, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X = rng.normal(size=(m, n))
    y = rng.integers(0, 2, size=(m, 1)).astype(float)
    return X, y, rng.normal(scale=0.5, size=(n, 1)), rng.normal(scale=0.5, size=1)


def cases(rng: np.random.Generator) -> list[Case]:
    m, n = int(rng.integers(4, 9)), int(rng.integers(2, 4))
    return [
        case(f"X ({m}, {n}), W ({n}, 1), learning rate 0.1", *problem(rng, m, n), 0.1),
        case("X (6, 3), W (3, 1), learning rate 1.0", *problem(rng, 6, 3), 1.0),
        case("a single example X (1, 2), learning rate 0.5", *problem(rng, 1, 2), 0.5),
        case("a big step: X (5, 2), learning rate 3.0", *problem(rng, 5, 2), 3.0),
    ]
