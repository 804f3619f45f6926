"""Exercises as data: `lessons/NN-slug/exercises/<id>/` with exercise.toml, starter.py, solution.py.

title = "A Dense layer's forward pass"
function = "dense"              # the name the learner's file must define
file = "dense.py"               # optional: the workspace file name (default <id>.py)
prompt = \"\"\"Markdown\"\"\"
hints = ["first, gentle", "then closer", "a last nudge, never the answer"]
timeout = 60                    # optional: seconds one check may take (default 10)
blank = true                    # optional: the starter is a blank page (comments only)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tutor.diagnostics import UnreadableText, read_text
from tutor.paths import LESSONS_DIR

REQUIRED_KEYS = ("title", "function", "prompt", "hints")
KNOWN_KEYS = (*REQUIRED_KEYS, "file", "timeout", "blank")
DEFAULT_TIMEOUT = 10.0  # seconds of wall-clock time for one check


class ExerciseNotFound(LookupError):
    """No exercise has this id; the message lists the ids there are."""


@dataclass(frozen=True)
class Exercise:
    id: str
    path: Path  # the exercise's folder
    title: str
    function: str
    prompt: str
    hints: tuple[str, ...]
    file_name: str
    timeout: float = DEFAULT_TIMEOUT
    blank: bool = False  # written from an empty page: the starter defines nothing

    @property
    def lesson_dir(self) -> Path:
        return self.path.parent.parent

    @property
    def starter(self) -> str:
        return read_text(self.path / "starter.py")

    @property
    def solution(self) -> str:
        return read_text(self.path / "solution.py")


def load_exercise(folder: Path) -> Exercise:
    """Read one exercise folder; raises ValueError or OSError on bad data (see `validate`)."""
    data = tomllib.loads(read_text(folder / "exercise.toml"))
    return Exercise(
        id=folder.name,
        path=folder,
        title=str(data["title"]),
        function=str(data["function"]),
        prompt=str(data["prompt"]),
        hints=tuple(str(hint) for hint in data["hints"]),
        file_name=str(data.get("file", f"{folder.name}.py")),
        timeout=float(data.get("timeout", DEFAULT_TIMEOUT)),
        blank=bool(data.get("blank", False)),
    )


def exercise_folders(lessons_dir: Path = LESSONS_DIR) -> list[Path]:
    """Every exercise folder, in course order: lesson folders sort by their number, and a
    lesson's exercises by where its lesson.md places them (unplaced ones last, by name)."""
    folders = [path.parent for path in Path(lessons_dir).glob("*/exercises/*/exercise.toml")]
    places: dict[Path, str] = {}

    def place(folder: Path) -> tuple[str, int, str]:
        lesson = folder.parent.parent
        if lesson not in places:
            try:
                places[lesson] = read_text(lesson / "lesson.md")
            except UnreadableText:
                places[lesson] = ""
        found = re.search(rf"^::: exercise id={re.escape(folder.name)}\s*$", places[lesson], re.M)
        return lesson.name, found.start() if found else len(places[lesson]), folder.name

    return sorted(folders, key=place)


def all_exercises(lessons_dir: Path = LESSONS_DIR) -> list[Exercise]:
    return [load_exercise(folder) for folder in exercise_folders(lessons_dir)]


def find_exercise(exercise_id: str, lessons_dir: Path = LESSONS_DIR) -> Exercise:
    folders = exercise_folders(lessons_dir)
    for folder in folders:
        if folder.name == exercise_id:
            return load_exercise(folder)
    known = ", ".join(folder.name for folder in folders)
    raise ExerciseNotFound(f"no exercise called {exercise_id!r}; the exercises are: {known}")
