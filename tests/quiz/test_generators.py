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
from tutor.quiz.parsing import format_shape
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


def _sigmoid(z):
    return 1 / (1 + math.exp(-z))


@settings(max_examples=30, deadline=None)
@given(seeds)
def test_the_course_generators_agree_with_the_math_done_by_hand(seed):
    def made(name):
        return GENERATORS[name].make(random.Random(seed))

    out = made("batch_output_shape")
    assert out.answer == (int(out.values["m"]), int(out.values["units"]))
    assert made("digits_predict_shape").answer == (
        int(made("digits_predict_shape").values["m"]),
        10,
    )
    collapsed = made("collapsed_kernel_shape")
    assert collapsed.answer == (int(collapsed.values["n_in"]), int(collapsed.values["units"]))

    count = made("model_param_count")
    n_in, u1, u2 = (int(count.values[k]) for k in ("n_in", "u1", "u2"))
    assert count.answer == n_in * u1 + u1 + u1 * u2 + u2
    image = made("image_model_param_count")
    n_in, u1, u2, u3 = (int(image.values[k]) for k in ("n_in", "u1", "u2", "u3"))
    assert n_in == int(image.values["side"]) ** 2
    assert image.answer == n_in * u1 + u1 + u1 * u2 + u2 + u2 * u3 + u3

    net = made("two_layer_output")
    x, w1, b1 = (json.loads(net.values[k]) for k in ("x", "W1", "b1"))
    w2, b2 = json.loads(net.values["W2"]), json.loads(net.values["b2"])
    a1 = [_sigmoid(sum(x[i] * w1[i][j] for i in range(2)) + b1[j]) for j in range(2)]
    assert net.answer == pytest.approx(_sigmoid(a1[0] * w2[0][0] + a1[1] * w2[1][0] + b2[0]))

    pair = made("binary_crossentropy_pair")
    y, p = json.loads(pair.values["y"]), _numbers(pair.values["p"])
    by_hand = [-math.log(pi) if yi else -math.log(1 - pi) for yi, pi in zip(y, p, strict=True)]
    assert pair.answer == pytest.approx(sum(by_hand) / 2, rel=1e-4)
    wrong = made("binary_crossentropy_wrong")
    y, p = int(wrong.values["y"]), float(wrong.values["p"])
    assert wrong.answer == pytest.approx(-math.log(p if y else 1 - p), rel=1e-4)
    assert wrong.answer > -math.log(0.5)  # always a confident mistake

    soft = made("softmax_value")
    z, k = json.loads(soft.values["z"]), int(soft.values["k"])
    assert soft.answer == pytest.approx(math.exp(z[k]) / sum(math.exp(v) for v in z))
    sparse = made("sparse_crossentropy_value")
    p, label = _numbers(sparse.values["p"]), int(sparse.values["label"])
    assert sum(p) == pytest.approx(1) and sparse.answer == pytest.approx(-math.log(p[label]))

    step = made("sgd_update")
    a1, w, a2, y, lr = (float(step.values[k]) for k in ("a1", "w", "a2", "y", "lr"))
    assert step.answer == pytest.approx(w - lr * a1 * (a2 - y))

    steps = made("fit_steps")
    m, size, epochs = (int(steps.values[k]) for k in ("m", "batch_size", "epochs"))
    assert steps.answer == math.ceil(m / size) * epochs

    bound = made("all_right_lower_bound")
    assert bound.answer == pytest.approx(0.025 ** (1 / int(bound.values["n"])))
    clipped = made("clipped_all_negative")
    share = float(clipped.values["share"].rstrip("%")) / 100
    assert clipped.answer == pytest.approx(share * -math.log(1e-7), rel=1e-3)


def _course_generated():
    from tutor.lessons.loader import load_course
    from tutor.quiz.loader import load_quiz

    return [
        question
        for lesson in load_course().lessons
        for question in load_quiz(lesson.path, lesson.id)
        if question.generator
    ]


GENERATED = _course_generated()


def test_every_computable_kind_of_question_in_the_course_is_generated():
    used = {question.generator for question in GENERATED}
    wanted = {
        "neuron_output",
        "binary_crossentropy_pair",
        "softmax_value",
        "sgd_update",
        "model_param_count",
        "fit_steps",
        "batch_output_shape",
    }
    assert wanted <= used


@pytest.mark.parametrize("question", GENERATED, ids=[q.id for q in GENERATED])
def test_a_retake_never_repeats_the_numbers_and_accepts_the_right_answer(question):
    session = CheckpointSession(None, [question], rng=random.Random(7))
    prompts = []
    for _ in range(6):
        shown = session.current
        prompts.append(shown.prompt)
        right = format_shape(shown.answer) if isinstance(shown, Shape) else f"{shown.answer:.6g}"
        assert "{" not in shown.prompt + shown.explanation
        assert session.submit(right).correct, (shown.prompt, right)
        session = session.retake()
    assert len(set(prompts)) == len(prompts), prompts
