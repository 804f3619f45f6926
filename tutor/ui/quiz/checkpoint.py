"""The checkpoint step of a lesson: its quiz, taken in place on the lesson page."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget

from tutor.lessons.model import Checkpoint, Lesson
from tutor.quiz.loader import QuizError, load_checkpoint
from tutor.quiz.questions import Question
from tutor.quiz.session import CheckpointSession
from tutor.ui.quiz.drill import InterviewDrillScreen
from tutor.ui.quiz.panel import Phase, QuizPanel


class CheckpointView(QuizPanel):
    """A checkpoint quiz."""

    # Every key a checkpoint uses, for the help screen (the answer widgets hold most of them).
    HELP_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "advance", "Start, submit, next question"),
        Binding("1", "pick", "Choose an option or line; tick a key point; rate", key_display="1-9"),
        Binding("ctrl+s", "submit", "Submit an interview answer (enter starts a new line)"),
        Binding("0", "none", "None of the key points made (scores 0)"),
        Binding("up", "cursor", "Highlight an option; carry a picked-up item", key_display="↑↓"),
        Binding("space", "mark", "Mark an option; pick up or put down an item"),
        Binding("escape", "leave", "Leave a typed answer"),
        Binding("r", "review", "Review my mistakes"),
        Binding("t", "retake", "Retake"),
        Binding("i", "drill", "Interview drill: pick a level; n skips a question"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "drill", "Drill", id="quiz-drill"),  # short: the footer fits 80 columns
    ]

    def __init__(self, lesson: Lesson, step: Checkpoint) -> None:
        self.lesson, self.step = lesson, step
        self.questions: list[Question] = []
        self.problem = ""
        try:
            self.questions = load_checkpoint(lesson.path, lesson.id, step.questions)
        except (QuizError, OSError) as error:
            self.problem = f"This checkpoint cannot be shown: its quiz has problems.\n{error}"
        super().__init__(self._new_session, "Checkpoint")

    def _new_session(self) -> CheckpointSession:
        # Only the lesson's full checkpoint is its score; a mid-lesson check records no attempt
        # (its missed questions still become cards).
        scored = self.lesson.id if self.step.questions is None else None
        return CheckpointSession(
            scored, self.questions, pass_mark=self.lesson.pass_mark, store=self.app.store
        )

    def problem_text(self) -> str:
        return self.problem or ("" if self.questions else "This checkpoint has no questions.")

    def intro_text(self) -> str:
        count = len(self.questions)
        intro = (self.step.body.strip() + "\n\n") if self.step.body.strip() else ""
        best = self.app.store.checkpoints.best(self.lesson.id)
        record = f" Your best so far: {best.percent}%." if best else ""
        return (
            f"{intro}{count} question{'s' * (count != 1)}, one at a time; "
            f"{round(self.lesson.pass_mark * 100)}% passes.{record}"
        )

    async def on_mount(self) -> None:
        # The page focuses the step's frame; the checkpoint takes the keys from there.
        self.watch(self.screen, "focused", self._take_focus)

    def _take_focus(self, focused: Widget | None) -> None:
        if focused is not None and focused is self.parent:
            self.focus(scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill":
            return self.state in (Phase.INTRO, Phase.SUMMARY)
        return super().check_action(action, parameters)

    def action_drill(self) -> None:
        self.app.push_screen(InterviewDrillScreen())

    def after_keys(self) -> list[str]:
        last = self.step is self.lesson.steps[-1]
        return ["i: interview drill", "n: leave the lesson" if last else "n: next step"]
