"""The interview drill: every open question of the course, in random order, self-rated."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header

from tutor.quiz.drill import open_questions
from tutor.quiz.session import CheckpointSession
from tutor.ui.quiz.panel import QuizPanel


class DrillPanel(QuizPanel):
    def __init__(self, **kwargs) -> None:
        super().__init__(self._new_session, "Interview drill", **kwargs)
        self.questions: list = []
        self.skipped: list[str] = []

    def problem_text(self) -> str:
        self.questions, self.skipped = open_questions(self.app.course.lessons)
        return "" if self.questions else "The course has no open questions yet."

    def intro_text(self) -> str:
        skipped = len(self.skipped)
        note = f" ({skipped} quiz file(s) skipped: python -m tutor check)" if skipped else ""
        return (
            f"{len(self.questions)} interview questions from the whole course, in random "
            f"order.{note}\nType an answer, compare it with the model answer, then rate "
            "yourself: the rating schedules the question as a flashcard."
        )

    def _new_session(self) -> CheckpointSession:
        return CheckpointSession(None, self.questions, store=self.app.store)


class InterviewDrillScreen(Screen):
    """Interview drill."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="drill-back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="drill-page"):
            yield DrillPanel(id="drill")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Interview drill"
        self.query_one(QuizPanel).focus()
