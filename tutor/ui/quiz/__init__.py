"""Checkpoint quizzes on screen: the lesson's checkpoint step and the interview drill."""

from tutor.ui.quiz.checkpoint import CheckpointView
from tutor.ui.quiz.drill import InterviewDrillScreen

__all__ = ["CheckpointView", "InterviewDrillScreen"]
