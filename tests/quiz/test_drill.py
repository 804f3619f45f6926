from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.quiz.drill import open_questions

from .test_loader import GOOD


@dataclass
class FakeLesson:
    id: str
    path: Path


def test_the_drill_gathers_open_questions_and_names_broken_quizzes(tmp_path):
    good, broken, empty = (tmp_path / name for name in ("good", "broken", "empty"))
    for folder in (good, broken, empty):
        folder.mkdir()
    (good / "quiz.toml").write_text(GOOD)
    (broken / "quiz.toml").write_text(GOOD.replace("answer = 9", "answer = 'nine'"))
    lessons = [FakeLesson("dense", good), FakeLesson("broken", broken), FakeLesson("x", empty)]
    questions, skipped = open_questions(lessons)
    assert [(q.id, q.lesson_id, q.source) for q in questions] == [("three-steps", "dense", "Q1")]
    assert skipped == [str(broken / "quiz.toml")]


def test_the_course_has_the_sources_interview_questions():
    from tutor.lessons.loader import load_course

    questions, skipped = open_questions(load_course().lessons)
    assert skipped == []
    assert {"Q1", "Q2", "Q3", "Q4"} <= {question.source for question in questions}
