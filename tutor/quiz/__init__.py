"""Checkpoint quizzes: question types as data (`quiz.toml`), pure grading, checkpoint sessions.

See docs/architecture.md ("Checkpoint quizzes") for the `quiz.toml` schema.
"""

from tutor.quiz.grading import Verdict, grade
from tutor.quiz.loader import QuizError, load_quiz, read_quiz, validate_lesson_dir
from tutor.quiz.parsing import AnswerError
from tutor.quiz.questions import OpenAnswer, Rating

__all__ = [
    "AnswerError",
    "OpenAnswer",
    "QuizError",
    "Rating",
    "Verdict",
    "grade",
    "load_quiz",
    "read_quiz",
    "validate_lesson_dir",
]
