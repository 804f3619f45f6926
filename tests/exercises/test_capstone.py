"""The blank-page capstone `digits`: a trained model is judged by its predictions on held-out
digits, and each way of getting it wrong that the issue names has its own message."""

from __future__ import annotations

import re

import pytest

from tutor.exercises import find_exercise
from tutor.exercises.checks import cases_for
from tutor.exercises.runner import check_source
from tutor.exercises.validate import validate_exercise

SOLUTION = find_exercise("digits").solution


def with_change(old: str, new: str) -> str:
    assert old in SOLUTION
    return SOLUTION.replace(old, new)


def test_the_reference_solution_passes_with_its_held_out_accuracy():
    verdict = check_source("digits", SOLUTION)
    assert verdict.passed, verdict.message
    assert verdict.headline == "Passed."
    right, total, percent = re.fullmatch(
        r"Your model classified (\d+) of (\d+) held-out digits correctly \(([\d.]+)%\); "
        r"the bar is 90%\.",
        verdict.message,
    ).groups()
    assert int(total) == 360
    assert float(percent) >= 90.0
    assert int(right) / int(total) == pytest.approx(float(percent) / 100, abs=5e-4)


def test_the_held_out_digits_are_never_sent_to_the_learners_function():
    [case] = cases_for("digits", seed=0)
    X_train, _ = case.args
    method, (X_test,) = case.then
    assert method == "predict"
    assert len(X_train) + len(X_test) == 1797
    assert not ({row.tobytes() for row in X_test} <= {row.tobytes() for row in X_train})


def test_a_fresh_split_on_every_check():
    first, second = cases_for("digits", seed=1)[0], cases_for("digits", seed=2)[0]
    assert (first.then[1][0] != second.then[1][0]).any()


def test_the_starter_is_a_blank_page_and_says_what_to_write():
    exercise = find_exercise("digits")
    assert exercise.blank
    assert all(line.startswith("#") for line in exercise.starter.splitlines())
    verdict = check_source("digits", exercise.starter)
    assert verdict.status == "failed"
    assert "no function named `train_digits`" in verdict.message
    assert validate_exercise(exercise.path) == []


WRONG = [
    (with_change("    return model\n", ""), "returned None: end it with `return model`"),
    (
        with_change("    model.fit(X, y,", "    return model.fit(X, y,"),
        "returned the History that fit gives back",
    ),
    (
        with_change("    return model\n", "    return [model]\n"),
        "returned a list, which has no predict method",
    ),
    (
        with_change("Dense(10),", "Dense(1),").replace(
            "SparseCategoricalCrossentropy(from_logits=True)", '"mse"'
        ),
        "output is 1 wide, but there are ten digits",
    ),
    (
        with_change("    model.fit(X, y, epochs=40, batch_size=32, verbose=0)\n", ""),
        "about what guessing gets (10%): it has learned nothing useful",
    ),
]


@pytest.mark.parametrize(("source", "explanation"), WRONG)
def test_a_wrong_capstone_fails_with_its_explanation(source, explanation):
    verdict = check_source("digits", source)
    assert verdict.status == "failed", verdict.message
    assert explanation in verdict.message
    assert verdict.case == "train on 1437 digits, predict 360 it never saw"


def test_an_error_while_training_names_the_learners_line():
    verdict = check_source("digits", with_change("model.fit(X, y,", "model.fit(X.T, y,"))
    assert verdict.status == "error"
    lines = SOLUTION.splitlines()
    fit_line = next(n for n, line in enumerate(lines, 1) if "model.fit(" in line)
    assert f"line {fit_line}: Layer 'dense" in verdict.message
    assert "model.fit(X.T, y, epochs=40" in verdict.message


def test_a_model_that_trains_too_little_is_told_the_bar():
    source = with_change("epochs=40", "epochs=2").replace(
        "learning_rate=0.001", "learning_rate=0.0003"
    )
    verdict = check_source("digits", source, seed=0)
    assert verdict.status == "failed"
    assert re.search(r"Your model got \d+\.\d% of the held-out digits right", verdict.message)


def test_a_learning_rate_far_too_high_is_named_as_a_cause():
    source = with_change("learning_rate=0.001", "learning_rate=1e6")
    verdict = check_source("digits", source, seed=0)
    assert verdict.status == "failed"
    assert "it has learned nothing useful" in verdict.message
    assert "a learning rate far too high" in verdict.message
