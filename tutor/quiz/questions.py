"""The question types a checkpoint asks, as plain data loaded from a lesson's `quiz.toml`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

Dim = int | None  # a shape's dimension; None is the batch size Keras leaves open


class Rating(IntEnum):
    """A learner's self-rating of an open answer, numbered as the flashcard keys are."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True, kw_only=True)
class Option:
    """A choice or a fix: `why` explains it (required for every wrong one)."""

    text: str
    correct: bool = False
    why: str = ""


@dataclass(frozen=True, kw_only=True)
class KeyPoint:
    """A point a good open answer makes. The learner ticks it ("Did you say ...?"); an answer
    holding every term group only suggests the tick.

    Each entry of `terms` is one group of synonyms separated by `|`; a term matches at the
    start of a word, so `optimi` matches both optimizer and optimiser.
    """

    text: str
    terms: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Question:
    id: str
    prompt: str
    explanation: str = ""
    generator: str | None = None  # a function in tutor.quiz.generators that fills the numbers
    lesson_id: str = ""

    kind = "question"


@dataclass(frozen=True, kw_only=True)
class Choice(Question):
    options: tuple[Option, ...]
    kind = "choice"

    @property
    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    @property
    def several(self) -> bool:
        return len(self.correct_indices) > 1


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    answer: float | None = None  # None until a generator fills it
    abs_tol: float = 0.0
    rel_tol: float = 0.0
    kind = "numeric"

    @property
    def tolerance_text(self) -> str:
        """How close the learner must be, stated before they answer."""
        if self.rel_tol:
            return f"within {self.rel_tol * 100:g}% of the answer"
        if self.abs_tol:
            return f"within ±{self.abs_tol:g}"
        return "exactly"


@dataclass(frozen=True, kw_only=True)
class Shape(Question):
    answer: tuple[Dim, ...] | None = None
    kind = "shape"


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    items: tuple[str, ...]  # in the correct order
    start: tuple[int, ...] = ()  # the order first shown (positions in `items`); set by the session
    kind = "order"

    @property
    def shown(self) -> tuple[int, ...]:
        return self.start or tuple(range(len(self.items)))


@dataclass(frozen=True, kw_only=True)
class SpotTheBug(Question):
    code: str
    bug_line: int  # 1-based
    fixes: tuple[Option, ...]
    kind = "bug"

    @property
    def lines(self) -> list[str]:
        return self.code.splitlines()

    @property
    def correct_fix(self) -> int:
        return next(i for i, fix in enumerate(self.fixes) if fix.correct)


@dataclass(frozen=True, kw_only=True)
class Open(Question):
    model_answer: str
    points: tuple[KeyPoint, ...]
    level: str = ""  # beginner / intermediate / expert
    source: str = ""  # e.g. "Q1": the source's interview question this one covers
    kind = "open"


@dataclass(frozen=True)
class OpenAnswer:
    text: str
    rating: Rating
    said: tuple[bool, ...] = ()  # the key points the learner ticked as made, in order


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.kind: cls for cls in (Choice, Numeric, Shape, Ordering, SpotTheBug, Open)
}
