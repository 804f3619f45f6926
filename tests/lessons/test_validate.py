"""The validator and `tutor check`: each kind of problem, reported as `file:line: message`."""

from __future__ import annotations

from tests.lessons.conftest import lesson_text
from tutor.check import main as check_main
from tutor.lessons.loader import load_course
from tutor.lessons.validate import validate_course


def shown(problems, root) -> list[str]:
    return [f"{p.path.relative_to(root)}:{p.line}: {p.message}" for p in problems]


def test_duplicate_lesson_ids_and_numbers(course_dir):
    course_dir("01-first", lesson_text("same"))
    course_dir("02-second", lesson_text("same"))
    course_dir("02-third", lesson_text("third"))
    problems = validate_course(load_course(course_dir.root), run=False)
    assert shown(problems, course_dir.root) == [
        '02-second/lesson.md:2: duplicate lesson id "same" (also 01-first/lesson.md)',
        "02-third/lesson.md:1: lesson number 02 is taken twice (02-second and 02-third)",
    ]


def test_prerequisites_must_name_an_earlier_lesson(course_dir):
    course_dir("01-first", lesson_text("first", prerequisites='["second"]'))
    course_dir("02-second", lesson_text("second", prerequisites='["first", "ghost"]'))
    problems = validate_course(load_course(course_dir.root), run=False)
    assert shown(problems, course_dir.root) == [
        '01-first/lesson.md:6: prerequisite "second" is lesson 02, '
        "which does not come before this one",
        '02-second/lesson.md:6: prerequisite "ghost" names no lesson',
    ]


def test_step_references_and_ids(course_dir):
    body = """
    ::: cell id=a
    :::

    ::: cell id=a
    :::

    ::: hood view=graph x=X
    :::

    ::: hood view=step x=X
    :::

    ::: hood view=dense x=X threshold=0.3
    :::

    ::: exercise id=missing
    :::

    ::: prose edits=a
    :::

    ::: prose edits=later
    :::

    ::: cell id=later
    :::
    """
    course_dir("01-one", lesson_text(body=body))
    problems = validate_course(load_course(course_dir.root), run=False)
    assert shown(problems, course_dir.root) == [
        '01-one/lesson.md:12: duplicate cell id "a" (first at line 9)',
        '01-one/lesson.md:15: unknown hood view "graph" (views: network, dense, step, predict)',
        "01-one/lesson.md:18: view=step needs y=... (the labels for the training step)",
        "01-one/lesson.md:21: threshold=... only applies to view=predict",
        '01-one/lesson.md:24: exercise "missing" has no folder exercises/missing/',
        '01-one/lesson.md:30: edits="later" names no cell above this prose step',
    ]


def test_cells_run_in_order_and_a_failure_is_reported_at_its_line(course_dir):
    body = """
    ::: cell id=setup
    x = 1
    :::

    ::: cell id=broken
    y = x + 1
    z = y + undefined
    :::

    ::: cell id=never-reached
    raise RuntimeError("not run after a failure")
    :::
    """
    course_dir("01-one", lesson_text(body=body))
    problems = validate_course(load_course(course_dir.root))
    assert shown(problems, course_dir.root) == [
        "01-one/lesson.md:15: cell \"broken\" failed: NameError: name 'undefined' is not defined"
    ]


def test_a_slow_cell_and_a_crashing_cell(course_dir):
    course_dir(
        "01-slow", lesson_text("slow", body="::: cell id=spin timeout=1\nwhile True: pass\n:::\n")
    )
    course_dir(
        "02-crash", lesson_text("crash", body="::: cell id=die\nimport os\nos._exit(4)\n:::\n")
    )
    problems = validate_course(load_course(course_dir.root))
    assert shown(problems, course_dir.root) == [
        '01-slow/lesson.md:8: cell "spin" did not finish within 1 s '
        "(make it faster, or give it timeout=SECONDS)",
        '02-crash/lesson.md:8: cell "die" crashed the kernel: The kernel process ended while '
        "running this cell (it exited with code 4): something in the cell stopped Python, like "
        "os._exit(), a crash in native code or running out of memory. A fresh kernel was started "
        "with no variables: run the cells above again.",
    ]


def test_a_hood_view_whose_expression_fails(course_dir):
    body = "::: cell id=data\nX = [[1.0, 2.0]]\n:::\n\n::: hood view=dense model=net x=X\n:::\n"
    course_dir("01-one", lesson_text(body=body))
    problems = validate_course(load_course(course_dir.root))
    assert shown(problems, course_dir.root) == [
        "01-one/lesson.md:12: hood view=dense cannot be drawn: "
        "model=net: NameError: name 'net' is not defined"
    ]


def test_feature_validators_see_each_lesson_folder(course_dir):
    course_dir("01-one", lesson_text(body="::: checkpoint\n:::\n"))
    problems = validate_course(load_course(course_dir.root), run=False)
    assert [(p.path.name, p.line) for p in problems] == [("lesson.md", 8)]
    assert "quiz.toml" in problems[0].message


def test_only_the_chosen_folders_are_reported(course_dir):
    good = course_dir("01-good", lesson_text("good"))
    course_dir("02-bad", lesson_text("bad", prerequisites='["ghost"]'))
    assert validate_course(load_course(course_dir.root), [good], run=False) == []


def test_check_prints_problems_and_exits_1(course_dir, capsys, monkeypatch):
    monkeypatch.chdir(course_dir.root)
    course_dir("01-one", lesson_text(body="::: cell id=a\n1 / 0\n:::\n\n::: quizz\n:::\n"))
    assert check_main(["01-one"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        '01-one/lesson.md:9: cell "a" failed: ZeroDivisionError: division by zero',
        '01-one/lesson.md:12: unknown step kind "quizz" '
        "(known kinds: prose, cell, hood, exercise, checkpoint)",
    ]
    assert err == "2 problems found\n"


def test_check_summarises_success(course_dir, capsys):
    course_dir("01-one", lesson_text(body="::: cell id=a\nx = 1\n:::\n::: cell id=b\nx + 1\n:::\n"))
    assert check_main([str(course_dir.root)]) == 0
    assert capsys.readouterr().out == "checked 1 lesson, ran 2 cells: all good\n"


def test_check_a_path_that_is_not_there(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert check_main(["nowhere"]) == 1
    assert capsys.readouterr().out == "nowhere:1: no such lesson folder\n"
