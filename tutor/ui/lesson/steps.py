"""Which widget shows each kind of step.

Each feature plugs its step widget in with its line below ("module:Class"); the class is called
as `Class(lesson, step)`. The loader accepts only these kinds.
"""

from __future__ import annotations

from textual.widget import Widget

from tutor.lessons.model import Lesson, Step
from tutor.ui.plugin import load

STEP_VIEWS: dict[str, str] = {
    "prose": "tutor.ui.lesson.prose:ProseView",
    "cell": "tutor.ui.lesson.cell:CellView",
    "hood": "tutor.ui.lesson.hood_step:HoodStepView",
    "exercise": "tutor.ui.exercises:ExerciseView",
    "checkpoint": "tutor.ui.quiz:CheckpointView",
}


def step_view(lesson: Lesson, step: Step) -> Widget:
    """The widget for `step`, from its registered class."""
    return load(STEP_VIEWS[step.kind])(lesson, step)


def registered_view_classes() -> list[type[Widget]]:
    """The step widget classes, for the help screen's list of keys."""
    return [load(target) for target in STEP_VIEWS.values()]
