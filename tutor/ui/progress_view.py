"""What the home screen says about the learner's progress, computed from the store."""

from __future__ import annotations


def lesson_state(store, lesson, record) -> str:
    """'new', 'in progress' or 'done'."""
    if record is None:
        return "new"
    return record.state


def continue_target(course, records, last_lesson_id):
    """The lesson "continue" opens: the last one opened unless done, else the first not done."""
    by_id = {lesson.id: lesson for lesson in course.lessons}
    last = records.get(last_lesson_id) if last_lesson_id else None
    if last is not None and not last.done and last_lesson_id in by_id:
        return by_id[last_lesson_id]
    for lesson in course.lessons:
        record = records.get(lesson.id)
        if record is None or not record.done:
            return lesson
    return None
