"""The interview drill: every open question of the course, in random order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tutor.quiz.loader import QUIZ_FILE, QuizError, load_quiz
from tutor.quiz.questions import Open


def open_questions(lessons: Iterable[Any]) -> tuple[list[Open], list[str]]:
    """The open questions of these lessons (`tutor.lessons.Lesson`s), and the quiz files skipped
    because they have problems (`python -m tutor check` lists them)."""
    questions: list[Open] = []
    skipped: list[str] = []
    for lesson in lessons:
        if not (lesson.path / QUIZ_FILE).exists():
            continue
        try:
            quiz = load_quiz(lesson.path, lesson.id)
        except QuizError:
            skipped.append(str(lesson.path / QUIZ_FILE))
            continue
        questions += [question for question in quiz if isinstance(question, Open)]
    return questions, skipped
