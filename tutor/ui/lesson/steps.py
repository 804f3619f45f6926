"""Which widget shows each kind of step.

A feature plugs its step widget in by editing its one line below ("module:Class"); the class is
called as `Class(lesson, step)`. `None` means the feature has not landed, and the step says so.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Static

from tutor.ui.plugin import load

STEP_VIEWS: dict[str, str | None] = {
    "prose": "tutor.ui.lesson.prose:ProseView",
    "cell": "tutor.ui.lesson.cell:CellView",
    "hood": "tutor.ui.lesson.hood_step:HoodStepView",
    "exercise": "tutor.ui.exercises:ExerciseView",
    "checkpoint": "tutor.ui.quiz:CheckpointView",
}

FEATURE_OF = {"exercise": "Exercises", "checkpoint": "Checkpoint quizzes"}


def step_view(lesson, step) -> Widget:
    """The widget for `step`, from its registered class."""
    target = STEP_VIEWS.get(step.kind)
    if target is None:
        feature = FEATURE_OF.get(step.kind, f"The step kind {step.kind!r}")
        return Static(
            f"{feature} arrive with their feature: this version of tutor cannot show this "
            "step yet. Press n to go on.",
            classes="step-missing",
        )
    return load(target)(lesson, step)


def registered_view_classes() -> list[type[Widget]]:
    """The step widget classes that exist, for the help screen's list of keys."""
    return [load(target) for target in STEP_VIEWS.values() if target is not None]
