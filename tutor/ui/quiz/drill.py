"""The interview drill: the course's open questions at a level the learner picks, self-rated."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from tutor.quiz.drill import open_questions
from tutor.quiz.loader import LEVELS
from tutor.quiz.questions import Open, Question, Rating
from tutor.quiz.session import CheckpointSession
from tutor.ui.footer import TutorFooter
from tutor.ui.quiz.panel import Phase, QuizPanel


class DrillPanel(QuizPanel):
    # A key has one list of bindings per class, so 1-4 rate an answer and 1-3 pick a level here:
    # the panel's state decides which one acts (check_action).
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(n), f"level({n})", level.title(), id=f"drill-level-{n}")
            for n, level in enumerate(LEVELS, 1)
        ],
        *[
            Binding(str(int(r)), f"rate({int(r)})", r.name.title(), id=f"quiz-rate-{int(r)}")
            for r in Rating
        ],
        Binding("n", "skip", "Skip", id="drill-skip"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(self._new_session, "Interview drill", **kwargs)
        self.questions: list[Open] = []
        self.skipped: list[str] = []
        self.level = ""  # "" asks every level

    def problem_text(self) -> str:
        self.questions, self.skipped = open_questions(self.app.course.lessons)
        return "" if self.questions else "The course has no open questions yet."

    def _count(self, level: str) -> int:
        return sum(question.level == level for question in self.questions)

    def intro_text(self) -> str:
        skipped = len(self.skipped)
        note = f" ({skipped} quiz file(s) skipped: python -m tutor check)" if skipped else ""
        levels = "   ".join(
            f"{n}: {level} ({self._count(level)})" for n, level in enumerate(LEVELS, 1)
        )
        return (
            f"{len(self.questions)} interview questions from the whole course.{note}\n"
            f"Pick a level: {levels}, or enter for all, in random order.\n"
            "Answer in as many lines as you like, then tick the key points you made and rate "
            "yourself: the rating schedules the question as a flashcard. n skips a question."
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "level":
            number = parameters[0]  # the binding's `level(n)`: an int
            if not isinstance(number, int):
                return False
            return self.state == Phase.INTRO and self._count(LEVELS[number - 1]) > 0
        if action == "skip":
            return self.state == Phase.QUESTION
        return super().check_action(action, parameters)

    async def action_level(self, number: int) -> None:
        self.level = LEVELS[number - 1]
        await self.start(self._new_session())

    def question_keys(self, question: Question) -> str:
        return "; escape, then n: skip"

    def _new_session(self) -> CheckpointSession:
        chosen = [q for q in self.questions if not self.level or q.level == self.level]
        return CheckpointSession(None, chosen, store=self.app.store)


class InterviewDrillScreen(Screen):
    """Interview drill."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="drill-back"),
    ]
    # The panel's keys and the screen's, described for the help screen.
    HELP_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "level", "Pick a level (enter: every level)", key_display="1-3"),
        Binding("ctrl+s", "submit", "Submit the answer (enter starts a new line)"),
        Binding("2", "tick", "Tick a key point you made (enter: done)", key_display="1-9"),
        Binding("0", "none", "None of the key points made (scores 0)"),
        Binding("3", "rate", "Then rate yourself: 1 Again 2 Hard 3 Good 4 Easy", key_display="1-4"),
        Binding("n", "skip", "Skip the question (escape first if typing)"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="drill-page"):
            yield DrillPanel(id="drill")
        yield TutorFooter()

    def on_mount(self) -> None:
        self.sub_title = "Interview drill"
        self.query_one(QuizPanel).focus()
