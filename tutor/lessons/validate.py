"""What `python -m tutor check` finds wrong with lessons, each problem at its line in `lesson.md`.

Three passes: the course as a whole (ids, numbers, prerequisites), each lesson's steps (cell ids,
hood attributes, exercise folders), and running each lesson's cells and hood views in order in a
kernel, as a learner would. Each feature package checks its own files through
`validate_lesson_dir(path)` (quiz.toml and checkpoint steps are `tutor.quiz`'s).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tutor.diagnostics import Problem, UnreadableText, read_text
from tutor.lessons.kernel import CellResult, Kernel, KernelError
from tutor.lessons.loader import front_key_line, lesson_folders
from tutor.lessons.model import HOOD_VIEWS, Cell, Course, Exercise, Hood, Lesson, Prose
from tutor.protocol import Error, Origin

FEATURE_VALIDATORS = ("tutor.quiz", "tutor.cards", "tutor.exercises")


def validate_course(
    course: Course, folders: Iterable[Path] | None = None, run: bool = True
) -> list[Problem]:
    """Every problem in the chosen lesson folders (all of the course's by default), sorted."""
    chosen = {Path(f).resolve() for f in folders} if folders is not None else None

    def wanted(path: Path) -> bool:
        return chosen is None or any(path.resolve().is_relative_to(f) for f in chosen)

    problems = [p for p in course.problems + course_problems(course) if wanted(p.path)]
    for lesson in course.lessons:
        if wanted(lesson.path):
            problems += lesson_problems(lesson)
            if run:
                problems += run_problems(lesson)
    for folder in lesson_folders(course.root):
        if wanted(folder):
            problems += feature_problems(folder)
    return sorted(set(problems), key=lambda p: (str(p.path), p.line, p.message))


def course_problems(course: Course) -> list[Problem]:
    """Duplicate ids and numbers, and prerequisites that name no earlier lesson."""
    problems = []
    by_id: dict[str, Lesson] = {}
    by_number: dict[int, Lesson] = {}
    for lesson in course.lessons:
        if lesson.id in by_id:
            first = by_id[lesson.id]
            problems.append(
                Problem(
                    lesson.file,
                    _front_line(lesson, "id"),
                    f'duplicate lesson id "{lesson.id}" (also {first.path.name}/lesson.md)',
                )
            )
        by_id.setdefault(lesson.id, lesson)
        if lesson.number in by_number:
            first = by_number[lesson.number]
            problems.append(
                Problem(
                    lesson.file,
                    1,
                    f"lesson number {lesson.number:02d} is taken twice "
                    f"({first.path.name} and {lesson.path.name})",
                )
            )
        by_number.setdefault(lesson.number, lesson)
    for lesson in course.lessons:
        for prerequisite in lesson.prerequisites:
            other = by_id.get(prerequisite)
            if other is None:
                message = f'prerequisite "{prerequisite}" names no lesson'
            elif other.number >= lesson.number:
                message = (
                    f'prerequisite "{prerequisite}" is lesson {other.number:02d}, '
                    "which does not come before this one"
                )
            else:
                continue
            problems.append(Problem(lesson.file, _front_line(lesson, "prerequisites"), message))
    return problems


def lesson_problems(lesson: Lesson) -> list[Problem]:
    """Duplicate cell ids, hood attributes that do not fit the view, missing exercise folders,
    prose that edits a cell not above it."""
    problems = []
    cell_lines: dict[str, int] = {}
    for step in lesson.steps:
        if isinstance(step, Prose) and step.edits is not None and step.edits not in cell_lines:
            message = f'edits="{step.edits}" names no cell above this prose step'
            problems.append(Problem(lesson.file, step.line, message))
        if isinstance(step, Cell):
            if step.id in cell_lines:
                message = f'duplicate cell id "{step.id}" (first at line {cell_lines[step.id]})'
                problems.append(Problem(lesson.file, step.line, message))
            cell_lines.setdefault(step.id, step.line)
        elif isinstance(step, Hood):
            problems += [Problem(lesson.file, step.line, m) for m in _hood_messages(step)]
        elif isinstance(step, Exercise) and not (lesson.path / "exercises" / step.id).is_dir():
            message = f'exercise "{step.id}" has no folder exercises/{step.id}/'
            problems.append(Problem(lesson.file, step.line, message))
    return problems


def _hood_messages(step: Hood) -> list[str]:
    if step.view not in HOOD_VIEWS:
        return [f'unknown hood view "{step.view}" (views: {", ".join(HOOD_VIEWS)})']
    messages = []
    if step.view == "step" and not step.y:
        messages.append("view=step needs y=... (the labels for the training step)")
    if step.threshold is not None and step.view != "predict":
        messages.append("threshold=... only applies to view=predict")
    return messages


@dataclass(frozen=True)
class StepRun:
    """A cell's result or a hood view's data (or the reason it failed), from `run_lesson`."""

    step: Cell | Hood
    result: CellResult | None = None
    trace: dict | None = None
    failure: str | None = None


def run_lesson(lesson: Lesson, kernel: Kernel | None = None) -> list[StepRun]:
    """Run the lesson's cells and hood views in order, stopping at the first cell that fails."""
    runs: list[StepRun] = []
    own = kernel is None
    kernel = kernel or Kernel()
    try:
        kernel.start()
        for step in lesson.steps:
            if isinstance(step, Cell):
                result = kernel.run(step.code, step.timeout)
                runs.append(StepRun(step, result=result))
                if not result.ok:
                    break
            elif isinstance(step, Hood) and step.view in HOOD_VIEWS:
                runs.append(_trace(kernel, step))
    finally:
        if own:
            kernel.stop()
    return runs


def _trace(kernel: Kernel, step: Hood) -> StepRun:
    try:
        data = kernel.trace(step.view, step.model, step.x, step.y, step.threshold)
    except KernelError as error:
        return StepRun(step, failure=str(error))
    return StepRun(step, trace=data)


def run_problems(lesson: Lesson) -> list[Problem]:
    """Cells that fail and hood views that cannot be drawn, at their lines."""
    try:
        runs = run_lesson(lesson)
    except KernelError as error:
        return [Problem(lesson.file, 1, f"cannot run the lesson's cells: {error}")]
    problems = []
    for run in runs:
        if isinstance(run.step, Hood) and run.failure is not None:
            message = f"hood view={run.step.view} cannot be drawn: {run.failure}"
            problems.append(Problem(lesson.file, run.step.line, message))
        elif isinstance(run.step, Cell) and run.result is not None and not run.result.ok:
            problems.append(_cell_problem(lesson, run.step, run.result))
    return problems


def _cell_problem(lesson: Lesson, cell: Cell, result: CellResult) -> Problem:
    error = result.error or Error(result.status, Origin.APP)
    line = cell.body_line + error.line - 1 if error.line else cell.line
    if error.origin is Origin.TIMEOUT:
        message = (
            f'cell "{cell.id}" did not finish within {cell.timeout:g} s '
            "(make it faster, or give it timeout=SECONDS)"
        )
    elif error.origin is Origin.KERNEL_DIED:
        message = f'cell "{cell.id}" crashed the kernel: {error.message}'
    else:
        message = f'cell "{cell.id}" failed: {error.summary()}'
    return Problem(lesson.file, line, message)


def feature_problems(folder: Path) -> list[Problem]:
    """Problems each feature package finds in its own files of one lesson folder."""
    problems: list[Problem] = []
    for name in FEATURE_VALIDATORS:
        check = getattr(importlib.import_module(name), "validate_lesson_dir", None)
        if check is not None:
            problems += check(folder)
    return problems


def _front_line(lesson: Lesson, key: str) -> int:
    """Where front-matter `key` is set; the file is read only when a problem needs its line."""
    try:
        lines = read_text(lesson.file).split("\n")
    except UnreadableText:
        lines = []
    return front_key_line(lines, key)
