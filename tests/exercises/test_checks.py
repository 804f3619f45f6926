"""Every exercise: the reference passes, and typical wrong answers fail with their own message."""

from __future__ import annotations

import ast
import textwrap

import pytest

from tutor.exercises import all_exercises, find_exercise
from tutor.exercises.runner import check_source

PIECES = ("dense", "sequential", "bce", "sgd-step", "backprop", "predict")  # your engine's
IDS = (*PIECES, "digits")


def check(exercise_id: str, source: str, **options):
    return check_source(exercise_id, textwrap.dedent(source), **options)


def test_the_course_has_the_exercises_in_course_order():
    assert [exercise.id for exercise in all_exercises()] == list(IDS)
    lessons = [find_exercise(exercise_id).lesson_dir.name for exercise_id in IDS]
    assert lessons == [
        "02-dense",
        "04-sequential",
        "05-compile",
        "06-fit",
        "06-fit",
        "07-predict",
        "10-ten-classes",
    ]


@pytest.mark.parametrize("exercise_id", PIECES)
def test_the_reference_solution_passes(exercise_id):
    verdict = check(exercise_id, find_exercise(exercise_id).solution)
    assert verdict.passed, verdict.message
    assert verdict.cases_passed == verdict.cases_total >= 4
    assert "agree with the engine" in verdict.headline


@pytest.mark.parametrize("exercise_id", PIECES)
def test_the_starter_fails_and_says_why(exercise_id):
    verdict = check(exercise_id, find_exercise(exercise_id).starter)
    assert verdict.status == "failed"
    assert "None" in verdict.message


WRONG = [
    (
        "dense",
        """
        import numpy as np
        def dense(a_in, W, b, g):
            z = np.zeros(W.shape[1])
            for j in range(W.shape[1]):
                z[j] = np.sum(a_in * W[:, j]) + b[j]
            return g(z)
        """,
        "but a batch of",
    ),
    (
        "dense",
        "def dense(a_in, W, b, g):\n    return a_in @ W + b\n",
        "before the activation: pass z through g, the activation your function receives",
    ),
    ("dense", "def dense(a_in, W, b, g):\n    return g(a_in @ W)\n", "the bias b is missing"),
    ("dense", "def dense(a_in, W, b, g):\n    return g(a_in @ W + b).T\n", "is transposed"),
    (
        "sequential",
        "def sequential(x, layers):\n    W, b, g = layers[0]\n    return g(x @ W + b)\n",
        "first layer's output",
    ),
    (
        "sequential",
        """
        def sequential(x, layers):
            for W, b, g in layers:
                a = g(x @ W + b)
            return a
        """,
        "the last layer applied to x itself",
    ),
    (
        "sequential",
        """
        def sequential(x, layers):
            a = x
            for W, b, g in reversed(layers):
                a = g(a @ W + b)
            return a
        """,
        "reverse order",
    ),
    (
        "sequential",
        """
        def sequential(x, layers):
            out = [x]
            for W, b, g in layers:
                out.append(g(out[-1] @ W + b))
            return out[1:]
        """,
        "one per layer",
    ),
    (
        "bce",
        """
        import numpy as np
        def binary_crossentropy(y_true, y_pred):
            p = np.clip(y_pred, 1e-7, 1 - 1e-7)
            return np.sum(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
        """,
        "this is the sum of the losses, not their mean",
    ),
    (
        "bce",
        """
        import numpy as np
        def binary_crossentropy(y_true, y_pred):
            p = np.clip(y_pred, 1e-7, 1 - 1e-7)
            return -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
        """,
        "one loss per example",
    ),
    (
        "bce",
        """
        import numpy as np
        def binary_crossentropy(y_true, y_pred):
            return np.mean(-(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)))
        """,
        "for y_pred = 1.0 with y_true = 0 your loss is inf",
    ),
    (
        "bce",
        """
        import numpy as np
        def binary_crossentropy(y_true, y_pred):
            p = np.clip(y_pred, 1e-3, 1 - 1e-3)
            return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
        """,
        "the engine clips y_pred to [1e-07, 1 - 1e-07]",
    ),
    (
        "bce",
        """
        import numpy as np
        def binary_crossentropy(y_true, y_pred):
            p = np.clip(y_pred, 1e-7, 1 - 1e-7)
            return np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
        """,
        "your loss is negative",
    ),
    (
        "bce",
        """
        import numpy as np
        def binary_crossentropy(y_true, y_pred):
            p = np.clip(1 / (1 + np.exp(-y_pred)), 1e-7, 1 - 1e-7)
            return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
        """,
        "from_logits=False",
    ),
]

PREDICT = "def predict(probabilities, threshold=0.5):\n    return "

SGD_FORWARD = """
import numpy as np
def sgd_step(X, y, W, b, learning_rate):
    m = X.shape[0]
    error = 1 / (1 + np.exp(-(X @ W + b))) - y
    dW, db = X.T @ error / m, error.mean(axis=0)
"""

WRONG += [
    (
        "sgd-step",
        SGD_FORWARD.replace("X.T @ error / m", "X.T @ error").replace(
            "error.mean(axis=0)", "error.sum(axis=0)"
        )
        + "    return W - learning_rate * dW, b - learning_rate * db\n",
        "you summed the gradient",
    ),
    (
        "sgd-step",
        SGD_FORWARD + "    return W + learning_rate * dW, b + learning_rate * db\n",
        "moved up the gradient",
    ),
    ("sgd-step", SGD_FORWARD + "    return dW, db\n", "you returned the gradients"),
    ("sgd-step", SGD_FORWARD + "    return W - dW, b - db\n", "the learning rate is missing"),
    ("sgd-step", SGD_FORWARD + "    return W - learning_rate * dW, b\n", "b did not change"),
    ("sgd-step", SGD_FORWARD + "    return W - learning_rate * dW\n", "as a pair"),
    (
        "sgd-step",
        SGD_FORWARD + "    return W - learning_rate * dW.ravel(), b - learning_rate * db\n",
        "but the new W needs",
    ),
    (
        "predict",
        PREDICT + "(probabilities > threshold).astype(int)\n",
        "at exactly the threshold (p = 0.5) you decided 0",
    ),
    (
        "predict",
        "def predict(probabilities, threshold=0.5):\n    return probabilities >= threshold\n",
        "True/False",
    ),
    (
        "predict",
        PREDICT + "(probabilities >= 0.5).astype(int)\n",
        "you used 0.5 instead of the threshold argument (0.75)",
    ),
    (
        "predict",
        PREDICT + "(probabilities < threshold).astype(int)\n",
        "flipped",
    ),
]


BACKPROP = """
def backprop(X, y, a1, a2, W2):
    m = X.shape[0]
    dz2 = (a2 - y) / m
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)
"""


def backprop_with(old: str, new: str) -> str:
    assert old in BACKPROP
    return BACKPROP.replace(old, new)


# Each mistake the backprop issue lists, with the message that must name it.
WRONG += [
    ("backprop", backprop_with("(a2 - y) / m", "(a2 - y)"), "m times the engine's"),
    ("backprop", backprop_with(" * a1 * (1 - a1)", ""), "miss the hidden layer's sigmoid slope"),
    (
        "backprop",
        backprop_with("a1 * (1 - a1)", "a2 * (1 - a2)"),
        "the hidden layer's slope uses a2",
    ),
    (
        "backprop",
        backprop_with(
            "dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)",
            "dz1.mean(axis=0), a1.T @ dz2, dz2.mean(axis=0)",
        ),
        "averaged over the examples",
    ),
    (
        "backprop",
        backprop_with(
            "return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)",
            "return a1.T @ dz2, dz2.sum(axis=0), X.T @ dz1, dz1.sum(axis=0)",
        ),
        "in the wrong order: you returned dW2, db2, dW1, db1",
    ),
    (
        "backprop",
        backprop_with(
            "return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)",
            "return X.T @ dz1, a1.T @ dz2",
        ),
        "returned 2 values; return all four",
    ),
    (
        "backprop",
        backprop_with("dz1.sum(axis=0), a1", "dz1.sum(axis=0, keepdims=True), a1"),
        "your db1 has shape (1, 3), but it must be shaped like b1: (3,)",
    ),
    (
        "backprop",
        backprop_with("return X.T @ dz1,", "return dz1.T @ X,"),
        "it is transposed: x.t @ dz1",
    ),
    ("backprop", backprop_with("(a2 - y) / m", "(y - a2) / m"), "the gradients point uphill"),
    (
        "backprop",
        backprop_with("(a2 - y) / m", "(a2 - y) / m * a2 * (1 - a2)"),
        "the output's sigmoid slope multiplied in",
    ),
]


def test_w2_not_transposed_is_explained_at_the_learners_line():
    verdict = check("backprop", backprop_with("dz2 @ W2.T", "dz2 @ W2"))
    assert verdict.status == "failed"
    assert verdict.message.startswith("ValueError at line 5: `dz1 = (dz2 @ W2) * a1 * (1 - a1)`")
    assert "multiplies by its weights transposed: dz2 @ W2.T" in verdict.message


@pytest.mark.parametrize(("exercise_id", "source", "explanation"), WRONG)
def test_a_typical_wrong_answer_fails_with_its_explanation(exercise_id, source, explanation):
    verdict = check(exercise_id, source)
    assert verdict.status == "failed"
    assert explanation.lower() in verdict.message.lower()
    assert verdict.case  # the learner is told which check it was


def test_a_shape_error_names_the_check_and_the_learners_line():
    source = """
    import numpy as np
    def dense(a_in, W, b, g):
        units = W.shape[1]
        a_out = np.zeros(units)
        for j in range(units):
            a_out[j] = g(np.dot(W[:, j], a_in) + b[j])
        return a_out
    """
    verdict = check("dense", source)
    assert verdict.status == "error"
    assert verdict.case.startswith("a batch")
    assert "line 7" in verdict.message
    assert "a_out[j] = g(np.dot(W[:, j], a_in) + b[j])" in verdict.message


def test_the_dense_shape_message_reads_as_the_issue_asks():
    source = WRONG[0][1]
    verdict = check("dense", source, seed=3)
    assert verdict.message.startswith("Your output has shape (")
    assert "but a batch of" in verdict.message
    assert "examples needs (" in verdict.message


def test_inputs_are_drawn_afresh_so_a_memorised_answer_fails():
    from tutor.exercises.checks import cases_for

    first, second = cases_for("dense", seed=1), cases_for("dense", seed=2)
    assert not (
        first[0].args[0].shape == second[0].args[0].shape
        and (first[0].args[0] == second[0].args[0]).all()
    )


def code_lines(source: str, function: str) -> list[str]:
    """The working lines of the solution's function, without spaces, docstring or comments."""
    [node] = [n for n in ast.parse(source).body if getattr(n, "name", None) == function]
    body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body
    lines = []
    for statement in body:
        for line in ast.get_source_segment(source, statement).splitlines():
            code = line.split("#")[0].replace(" ", "")
            if len(code) > 8:
                lines.append(code)
    return lines


@pytest.mark.parametrize("exercise", all_exercises(), ids=lambda exercise: exercise.id)
def test_no_starter_hint_or_prompt_gives_away_a_line_of_the_solution(exercise):
    shown = {
        "the starter": exercise.starter,
        "the prompt": exercise.prompt,
        **{f"hint {n}": hint for n, hint in enumerate(exercise.hints, 1)},
    }
    leaks = [
        f"{where} holds `{line}`"
        for line in code_lines(exercise.solution, exercise.function)
        for where, text in shown.items()
        if line in text.replace(" ", "")
    ]
    assert leaks == []
