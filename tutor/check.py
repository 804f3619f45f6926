"""`python -m tutor check [PATH...]`: validate lessons, print `file:line: message`, 1 on any."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tutor.diagnostics import Problem
from tutor.lessons.loader import FOLDER_NAME, LESSON_FILE, load_course
from tutor.lessons.validate import validate_course
from tutor.paths import LESSONS_DIR


def main(paths: Sequence[str] = ()) -> int:
    """Check the lessons under `lessons/`, or the given lesson folders or course folders."""
    targets: dict[Path, list[Path] | None] = {}
    problems: list[Problem] = []
    for raw in paths or [str(LESSONS_DIR)]:
        path = Path(raw)
        if path.name == LESSON_FILE:
            path = path.parent
        if not path.is_dir():
            problems.append(Problem(path, 1, "no such lesson folder"))
        elif (path / LESSON_FILE).exists() or FOLDER_NAME.match(path.name):
            chosen = targets.setdefault(path.parent.resolve(), [])
            if chosen is not None:
                chosen.append(path)
        else:
            targets[path.resolve()] = None  # a course folder: all of its lessons
    lessons = cells = 0
    for root, folders in targets.items():
        course = load_course(root)
        problems += validate_course(course, folders)
        selected = None if folders is None else {folder.resolve() for folder in folders}
        checked = [
            lesson
            for lesson in course.lessons
            if selected is None or lesson.path.resolve() in selected
        ]
        lessons += len(checked)
        cells += sum(len(lesson.cells) for lesson in checked)
    for problem in problems:
        print(f"{_shown(problem.path)}:{problem.line}: {problem.message}")
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    print(f"checked {lessons} lesson{'s' if lessons != 1 else ''}, ran {cells} cells: all good")
    return 0


def _shown(path: Path) -> str:
    """The path relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
