"""The exercise step of a lesson (`ExerciseView`), mounted by the lesson player."""

from tutor.ui.exercises.view import ExerciseView

__all__ = ["ExerciseView"]
