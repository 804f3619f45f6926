"""A course as data: lessons made of steps, each remembering the line it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutor.diagnostics import Problem

DEFAULT_PASS_MARK = 0.8
DEFAULT_CELL_TIMEOUT = 30.0
HOOD_VIEWS = ("network", "dense", "step", "predict")


@dataclass(frozen=True)
class Step:
    """One block of a lesson; `line` is its opening `:::` line in `lesson.md`."""

    line: int
    body: str

    kind = "step"


@dataclass(frozen=True)
class Prose(Step):
    """Markdown. `edits` names the cell above that it asks the learner to change (a drill), for
    the `e` key; without it, `e` edits the nearest cell above."""

    edits: str | None = None
    kind = "prose"


@dataclass(frozen=True)
class Cell(Step):
    """A live code cell: `body` is its code; `body_line` is the file line of the code's line 1."""

    id: str = ""
    timeout: float = DEFAULT_CELL_TIMEOUT
    kind = "cell"

    @property
    def code(self) -> str:
        return self.body

    @property
    def body_line(self) -> int:
        return self.line + 1


@dataclass(frozen=True)
class Hood(Step):
    """An under-the-hood view; the expressions are evaluated in the lesson's kernel."""

    view: str = ""
    model: str = "model"
    x: str = ""
    y: str | None = None
    threshold: str | None = None
    kind = "hood"

    @property
    def caption(self) -> str:
        return self.body


@dataclass(frozen=True)
class Exercise(Step):
    id: str = ""
    kind = "exercise"


@dataclass(frozen=True)
class Checkpoint(Step):
    """The lesson's quiz; `questions` is None for all of `quiz.toml`."""

    questions: tuple[str, ...] | None = None
    kind = "checkpoint"


@dataclass(frozen=True)
class Lesson:
    id: str
    number: int
    slug: str
    title: str
    goal: str
    minutes: int
    prerequisites: tuple[str, ...]
    pass_mark: float
    path: Path  # the lesson's folder
    steps: tuple[Step, ...]

    @property
    def file(self) -> Path:
        return self.path / "lesson.md"

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(step for step in self.steps if isinstance(step, Cell))


@dataclass
class Course:
    root: Path
    lessons: list[Lesson] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def find(self, key: str | int) -> Lesson | None:
        """The lesson with this id, slug or number (`learn 1`, `learn dense`)."""
        text = str(key).strip()
        for lesson in self.lessons:
            if text in (lesson.id, lesson.slug) or (text.isdigit() and int(text) == lesson.number):
                return lesson
        return None

    def after(self, lesson: Lesson) -> Lesson | None:
        index = self.lessons.index(lesson)
        return self.lessons[index + 1] if index + 1 < len(self.lessons) else None
