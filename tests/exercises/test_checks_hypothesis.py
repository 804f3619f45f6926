"""Over any random draw of the cases: the reference is judged right and known mistakes are named.

The reference solutions are the repository's own code, so they run here in-process; the judges
are the same functions the app runs on what a learner's code returned.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.exercises import find_exercise
from tutor.exercises.checks import cases_for

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def reference(exercise_id: str):
    exercise = find_exercise(exercise_id)
    namespace: dict = {}
    exec(compile(exercise.solution, exercise.file_name, "exec"), namespace)
    return namespace[exercise.function]


@pytest.mark.parametrize("exercise_id", ["dense", "sequential", "bce", "sgd-step", "predict"])
@settings(max_examples=15, deadline=None)
@given(seed=seeds)
def test_the_reference_is_right_on_every_draw(exercise_id, seed):
    solve = reference(exercise_id)
    for case in cases_for(exercise_id, seed):
        assert case.explain(solve(*case.args)) is None, case.title


@settings(max_examples=15, deadline=None)
@given(seed=seeds)
def test_a_summed_loss_is_named_on_every_draw(seed):
    first = cases_for("bce", seed)[0]
    y_true, y_pred = first.args
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)
    summed = np.sum(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
    assert first.explain(summed) == "this is the sum of the losses, not their mean"


@settings(max_examples=15, deadline=None)
@given(seed=seeds)
def test_a_one_example_dense_fails_every_batch_with_its_shapes(seed):
    batch = cases_for("dense", seed)[1]
    a_in, W, b, g = batch.args
    only_first = g(a_in[0] @ W + b)
    message = batch.explain(only_first)
    assert message.startswith(f"your output has shape ({W.shape[1]},), but a batch of ")
    assert f"{a_in.shape[0]} examples needs ({a_in.shape[0]}, {W.shape[1]})" in message
