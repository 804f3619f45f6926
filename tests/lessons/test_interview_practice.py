"""Every lesson's checkpoint asks at least one open interview question with a model answer."""

from __future__ import annotations

import pytest

from tutor.lessons.loader import load_course
from tutor.lessons.model import Checkpoint
from tutor.quiz.loader import LEVELS, load_checkpoint
from tutor.quiz.questions import Open

COURSE = load_course()


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=[lesson.id for lesson in COURSE.lessons])
def test_the_final_checkpoint_has_an_open_question_at_a_level(lesson):
    checkpoints = [step for step in lesson.steps if isinstance(step, Checkpoint)]
    final = next(step for step in checkpoints if step.questions is None)
    questions = load_checkpoint(lesson.path, lesson.id, final.questions)
    open_ones = [q for q in questions if isinstance(q, Open)]
    assert open_ones, f"{lesson.id}: no open interview question"
    for question in open_ones:
        assert question.level in LEVELS and question.model_answer.strip()


def test_every_level_is_asked_somewhere_in_the_course():
    levels = set()
    for lesson in COURSE.lessons:
        for question in load_checkpoint(lesson.path, lesson.id, None):
            if isinstance(question, Open):
                levels.add(question.level)
    assert levels == set(LEVELS)
