"""Your engine: the learner's own functions train the coffee network as the engine does."""

from __future__ import annotations

import pytest

from tutor.exercises import all_exercises
from tutor.exercises.your_engine import ORDER, comparison_table, run_your_engine


def solutions():
    return {ex.id: (ex.solution, ex.file_name) for ex in all_exercises() if ex.id in ORDER}


def test_every_step_of_training_is_a_learner_function():
    assert ORDER == ("dense", "sequential", "bce", "sgd-step", "backprop", "predict")


def test_the_reference_functions_train_as_the_engine_does():
    result = run_your_engine(solutions(), epochs=300)
    assert result.agree, result.message
    assert len(result.yours) == len(result.engine) == 300
    assert result.yours[-1] < result.yours[0]  # it learned
    assert result.accuracy_yours == result.accuracy_engine
    table = comparison_table(result)
    assert table.startswith("From the same weights: 300 full-batch steps of SGD(learning_rate=5)")
    assert table.splitlines()[1].split() == [
        "epoch",
        "your",
        "loss",
        "engine",
        "loss",
        "difference",
    ]
    assert f"{result.engine[-1]:.6f}" in table.splitlines()[-2]
    assert "all four gradients (backprop)" in result.message
    assert "largest difference" in result.message


def test_an_sgd_step_that_changes_its_inputs_in_place_is_caught():
    sources = solutions()
    code, name = sources["sgd-step"]
    in_place = code.replace("W - learning_rate * dW", "W.__isub__(learning_rate * dW)")
    assert in_place != code
    sources["sgd-step"] = (in_place, name)
    result = run_your_engine(sources, epochs=5)
    assert result.status == "differ"
    assert result.message.startswith(
        "At epoch 1 your sgd_step and your backprop disagree on the output layer's gradient"
    )


@pytest.mark.parametrize(
    ("piece", "old", "new"),
    [
        ("backprop", " * a1 * (1 - a1)", ""),  # the hidden layer's slope left out
        ("bce", "np.mean(losses)", "np.mean(losses) * 2"),  # a loss twice too big
    ],
)
def test_a_wrong_piece_makes_the_curves_part(piece, old, new):
    sources = solutions()
    code, name = sources[piece]
    assert old in code
    sources[piece] = (code.replace(old, new), name)
    result = run_your_engine(sources, epochs=30)
    assert result.status == "differ"
    assert "part ways" in result.message


def test_an_error_in_a_learner_function_names_it_and_its_line():
    sources = solutions()
    sources["sequential"] = (
        "def sequential(x, layers):\n    return x @ 2 + undefined\n",
        "sequential.py",
    )
    result = run_your_engine(sources, epochs=5)
    assert result.status == "error"
    assert result.message.startswith("Your sequential failed during training at line 2")


def test_an_endless_loop_times_out():
    sources = solutions()
    sources["predict"] = ("def predict(p, t=0.5):\n    while True:\n        pass\n", "predict.py")
    result = run_your_engine(sources, epochs=5, timeout=5)
    assert result.status == "timeout"
    assert "did not finish within 5 s" in result.message
