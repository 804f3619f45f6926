"""`train_digits(X, y)`: the capstone, from a blank page. The learner's function gets most of the
shipped digits and returns a trained `tutor.engine` model; the child then calls its `predict` on
digits the function never saw, and the app scores those predictions against labels the child
was never sent.

The held-out fifth is drawn afresh on every check, so no model can be fitted to it in advance.
"""

from __future__ import annotations

import numpy as np

from tutor.engine.datasets import load_digits
from tutor.exercises.checks import Called, Case, not_an_array

PASS_MARK = 0.90
HELD_OUT = 0.2
CHANCE = 0.1


def split(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pixels as shipped (0-16) and integer labels, split into a training part and a held-out
    fifth."""
    X, y = load_digits(binary=False)
    order = rng.permutation(len(X))
    cut = int(len(X) * (1 - HELD_OUT))
    train, test = order[:cut], order[cut:]
    return X[train], y[train], X[test], y[test]


def _model_problem(got: Called) -> str | None:
    """Why what train_digits returned is not a model that can predict, or None."""
    if got.answered:
        return None
    if got.value is None:
        return "your train_digits returned None: end it with `return model`, the model after fit"
    if got.returned == "History":
        return (
            "your train_digits returned the History that fit gives back; return the model itself "
            "(fit trains the model in place)"
        )
    return (
        f"your train_digits returned a {got.returned}, which has no predict method: "
        "return the trained Sequential model"
    )


def accuracy(scores: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.argmax(scores, axis=1) == labels))


def case(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, y_test: np.ndarray) -> Case:
    held_out = len(y_test)

    def explain(got: Called) -> str | None:
        if problem := _model_problem(got):
            return problem
        if problem := not_an_array(got.value, "predictions, one row per digit"):
            return f"model.predict gave something unexpected: {problem}"
        scores = np.asarray(got.value, dtype=float)
        if scores.ndim != 2 or scores.shape[0] != held_out:
            return (
                f"model.predict on {held_out} digits gave an array of shape {scores.shape}; "
                f"it should be ({held_out}, 10), one row of ten scores per digit"
            )
        if scores.shape[1] != 10:
            units = scores.shape[1]
            return (
                f"your model's output is {units} wide, but there are ten digits: end with "
                "Dense(10) (softmax, or linear with a from_logits=True loss), one unit per class, "
                "and read the answer with argmax"
            )
        if not np.isfinite(scores).all():
            return (
                "your model predicts nan or inf: training diverged. Scale the pixels (they run "
                "0 to 16) or lower the learning rate"
            )
        score = accuracy(scores, y_test)
        if score >= PASS_MARK:
            return None
        if score <= 2 * CHANCE:
            answers = np.unique(np.argmax(scores, axis=1))
            same = f" It answers {answers[0]} for every digit." if len(answers) == 1 else ""
            return (
                f"your model got {score:.1%} of the held-out digits right, about what guessing "
                f"gets ({CHANCE:.0%}): it has learned nothing useful.{same} Does train_digits "
                "call fit on X and y before it returns? If it does, the training failed: a "
                "learning rate far too high, or far too few steps"
            )
        return (
            f"your model got {score:.1%} of the held-out digits right; the bar is "
            f"{PASS_MARK:.0%}. Train for more epochs, give it a hidden layer, or scale the "
            "inputs inside the model, since predict receives pixels 0-16 just as X was given"
        )

    def praise(got: Called) -> str:
        scores = np.asarray(got.value, dtype=float)
        right = int(np.sum(np.argmax(scores, axis=1) == y_test))
        return (
            f"Your model classified {right} of {held_out} held-out digits correctly "
            f"({right / held_out:.1%}); the bar is {PASS_MARK:.0%}."
        )

    return Case(
        f"train on {len(y_train)} digits, predict {held_out} it never saw",
        (X_train, y_train),
        explain,
        then=("predict", (X_test,)),
        praise=praise,
    )


def cases(rng: np.random.Generator) -> list[Case]:
    return [case(*split(rng))]
