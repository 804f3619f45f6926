"""tutor.exercises: "build it yourself" exercises checked against the engine in a child process.

Light at import (the CLI lists it): the checks, NumPy and the runner load when first used.
"""

from __future__ import annotations

from pathlib import Path

from tutor.diagnostics import Problem
from tutor.exercises.catalog import Exercise, ExerciseNotFound, all_exercises, find_exercise


def validate_lesson_dir(path: Path) -> list[Problem]:
    """Problems in the lesson's `exercises/` folders, including a solution failing its checks."""
    from tutor.exercises.validate import validate_exercises

    return validate_exercises(Path(path))


__all__ = ["Exercise", "ExerciseNotFound", "all_exercises", "find_exercise", "validate_lesson_dir"]
