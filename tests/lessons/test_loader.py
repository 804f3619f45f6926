"""Reading lesson.md: what a good lesson becomes, and every malformed part reported at its line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.lessons.conftest import lesson_text
from tutor.lessons.loader import load_course, parse_lesson
from tutor.lessons.model import Cell, Checkpoint, Exercise, Hood, Prose

GOOD = lesson_text(
    "dense",
    """
    ::: prose
    # Title

    Some *Markdown*.
    :::

    ::: cell id=first timeout=5
    x = 1
        # indentation kept
    :::

    ::: hood view=predict model=net x="X[:5, 0]" threshold=0.7
    A caption.
    :::

    ::: exercise id=shapes
    :::

    ::: checkpoint questions=q1,q2
    :::
    """,
    prerequisites='["intro"]',
)


def messages(problems) -> list[str]:
    return [f"{p.path.name}:{p.line}: {p.message}" for p in problems]


def test_a_good_lesson_becomes_steps_with_their_lines(tmp_path):
    lesson, problems = parse_lesson(GOOD, tmp_path / "03-dense")
    assert problems == []
    assert (lesson.id, lesson.number, lesson.slug) == ("dense", 3, "dense")
    assert (lesson.title, lesson.goal, lesson.minutes) == ("A lesson", "Learn a thing.", 5)
    assert lesson.prerequisites == ("intro",)
    assert lesson.pass_mark == 0.8
    prose, cell, hood, exercise, checkpoint = lesson.steps
    assert isinstance(prose, Prose) and prose.line == 9
    assert prose.body == "# Title\n\nSome *Markdown*."
    assert isinstance(cell, Cell) and (cell.id, cell.timeout, cell.line) == ("first", 5.0, 15)
    assert cell.code == "x = 1\n    # indentation kept"
    assert cell.body_line == 16
    assert isinstance(hood, Hood)
    assert (hood.view, hood.model, hood.x, hood.threshold) == ("predict", "net", "X[:5, 0]", "0.7")
    assert hood.caption == "A caption."
    assert isinstance(exercise, Exercise) and exercise.id == "shapes"
    assert isinstance(checkpoint, Checkpoint) and checkpoint.questions == ("q1", "q2")
    assert GOOD.splitlines()[checkpoint.line - 1] == "::: checkpoint questions=q1,q2"


def test_defaults_for_optional_attributes(tmp_path):
    text = lesson_text(body="::: hood view=dense x=X\n:::\n::: checkpoint\n:::\n")
    lesson, problems = parse_lesson(text, tmp_path / "01-one")
    assert problems == []
    hood, checkpoint = lesson.steps
    assert (hood.model, hood.y, hood.threshold) == ("model", None, None)
    assert checkpoint.questions is None


def test_no_front_matter(tmp_path):
    lesson, problems = parse_lesson("::: prose\nhi\n:::\n", tmp_path / "01-one")
    assert lesson is None
    assert messages(problems) == [
        'lesson.md:1: a lesson starts with a line "+++" opening its TOML front matter'
    ]


def test_front_matter_never_closed(tmp_path):
    _, problems = parse_lesson('+++\nid = "one"\n', tmp_path / "01-one")
    assert messages(problems) == [
        'lesson.md:1: the front matter opened here is never closed by a line "+++"'
    ]


def test_invalid_toml_is_reported_at_its_line_in_the_file(tmp_path):
    text = '+++\nid = "one"\ntitle = "T"\nminutes = = 5\n+++\n'
    _, problems = parse_lesson(text, tmp_path / "01-one")
    assert len(problems) == 1
    assert messages(problems)[0].startswith("lesson.md:4: front matter is not valid TOML: ")


def test_front_matter_keys_checked_at_their_lines(tmp_path):
    text = (
        '+++\nid = "One Lesson"\ntitle = ""\nminutes = -3\ncolour = "red"\n'
        'prerequisites = "dense"\npass_mark = 2\n+++\n'
    )
    lesson, problems = parse_lesson(text, tmp_path / "01-one")
    assert lesson is None
    assert messages(problems) == [
        'lesson.md:5: unknown front-matter key "colour" '
        "(known: id, title, goal, minutes, prerequisites, pass_mark)",
        'lesson.md:1: front matter has no "goal"',
        'lesson.md:2: id must be lowercase letters, digits and "-", like "dense"',
        "lesson.md:3: title must be non-empty text",
        "lesson.md:4: minutes must be a positive whole number",
        'lesson.md:6: prerequisites must be a list of lesson ids, like ["dense"]',
        "lesson.md:7: pass_mark must be a number in (0, 1], like 0.8",
    ]


def test_step_problems_each_at_their_line(tmp_path):
    body = """\
    ::: quizz
    :::
    ::: cell id=a colour=red
    x = 1
    :::
    ::: cell
    :::
    stray text
    more stray text
    :::
    ::: hood view=dense x="X[:1]
    :::
    ::: cell id=a/b
    :::
    ::: cell id=t timeout=never
    :::
    ::: exercise id
    :::
    ::: prose
    not closed
    ::: cell id=c
    y = 2
    """
    lesson, problems = parse_lesson(lesson_text(body=body), tmp_path / "01-one")
    assert messages(problems) == [
        'lesson.md:8: unknown step kind "quizz" '
        "(known kinds: prose, cell, hood, exercise, checkpoint)",
        'lesson.md:10: unknown attribute "colour" for a cell step (allowed: id, timeout)',
        "lesson.md:13: a cell step needs id=...",
        'lesson.md:15: text outside a step: put Markdown in a "::: prose" block',
        'lesson.md:17: ":::" closes no step',
        "lesson.md:18: cannot read the step's attributes: No closing quotation",
        'lesson.md:20: cell id "a/b" may use only letters, digits, "-" and "_"',
        'lesson.md:22: timeout must be a number of seconds up to 3600, not "never"',
        'lesson.md:24: attribute "id" needs a value, like id=...',
        "lesson.md:24: an exercise step needs id=...",
        'lesson.md:26: the prose step opened here is not closed (a line ":::") '
        "before the step at line 28",
        'lesson.md:28: the cell step opened here is never closed by a line ":::"',
    ]
    kinds = [(step.kind, getattr(step, "id", None)) for step in lesson.steps]
    assert kinds == [("cell", "a"), ("cell", "t"), ("prose", None), ("cell", "c")]


def test_folder_must_be_named_nn_slug(course_dir):
    course_dir("lesson-one", lesson_text())
    course = load_course(course_dir.root)
    assert messages(course.problems) == [
        'lesson.md:1: lesson folder "lesson-one" must be named NN-slug, like 01-dense'
    ]


def test_course_in_number_order_and_findable(course_dir):
    course_dir("02-second", lesson_text("second"))
    course_dir("01-first", lesson_text("first"))
    (course_dir.root / "03-empty").mkdir()
    course = load_course(course_dir.root)
    assert [lesson.id for lesson in course.lessons] == ["first", "second"]
    assert messages(course.problems) == ["lesson.md:1: lesson folder 03-empty has no lesson.md"]
    assert course.find("2").id == course.find("second").id == "second"
    assert course.find("99") is None
    assert course.after(course.lessons[0]).id == "second"
    assert course.after(course.lessons[1]) is None


def test_missing_course_folder(tmp_path):
    course = load_course(tmp_path / "nowhere")
    assert course.lessons == []
    assert [p.message for p in course.problems] == ["no lessons folder here"]


FRAGMENTS = st.sampled_from(
    [
        "+++",
        ":::",
        "::: ",
        "cell",
        "prose",
        "hood",
        "checkpoint",
        "exercise",
        " id=",
        "x",
        "view=dense",
        '"',
        "=",
        "\n",
        "\n",
        "\n",
        'id = "a"',
        "title = 1",
        "minutes = 3",
        "[",
        "]",
        "\t",
        "é",
        "questions=a,b",
        "timeout=",
        "1e9",
        "#",
        "\r\n",
        "\x00",
        "\x0c",
        "\u2028",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=60).map("".join))
def test_the_parser_never_crashes_and_points_inside_the_file(text):
    lesson, problems = parse_lesson(text, Path("/course/01-fuzz"))
    last_line = text.count("\n") + 1
    for problem in problems:
        assert 1 <= problem.line <= last_line, problem
        assert problem.message
    if lesson is not None:
        for step in lesson.steps:
            assert 1 <= step.line <= last_line


def test_line_numbers_count_newlines_only(tmp_path):
    text = lesson_text(body="::: prose\nform\x0cfeed\u2028here\n:::\n::: quizz\n:::\n")
    _, problems = parse_lesson(text, tmp_path / "01-one")
    assert [p.line for p in problems] == [11]
