"""Where a learner stands in the course, read from `store.progress`: the home screen's states and
the target of "continue where you left off"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from tutor.lessons.model import Checkpoint, Course, Exercise, Lesson
from tutor.store import Store
from tutor.store.exercises import ExerciseState
from tutor.store.progress import Progress

State = Literal["new", "in progress", "done"]


def lesson_state(progress: Progress, lesson: Lesson) -> State:
    """The lesson's state for the home screen: "new" until the learner first opens it."""
    record = progress.lesson(lesson.id)
    return "new" if record is None else record.state


def exercises_summary(lesson: Lesson, states: Mapping[str, ExerciseState]) -> str:
    """What became of the lesson's exercises ("exercise dense: passed"), for the home screen;
    empty when the lesson has none or none has been opened yet."""
    ids = [step.id for step in lesson.steps if isinstance(step, Exercise)]
    if not any(exercise_id in states for exercise_id in ids):
        return ""
    labels = (states.get(i, ExerciseState(i)).label for i in ids)
    return ", ".join(
        f"exercise {i}: {'to do' if label == 'new' else label}"
        for i, label in zip(ids, labels, strict=True)
    )


def resume_step(progress: Progress, lesson: Lesson) -> int:
    """The step to open the lesson at: where the learner was, within the lesson as it is now."""
    record = progress.lesson(lesson.id)
    if record is None or not lesson.steps:
        return 0
    return min(max(record.step, 0), len(lesson.steps) - 1)


def continue_target(course: Course, progress: Progress) -> tuple[Lesson, int] | None:
    """The last lesson opened if unfinished, else the first unfinished lesson after it (or
    anywhere in the course), at its resume step; None once every lesson is done."""
    done = {lesson_id for lesson_id, record in progress.all_lessons().items() if record.done}
    last = course.find(progress.last_lesson() or "")
    if last is not None and last.id not in done:
        return last, resume_step(progress, last)
    start = course.lessons.index(last) + 1 if last is not None else 0
    for lesson in course.lessons[start:] + course.lessons[:start]:
        if lesson.id not in done:
            return lesson, resume_step(progress, lesson)
    return None


def has_checkpoint(lesson: Lesson) -> bool:
    """Whether the lesson ends in a full checkpoint (a mid-lesson check picks `questions`)."""
    return any(isinstance(step, Checkpoint) and step.questions is None for step in lesson.steps)


def finish_lesson(store: Store, lesson: Lesson) -> str:
    """The learner went on past the last step: the lesson is done unless its checkpoint is still
    to be passed. Returns what to tell them."""
    title = f"Lesson {lesson.number}"
    if has_checkpoint(lesson):
        best = store.checkpoints.best(lesson.id)
        if best is None or not best.passed:
            so_far = f"; your best so far is {best.percent}%" if best is not None else ""
            return (
                f"{title} stays in progress until its checkpoint is passed "
                f"({round(lesson.pass_mark * 100)}% or more{so_far})."
            )
    store.progress.complete(lesson.id)
    return f"{title} done: {lesson.title}."
