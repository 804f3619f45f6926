"""`validate_lesson_dir`: exercise data problems name their file and line."""

from __future__ import annotations

import shutil

import pytest

from tutor.exercises import find_exercise, validate_lesson_dir
from tutor.paths import LESSONS_DIR


@pytest.fixture
def lesson(tmp_path):
    """A copy of lesson 06's exercise folder to break."""
    folder = tmp_path / "06-predict"
    shutil.copytree(find_exercise("predict").path, folder / "exercises" / "predict")
    return folder


def messages(problems):
    return [(problem.path.name, problem.line, problem.message) for problem in problems]


def test_every_lesson_in_the_course_has_valid_exercises():
    for folder in sorted(LESSONS_DIR.iterdir()):
        if folder.is_dir():
            assert validate_lesson_dir(folder) == [], folder.name


def test_a_lesson_without_exercises_has_no_problems(tmp_path):
    assert validate_lesson_dir(tmp_path) == []


def test_invalid_toml_gives_its_line(lesson):
    toml = lesson / "exercises" / "predict" / "exercise.toml"
    toml.write_text('title = "x"\nfunction = predict\n')
    [(name, line, message)] = messages(validate_lesson_dir(lesson))
    assert (name, line) == ("exercise.toml", 2)
    assert message.startswith("invalid TOML")


def test_unknown_and_missing_keys(lesson):
    toml = lesson / "exercises" / "predict" / "exercise.toml"
    toml.write_text('title = "x"\nfunction = "predict"\nprompt = "p"\ncolour = "red"\n')
    found = messages(validate_lesson_dir(lesson))
    assert (
        "exercise.toml",
        4,
        "unknown key 'colour' (known: title, function, prompt, hints, file, timeout, blank)",
    ) in found
    assert ("exercise.toml", 1, "missing required key 'hints'") in found


def test_bad_values_name_their_line(lesson):
    toml = lesson / "exercises" / "predict" / "exercise.toml"
    text = toml.read_text().replace('function = "predict"', 'function = "pre dict"')
    toml.write_text(text.replace("hints = [", "hints = []\nold_hints = ["))
    found = messages(validate_lesson_dir(lesson))
    assert ("exercise.toml", 2, "'function' must be a Python identifier") in found
    assert any(message == "'hints' must be a non-empty list of text" for _, _, message in found)


def test_a_failing_reference_solution_is_reported(lesson):
    solution = lesson / "exercises" / "predict" / "solution.py"
    solution.write_text(solution.read_text().replace(">=", ">"))
    [(name, line, message)] = messages(validate_lesson_dir(lesson))
    assert (name, line) == ("solution.py", 1)
    assert message.startswith("the reference solution fails its own checks: Not yet")
    assert "At exactly the threshold" in message


def test_a_starter_that_already_passes_is_reported(lesson):
    folder = lesson / "exercises" / "predict"
    shutil.copy(folder / "solution.py", folder / "starter.py")
    assert messages(validate_lesson_dir(lesson)) == [
        ("starter.py", 1, "the starter already passes the checks")
    ]


def test_source_files_must_exist_parse_and_define_the_function(lesson):
    folder = lesson / "exercises" / "predict"
    (folder / "starter.py").write_text("import numpy\n\ndef predict(p, t)\n    pass\n")
    (folder / "solution.py").write_text("def decide(p, t):\n    return p\n")
    assert messages(validate_lesson_dir(lesson)) == [
        ("starter.py", 3, "syntax error: expected ':'"),
        ("solution.py", 1, "does not define the function 'predict' exercise.toml names"),
    ]


def test_an_exercise_without_checks_is_reported(lesson):
    shutil.copytree(lesson / "exercises" / "predict", lesson / "exercises" / "softmax")
    found = messages(validate_lesson_dir(lesson))
    assert found == [
        (
            "softmax",
            1,
            "no hidden checks exist for 'softmax' "
            "(known: dense, sequential, bce, sgd-step, backprop, predict, digits)",
        )
    ]


def test_check_command_reports_exercise_problems(lesson, capsys):
    from tutor.check import main

    (lesson / "exercises" / "predict" / "solution.py").write_text(
        "def predict(p, t=0.5):\n    return p\n"
    )
    main([str(lesson)])
    out = capsys.readouterr().out
    assert "solution.py:1: the reference solution fails its own checks" in out


def test_timeout_and_blank_are_checked(lesson):
    toml = lesson / "exercises" / "predict" / "exercise.toml"
    toml.write_text(toml.read_text() + "timeout = -1\nblank = 'yes'\n")
    found = messages(validate_lesson_dir(lesson))
    lines = toml.read_text().splitlines()
    assert ("exercise.toml", len(lines) - 1, "'timeout' must be a positive number") in found
    assert ("exercise.toml", len(lines), "'blank' must be true or false") in found


def test_a_blank_starter_holds_comments_only(lesson):
    folder = lesson / "exercises" / "predict"
    (folder / "exercise.toml").write_text((folder / "exercise.toml").read_text() + "blank = true\n")
    (folder / "starter.py").write_text("# Write predict here.\nimport numpy as np\n")
    assert messages(validate_lesson_dir(lesson)) == [
        ("starter.py", 2, "a blank exercise's starter holds comments only")
    ]
    (folder / "starter.py").write_text("# Write predict(probabilities, threshold) here.\n")
    assert validate_lesson_dir(lesson) == []
