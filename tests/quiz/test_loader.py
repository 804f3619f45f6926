from __future__ import annotations

from pathlib import Path

import pytest

from tutor.quiz.loader import QuizError, load_quiz, validate_lesson_dir
from tutor.quiz.questions import Choice, Numeric, Open, Ordering, Shape, SpotTheBug

GOOD = (Path(__file__).parent / "sample_quiz.toml").read_text()


def write(tmp_path, text, lesson=None):
    (tmp_path / "quiz.toml").write_text(text)
    if lesson is not None:
        (tmp_path / "lesson.md").write_text(lesson)
    return tmp_path


def test_every_type_loads(tmp_path):
    questions = load_quiz(write(tmp_path, GOOD), lesson_id="dense")
    kinds = [type(question) for question in questions]
    assert kinds == [Choice, Numeric, Shape, Shape, Ordering, SpotTheBug, Open, Choice]
    choice, numeric, kernel, batch, order, bug, open_, several = questions
    assert choice.options[1].why == "The input width comes from the data."
    assert numeric.answer == 9.0 and numeric.tolerance_text == "exactly"
    assert kernel.answer == (2, 3) and batch.answer == (None, 3)
    assert order.items[0] == "define"
    assert bug.lines[1] == "a = layer(x.T)" and bug.correct_fix == 0
    assert open_.points[0].terms == ("compile", "loss|objective") and open_.source == "Q1"
    assert several.several and not choice.several
    assert {question.lesson_id for question in questions} == {"dense"}
    assert validate_lesson_dir(tmp_path) == []


def problems_of(tmp_path, text, lesson=None):
    return [
        f"{p.path.name}:{p.line}: {p.message}"
        for p in validate_lesson_dir(write(tmp_path, text, lesson))
    ]


def test_a_wrong_option_without_a_why_is_named_at_its_line(tmp_path):
    text = GOOD.replace('why = "The input width comes from the data."\n', "")
    assert problems_of(tmp_path, text) == [
        "quiz.toml:10: units: the wrong option 'The number of inputs' needs a why"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('type = "shape"', 'type = "shap"', 1), "quiz.toml:21: type must be one of choice"),
        (('id = "kernel"', 'id = "units"', 1), "quiz.toml:20: duplicate question id 'units'"),
        (
            ("answer = 9", "answer = 9\nabs_tol = -1"),
            "quiz.toml:19: params: abs_tol must be a number >= 0",
        ),
        (("answer = 9", "answr = 9"), "quiz.toml:14: params: give an answer or a generator (one)"),
        (
            ("answer = [2, 3]", "answer = [2.5, 3]"),
            "quiz.toml:23: kernel: answer is a list of whole",
        ),
        (
            ('"compile", "fit", "predict"]', '"fit"]'),
            "quiz.toml:34: workflow: items is a list of 3 or more",
        ),
        (
            ("bug_line = 2", "bug_line = 7"),
            "quiz.toml:44: transpose: bug_line must be a line of the code, 1 to 2",
        ),
        (('level = "beginner"', 'level = "guru"'), "quiz.toml:55: three-steps: level is one of"),
        (
            ('terms = ["compile", "loss|objective"]', 'terms = ["compile", "loss|"]'),
            "quiz.toml:59: three-steps: terms is a list like",
        ),
        (
            ('prompt = "Shape of W?"', 'prompt = ""'),
            "quiz.toml:22: kernel: prompt must be non-empty",
        ),
        (
            ("correct = true\n[[question.option]]", "[[question.option]]"),
            "quiz.toml:2: units: at least one option must have correct = true",
        ),
        (
            ('prompt = "Shape of W?"', 'prompt = "Shape of W?"\nhint = "x"'),
            "quiz.toml:23: kernel: unknown key 'hint'",
        ),
        (
            ("answer = 9", 'answer = 9\ngenerator = "neuron_output"'),
            "quiz.toml:14: params: give an answer or a generator (one)",
        ),
    ],
)
def test_each_mistake_is_reported_at_its_line(tmp_path, change, expected):
    old, new, *count = change
    text = GOOD.replace(old, new, *count)
    assert text != GOOD
    found = problems_of(tmp_path, text)
    assert any(problem.startswith(expected) for problem in found), found


def test_invalid_toml_names_its_line(tmp_path):
    found = problems_of(tmp_path, GOOD.replace("answer = 9", "answer = "))
    assert len(found) == 1 and found[0].startswith("quiz.toml:18: not valid TOML")


def test_load_quiz_refuses_a_bad_file_listing_the_problems(tmp_path):
    write(tmp_path, GOOD.replace("answer = 9", "answer = 'nine'"))
    with pytest.raises(QuizError, match=r"quiz.toml:18: params: answer must be a number"):
        load_quiz(tmp_path)


def test_checkpoint_steps_need_the_quiz_and_its_question_ids(tmp_path):
    lesson = "+++\nid = 'x'\n+++\n\n::: checkpoint questions=units,nope\n:::\n"
    assert problems_of(tmp_path, GOOD, lesson) == [
        "lesson.md:5: checkpoint question 'nope' is not in quiz.toml"
    ]
    (tmp_path / "quiz.toml").unlink()
    assert [str(p).split("/")[-1] for p in validate_lesson_dir(tmp_path)] == [
        "lesson.md:5: a checkpoint step needs quiz.toml beside it"
    ]


def test_a_lesson_without_a_checkpoint_needs_no_quiz(tmp_path):
    (tmp_path / "lesson.md").write_text("+++\nid = 'x'\n+++\n")
    assert validate_lesson_dir(tmp_path) == []


def test_tutor_check_prints_quiz_problems_as_file_and_line(tmp_path, capsys, monkeypatch):
    from tutor.check import main

    folder = tmp_path / "01-quizzy"
    folder.mkdir()
    (folder / "lesson.md").write_text(
        '+++\nid = "quizzy"\ntitle = "Q"\ngoal = "Q."\nminutes = 1\n+++\n\n::: checkpoint\n:::\n'
    )
    write(folder, GOOD.replace("bug_line = 2", "bug_line = 9"))
    monkeypatch.chdir(tmp_path)
    assert main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert "01-quizzy/quiz.toml:44: transpose: bug_line must be a line of the code, 1 to 2" in out


def _review_course(tmp_path, questions):
    """Three lessons; the second's review step names `questions`."""
    for number, lesson_id in enumerate(("one", "two", "three"), 1):
        folder = tmp_path / f"{number:02d}-{lesson_id}"
        folder.mkdir()
        step = f"::: checkpoint questions={questions}\n:::\n" if lesson_id == "two" else ""
        (folder / "lesson.md").write_text(
            f'+++\nid = "{lesson_id}"\ntitle = "T"\n+++\n\n{step}\n::: checkpoint\n:::\n'
        )
        (folder / "quiz.toml").write_text(
            f'[[question]]\nid = "{lesson_id}-q"\ntype = "shape"\nprompt = "?"\nanswer = [1]\n'
        )
    return tmp_path / "02-two"


def test_a_review_checkpoint_draws_questions_from_earlier_lessons(tmp_path):
    from tutor.quiz.loader import load_checkpoint, validate_lesson_dir

    folder = _review_course(tmp_path, "one/one-q,two-q")
    assert validate_lesson_dir(folder) == []
    questions = load_checkpoint(folder, "two", ("one/one-q", "two-q"))
    assert [(q.lesson_id, q.id) for q in questions] == [("one", "one-q"), ("two", "two-q")]


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("three/three-q", "a review draws only on earlier lessons"),
        ("nine/one-q", "no lesson has the id 'nine'"),
        ("one/nope", "one's quiz.toml has no 'nope'"),
    ],
)
def test_a_review_reference_that_cannot_be_served_is_reported(tmp_path, reference, message):
    from tutor.quiz.loader import validate_lesson_dir

    [problem] = validate_lesson_dir(_review_course(tmp_path, reference))
    assert message in problem.message and problem.line == 6
