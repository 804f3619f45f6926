"""Lesson states and "continue where you left off", over the real progress store."""

from __future__ import annotations

import pytest

from tests.lessons.conftest import lesson_text
from tutor.lessons.loader import load_course
from tutor.lessons.progress import (
    continue_target,
    exercises_summary,
    finish_lesson,
    has_checkpoint,
    lesson_state,
    resume_step,
)
from tutor.store import Store

THREE_STEPS = "::: prose\na\n:::\n::: prose\nb\n:::\n::: prose\nc\n:::\n"


@pytest.fixture
def course(course_dir):
    for number, name in enumerate(("first", "second", "third"), start=1):
        course_dir(f"0{number}-{name}", lesson_text(name, THREE_STEPS))
    return load_course(course_dir.root)


@pytest.fixture
def progress(data_dir):
    store = Store.open(data_dir)
    yield store.progress
    store.close()


def test_states_follow_the_store(course, progress):
    first, second, _ = course.lessons
    assert lesson_state(progress, first) == "new"
    progress.reach_step("first", 1)
    assert lesson_state(progress, first) == "in progress"
    progress.complete("first")
    assert lesson_state(progress, first) == "done"
    assert lesson_state(progress, second) == "new"


def test_resume_step_stays_inside_the_lesson(course, progress):
    first = course.lessons[0]
    assert resume_step(progress, first) == 0
    progress.reach_step("first", 2)
    assert resume_step(progress, first) == 2
    progress.reach_step("first", 9)  # the lesson has since lost steps
    assert resume_step(progress, first) == 2


def test_continue_goes_to_the_first_lesson_for_a_newcomer(course, progress):
    lesson, step = continue_target(course, progress)
    assert (lesson.id, step) == ("first", 0)


def test_continue_returns_to_the_unfinished_lesson_at_its_step(course, progress):
    progress.reach_step("second", 1)
    lesson, step = continue_target(course, progress)
    assert (lesson.id, step) == ("second", 1)


def test_continue_moves_on_after_a_finished_lesson(course, progress):
    progress.reach_step("second", 2)
    progress.complete("second")
    lesson, step = continue_target(course, progress)
    assert (lesson.id, step) == ("third", 0)


def test_continue_wraps_to_an_unfinished_earlier_lesson_then_ends(course, progress):
    for lesson_id in ("second", "third"):
        progress.reach_step(lesson_id, 0)
        progress.complete(lesson_id)
    lesson, _ = continue_target(course, progress)
    assert lesson.id == "first"
    progress.complete("first")
    assert continue_target(course, progress) is None


def test_finishing_a_lesson_without_a_checkpoint_marks_it_done(course, data_dir):
    store = Store.open(data_dir)
    first = course.lessons[0]
    assert finish_lesson(store, first) == "Lesson 1 done: A lesson."
    assert lesson_state(store.progress, first) == "done"
    store.close()


def test_a_lesson_with_a_checkpoint_is_done_only_once_it_is_passed(course_dir, data_dir):
    steps = THREE_STEPS + "::: checkpoint\n:::\n"
    course_dir("01-quizzed", lesson_text("quizzed", steps))
    lesson = load_course(course_dir.root).lessons[0]
    assert has_checkpoint(lesson)
    store = Store.open(data_dir)
    assert finish_lesson(store, lesson) == (
        "Lesson 1 stays in progress until its checkpoint is passed (80% or more)."
    )
    assert lesson_state(store.progress, lesson) == "new"
    store.checkpoints.record(lesson.id, 0.5, False, [])
    assert "your best so far is 50%" in finish_lesson(store, lesson)
    store.checkpoints.record(lesson.id, 0.9, True, [])
    assert finish_lesson(store, lesson) == "Lesson 1 done: A lesson."
    assert lesson_state(store.progress, lesson) == "done"
    store.close()


def test_the_exercises_summary_says_what_became_of_each(data_dir):
    lesson = load_course().find("fit")  # two exercises: sgd-step, then backprop
    ids = [step.id for step in lesson.steps if step.kind == "exercise"]
    with Store.open(data_dir) as store:
        assert exercises_summary(lesson, store.exercises.all_states()) == ""
        store.exercises.record_attempt(ids[0], passed=False, status="wrong", message="no")
        assert exercises_summary(lesson, store.exercises.all_states()) == ", ".join(
            [f"exercise {ids[0]}: trying"] + [f"exercise {i}: to do" for i in ids[1:]]
        )
        store.exercises.record_attempt(ids[0], passed=True, status="passed", message="yes")
        store.exercises.give_up(ids[-1])
        summary = exercises_summary(lesson, store.exercises.all_states())
        assert summary.startswith(f"exercise {ids[0]}: passed")
        assert summary.endswith(f"exercise {ids[-1]}: solution shown")
