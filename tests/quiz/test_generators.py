from __future__ import annotations

import json
import math
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.quiz.generators import GENERATORS, GeneratorError, fill
from tutor.quiz.grading import grade
from tutor.quiz.questions import Numeric, Shape
from tutor.quiz.session import CheckpointSession

seeds = st.integers(min_value=0, max_value=2**32)


def _numbers(text):
    return [float(v) for v in json.loads(text)]


@settings(max_examples=40, deadline=None)
@given(seeds)
def test_neuron_output_is_the_sigmoid_of_w_dot_x_plus_b(seed):
    made = GENERATORS["neuron_output"].make(random.Random(seed))
    w, x, b = _numbers(made.values["w"]), _numbers(made.values["x"]), float(made.values["b"])
    z = sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b
    assert made.answer == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-6)
    assert float(made.values["z"]) == pytest.approx(z, abs=5e-4)


@settings(max_examples=40, deadline=None)
@given(seeds)
def test_parameter_count_is_n_in_times_units_plus_units(seed):
    made = GENERATORS["dense_param_count"].make(random.Random(seed))
    n_in, units = int(made.values["n_in"]), int(made.values["units"])
    assert made.answer == n_in * units + units
    assert int(made.values["kernel"]) == n_in * units and int(made.values["bias"]) == units


@settings(max_examples=40, deadline=None)
@given(seeds)
def test_shapes_are_batch_by_units_and_n_in_by_units(seed):
    out = GENERATORS["dense_output_shape"].make(random.Random(seed))
    assert out.answer == (int(out.values["m"]), int(out.values["units"]))
    kernel = GENERATORS["dense_kernel_shape"].make(random.Random(seed))
    assert kernel.answer == (int(kernel.values["n_in"]), int(kernel.values["units"]))


NEURON = Numeric(
    id="neuron",
    prompt="w = {w}, b = {b}, x = {x}: a = ?",
    explanation="z = {z}, a = {answer}",
    generator="neuron_output",
    abs_tol=0.005,
)


@settings(max_examples=25, deadline=None)
@given(seeds)
def test_a_filled_question_accepts_its_own_answer_as_printed(seed):
    question = fill(NEURON, random.Random(seed))
    shown = re.search(r"a = (\S+)", question.explanation).group(1)
    assert grade(question, shown).correct
    assert "{" not in question.prompt


def test_a_retake_draws_new_numbers():
    session = CheckpointSession("d", [NEURON], rng=random.Random(3))
    prompts = {session.current.prompt}
    for _ in range(5):
        session = session.retake()
        prompts.add(session.current.prompt)
    assert len(prompts) > 1


def test_a_placeholder_the_generator_lacks_is_named():
    question = Shape(id="s", prompt="Shape for {batch}?", generator="dense_output_shape")
    with pytest.raises(GeneratorError, match=r"provides \{m\}, \{n_in\}, \{units\}, \{answer\}"):
        fill(question, random.Random(0))


def test_the_validator_reports_an_unknown_generator_and_a_bad_placeholder(tmp_path):
    from tutor.quiz.loader import validate_lesson_dir

    (tmp_path / "quiz.toml").write_text(
        '[[question]]\nid = "a"\ntype = "numeric"\nprompt = "?"\ngenerator = "nope"\n'
        '[[question]]\nid = "b"\ntype = "shape"\nprompt = "{w}?"\ngenerator = "neuron_output"\n'
        '[[question]]\nid = "c"\ntype = "shape"\nprompt = "{w}?"\n'
        'generator = "dense_kernel_shape"\n'
    )
    found = [f"{p.line}: {p.message}" for p in validate_lesson_dir(tmp_path)]
    assert found[0].startswith("5: a: no generator 'nope' in tutor/quiz/generators.py")
    assert found[1] == "10: b: neuron_output makes numeric questions, not shape"
    assert found[2].startswith("15: c: the text names a value dense_kernel_shape does not provide")
