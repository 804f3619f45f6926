"""A quiz being taken on screen: the question, the answer widget, feedback, the score, review.

The panel drives a `tutor.quiz.session.CheckpointSession`; all grading and keeping happens there.
Keys: enter starts and moves on, r reviews the mistakes, t retakes; the answer widgets have theirs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static, TextArea

from tutor.quiz.grading import Verdict, checklist, suggested_points
from tutor.quiz.parsing import AnswerError
from tutor.quiz.questions import (
    Choice,
    Numeric,
    Open,
    OpenAnswer,
    Ordering,
    Question,
    Rating,
    Shape,
    SpotTheBug,
)
from tutor.quiz.session import Answered as AnsweredQuestion
from tutor.quiz.session import CheckpointSession, describe_answer
from tutor.ui.app import TutorApp
from tutor.ui.quiz.answers import (
    Answered,
    AnswerInput,
    ChoiceList,
    Left,
    LineList,
    OpenAnswerArea,
    OrderList,
    PointList,
)

OPEN_HINT = "type your answer; enter starts a new line; ctrl+s submits"
POINTS_HINT = "tick each point you made: 1-9 or space · enter: done · 0: I made none"
RATING_HINT = "rate yourself: 1 Again  2 Hard  3 Good  4 Easy"

QUIZ_CSS = (Path(__file__).parent / "quiz.tcss").read_text(encoding="utf-8")

KEY_HINTS = {
    Choice: "1-9 or ↑↓ to choose, enter to submit",
    Numeric: "type the number, enter to submit",
    Shape: "type the shape, e.g. (4, 1) or 4x1, enter to submit",
    Ordering: "↑↓ to move, space to pick up / put down, enter to submit",
    SpotTheBug: "↑↓ or the line's number, then enter to pick the wrong line",
    Open: OPEN_HINT,
}
SEVERAL_HINT = "1-9 or space to mark every right one, enter to submit"


class Phase(StrEnum):
    """Where a quiz panel is: one of these at a time."""

    INTRO = "intro"
    BROKEN = "broken"  # the questions could not be read
    QUESTION = "question"
    ANSWERED = "answered"
    POINTS = "points"  # an open answer's key points to tick
    RATING = "rating"  # an open answer's self-rating
    SUMMARY = "summary"
    REVIEW = "review"  # going through the mistakes


class QuizPanel(Vertical, can_focus=True):
    """Questions one at a time from a session made by `make_session` (called again to retake)."""

    app = getters.app(TutorApp)  # typed for the hosts: `self.app.store`, `self.app.course`

    DEFAULT_CSS = QUIZ_CSS  # the rules name QuizPanel themselves, so they need no scoping
    SCOPED_CSS = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "advance", "Continue", id="quiz-next"),
        Binding("r", "review", "Review", id="quiz-review"),  # short: the footer fits 80 columns
        Binding("t", "retake", "Retake", id="quiz-retake"),
        Binding("escape", "back", "Score", show=False, id="quiz-back"),
        *[
            Binding(str(int(r)), f"rate({int(r)})", r.name.title(), id=f"quiz-rate-{int(r)}")
            for r in Rating
        ],
    ]

    def __init__(self, make_session: Callable[[], CheckpointSession], title: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.make_session, self.title = make_session, title
        self.session: CheckpointSession | None = None
        self.state = Phase.INTRO
        self.open_text = ""
        self.said: tuple[bool, ...] = ()
        self.bug_line: int | None = None
        self.swapping = asyncio.Lock()  # one swap of the answer widgets at a time

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-status")
        yield Static(id="quiz-prompt")
        yield Vertical(id="quiz-answer")
        yield Static(id="quiz-feedback")
        yield VerticalScroll(id="quiz-scroll", can_focus=True)
        yield Static(id="quiz-keys")

    async def on_mount(self) -> None:
        problem = self.problem_text()
        if problem:
            self.show_error(problem)
        else:
            await self.show_intro(self.intro_text())

    @property
    def in_progress(self) -> bool:
        """An attempt is started and not finished: leaving now would drop it."""
        return self.session is not None and not self.session.finished

    def intro_text(self) -> str:
        """What the panel says before the first question (hosts say more)."""
        return ""

    def problem_text(self) -> str:
        """Why the quiz cannot be taken, or "" when it can."""
        return ""

    # -- what the panel shows ------------------------------------------------------------------

    def _set(self, widget_id: str, content: Any = "") -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(content)
        widget.display = bool(content)

    async def _answer_area(self, *widgets: Widget) -> None:
        """Swap in the answer widgets, give the last one the keys, bring the panel into view.

        Removing is asynchronous: the old widgets are awaited out before the new ones go in,
        one swap at a time, so keys pressed mid-swap never mount an id twice. The panel holds
        the keys meanwhile, and its state decides what they do."""
        area = self.query_one("#quiz-answer", Vertical)
        async with self.swapping:
            self.focus(scroll_visible=False)
            await area.remove_children()
            if widgets:
                await area.mount_all(widgets)
        (widgets[-1] if widgets else self).focus(scroll_visible=False)
        self.refresh_bindings()  # the page's keys depend on `in_progress`
        self.call_after_refresh(self.scroll_visible, top=True, animate=False)

    async def show_intro(self, intro: str = "") -> None:
        self.state = Phase.INTRO
        self.query_one("#quiz-scroll").display = False
        self._set("quiz-status", Text(self.title, style="bold"))
        self._set("quiz-prompt", Text(intro))
        self._set("quiz-feedback")
        self._set("quiz-keys", Text("   ".join(["enter: start", *self.after_keys()]), "dim"))
        await self._answer_area()

    def show_error(self, message: str) -> None:
        self.state = Phase.BROKEN
        self._set("quiz-prompt", Text(message, style="bold red"))
        self._set("quiz-keys")

    async def show_question(self) -> None:
        session = self.session
        assert session is not None and session.current is not None
        question = session.current
        self.state = Phase.QUESTION
        self.bug_line = None
        self.query_one("#quiz-scroll").display = False
        # Counted by place, so a skipped question keeps its number and the total stays.
        status = Text(
            f"{self.title} · question {session.position + 1} of {len(session.questions)}", "bold"
        )
        if session.answered:
            status.append(f"   score so far {_points(session)}", style="not bold")
        if session.skipped:
            status.append(f"   {len(session.skipped)} skipped", style="not bold")
        self._set("quiz-status", status)
        self._set("quiz-prompt", _prompt(question))
        self._set("quiz-feedback")
        several = isinstance(question, Choice) and question.several
        hint = SEVERAL_HINT if several else KEY_HINTS[type(question)]
        self._set("quiz-keys", Text(hint + self.question_keys(question), "dim"))
        await self._answer_area(_answer_widget(question))

    def question_keys(self, question: Question) -> str:
        """Keys the host adds to a question's hint (the drill: skip)."""
        return ""

    async def show_verdict(self, verdict: Verdict) -> None:
        self.state = Phase.ANSWERED
        self.query_one("#quiz-scroll").display = False
        if self.bug_line is not None and self.session is not None:  # the fix is no longer asked
            question = self.session.answered[-1].question
            self._set("quiz-prompt", _prompt(question, picked_line=self.bug_line, asking=False))
        if verdict.correct:
            mark, style = "✓", "bold green"
        else:  # partly right: the heading says the points
            mark, style = ("◐", "bold yellow") if verdict.score else ("✗", "bold red")
        head, _, rest = verdict.feedback.partition("\n")
        if self._answered_open():
            rest = rest.partition("\n")[0]  # the checklist and model answer were just shown
        self._set(
            "quiz-feedback", Text.assemble((f"{mark} {head}", style), f"\n{rest}" if rest else "")
        )
        last = self.session is not None and self.session.position == len(self.session.questions) - 1
        self._set(
            "quiz-keys", Text(f"enter: {'see your score' if last else 'next question'}", "dim")
        )
        await self._answer_area()

    async def show_summary(self) -> None:
        session = self.session
        assert session is not None
        self.state = Phase.SUMMARY
        self.query_one("#quiz-scroll").display = False
        verdict = (
            Text("Passed ✓", style="bold green")
            if session.passed
            else Text("Not passed yet", style="bold red")
        )
        lines = [
            Text.assemble(
                (f"Score {round(session.score * 100)}%", "bold"),
                f" ({_points(session)})  ",
                verdict,
                f"  pass mark {round(session.pass_mark * 100)}%",
            )
        ]
        attempt = session.attempt
        if attempt is not None and session.store is not None:
            best = session.store.checkpoints.best(attempt.lesson_id)
            if best is not None:
                lines.append(Text(f"Your best: {best.percent}%", style="dim"))
        if session.skipped:
            numbers = _and([str(position + 1) for position in session.skipped])
            plural = "s" * (len(session.skipped) > 1)
            lines.append(Text(f"Skipped: question{plural} {numbers} (not counted).", style="dim"))
        mistakes = len(session.mistakes)
        if mistakes:
            lines.append(Text(f"{mistakes} to review; each is now a flashcard due soon."))
        self._set("quiz-status", Text(f"{self.title} · done", style="bold"))
        self._set("quiz-prompt", _lines(*lines))
        self._set("quiz-feedback")
        keys = ["r: review my mistakes"] if mistakes else []
        self._set("quiz-keys", Text("   ".join([*keys, "t: retake", *self.after_keys()]), "dim"))
        await self._answer_area()

    def after_keys(self) -> list[str]:
        """Keys the panel's host adds to the summary (the lesson page: n for the next step)."""
        return []

    async def show_review(self) -> None:
        session = self.session
        assert session is not None
        self.state = Phase.REVIEW
        await self._show_scroll([_mistake(answered) for answered in session.mistakes])
        self._set("quiz-status", Text(f"{self.title} · your mistakes", style="bold"))
        self._set("quiz-prompt")
        self._set(
            "quiz-keys", Text("↑↓ scroll   enter/escape: back to the score   t: retake", "dim")
        )

    async def _show_scroll(self, blocks: list[Text]) -> None:
        """Long reading (the mistakes, a model answer) in a box the arrows scroll."""
        scroll = self.query_one("#quiz-scroll", VerticalScroll)
        await self._answer_area()
        async with self.swapping:
            await scroll.remove_children()
            await scroll.mount_all([Static(block, classes="quiz-block") for block in blocks])
        scroll.display = True
        scroll.scroll_home(animate=False)
        scroll.focus(scroll_visible=False)

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance":
            if isinstance(self.screen.focused, TextArea):
                return False  # enter starts a new line of a typed answer; ctrl+s submits
            return self.state in (Phase.INTRO, Phase.QUESTION, Phase.ANSWERED, Phase.REVIEW)
        if action == "review":
            return self.state == Phase.SUMMARY and bool(self.session and self.session.mistakes)
        if action == "retake":
            return self.state in (Phase.SUMMARY, Phase.REVIEW)
        if action == "back":
            return self.state == Phase.REVIEW
        if action == "rate":
            return self.state == Phase.RATING
        return True

    async def action_advance(self) -> None:
        if self.state == Phase.INTRO:
            await self.start(self.make_session())
        elif self.state == Phase.ANSWERED:
            assert self.session is not None
            self.session.next()
            if self.session.finished:
                await self.show_summary()
            else:
                await self.show_question()
        elif self.state == Phase.REVIEW:
            await self.show_summary()
        elif (
            self.state == Phase.QUESTION
        ):  # the answer handed the keys back (escape): take them back
            async with self.swapping:
                answer = self.query_one("#quiz-answer").children
            if answer:
                answer[-1].focus(scroll_visible=False)

    async def action_review(self) -> None:
        await self.show_review()

    async def action_retake(self) -> None:
        assert self.session is not None
        await self.start(self.session.retake())

    async def start(self, session: CheckpointSession) -> None:
        self.session = session
        await self.show_question()

    async def action_back(self) -> None:
        await self.show_summary()

    # -- answers ----------------------------------------------------------------------------

    async def action_rate(self, value: int) -> None:
        await self.submit(OpenAnswer(self.open_text, Rating(value), self.said))

    async def action_skip(self) -> None:
        assert self.session is not None
        self.session.skip()
        if self.session.finished:
            await self.show_summary()
        else:
            await self.show_question()

    async def on_answered(self, message: Answered) -> None:
        message.stop()
        question = self.session.current if self.session else None
        answer = message.answer
        if self.state == Phase.POINTS and isinstance(question, Open):
            if answer:
                await self.show_rating(question, answer)
            else:  # none of the key points made: it scores 0, and its card comes back soon
                self._set("quiz-prompt", _prompt(question))  # the ticking hint is done with
                none = (False,) * len(question.points)
                await self.submit(OpenAnswer(self.open_text, Rating.AGAIN, none))
            return
        if isinstance(question, SpotTheBug):
            if self.bug_line is None:  # an enter that reached the lines as they were going
                return
            answer = (self.bug_line, next(iter(answer), -1))
        await self.submit(answer)

    async def on_input_submitted(self, message: AnswerInput.Submitted) -> None:
        message.stop()
        await self.submit(message.value)

    async def on_line_list_picked(self, message: LineList.Picked) -> None:
        message.stop()
        question = self.session.current if self.session else None
        if self.state != Phase.QUESTION or self.bug_line is not None:
            return  # a second pick, sent before the fixes replaced the lines
        assert isinstance(question, SpotTheBug)
        self.bug_line = message.line
        if message.line != question.bug_line:  # the fixes are the bug line's: none to ask
            self._set("quiz-prompt", _prompt(question, picked_line=message.line, asking=False))
            await self.submit((message.line, None))
            return
        self._set("quiz-prompt", _prompt(question, picked_line=message.line))
        self._set("quiz-feedback")
        self._set("quiz-keys", Text("1-9 or ↑↓ to choose the fix, enter to submit", "dim"))
        fixes = ChoiceList([fix.text for fix in question.fixes], several=False, id="quiz-fixes")
        await self._answer_area(fixes)

    async def on_open_answer_area_revealed(self, message: OpenAnswerArea.Revealed) -> None:
        message.stop()
        question = self.session.current if self.session else None
        assert isinstance(question, Open)
        if self.state != Phase.QUESTION:
            return
        if not message.text.strip():
            self._set(
                "quiz-feedback",
                Text("Type your answer first; the model answer comes after.", "bold red"),
            )
            return
        self.open_text = message.text
        self.state = Phase.POINTS
        self._set("quiz-feedback")
        await self._show_scroll(
            [
                _lines(
                    Text("Your answer", style="bold"),
                    Text(message.text.strip()),
                    Text("Model answer", style="bold"),
                    Text(question.model_answer),
                )
            ]
        )
        # Each key point asked as a question the learner answers; the words only suggest.
        hints = suggested_points(question, message.text)
        asks = [
            f"Did you say: {point.text}?" + ("  (your words suggest so)" if hint else "")
            for point, hint in zip(question.points, hints, strict=True)
        ]
        # The hint also goes under the question: at 80×24 the keys line is below the fold.
        self._set("quiz-prompt", _lines(_prompt(question), Text(POINTS_HINT, style="italic")))
        self._set("quiz-keys", Text(POINTS_HINT, "dim"))
        await self._answer_area(PointList(asks, id="quiz-points"))

    async def show_rating(self, question: Open, ticked: frozenset[int]) -> None:
        """The key points as the learner ticked them; then the self-rating."""
        self.said = tuple(i in ticked for i in range(len(question.points)))
        self.state = Phase.RATING
        said = sum(self.said)
        self._set(
            "quiz-prompt",
            _lines(
                Text(question.prompt, style="bold"),
                Text(f"You said {said} of {len(self.said)} key points:", style="italic"),
                *[Text(line) for line in checklist(question, self.said)],
                # Under the points, not only on the keys line below the fold: 1-4 now rate.
                Text(RATING_HINT[0].upper() + RATING_HINT[1:], style="italic"),
            ),
        )
        self._set("quiz-keys", Text(f"↑↓ scroll   {RATING_HINT}", "dim"))
        await self._answer_area()
        self.query_one("#quiz-scroll").focus(scroll_visible=False)

    def on_left(self, message: Left) -> None:
        message.stop()
        self.focus()

    def _answered_open(self) -> bool:
        """Whether the question just answered was an open one."""
        return bool(self.session and isinstance(self.session.answered[-1].question, Open))

    async def submit(self, answer: Any) -> None:
        """Grade an answer to the current question; one sent after it was answered is ignored."""
        assert self.session is not None
        if self.state not in (Phase.QUESTION, Phase.POINTS, Phase.RATING):
            return
        try:
            verdict = self.session.submit(answer)
        except AnswerError as error:
            self._set("quiz-feedback", Text(str(error), style="bold red"))
            return
        await self.show_verdict(verdict)


def _lines(*parts: Text) -> Text:
    """Pieces of text one under the other, kept as one Text (plain text for tests and copying)."""
    return Text("\n").join(parts)


def _and(words: list[str]) -> str:
    """ "2", "2 and 5", "2, 4 and 5"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _points(session: CheckpointSession) -> str:
    """Points earned so far, partial credit to two decimals: "4.75/5" (not "4.8/5"), "2.13/4"
    (not "2.13333/4")."""
    earned = sum(answered.verdict.score for answered in session.answered)
    return f"{round(earned, 2):g}/{len(session.answered)}"


def _mistake(answered: AnsweredQuestion) -> Text:
    """A missed question for review: the prompt, the learner's answer, the feedback (with its
    heading when that says what a partly right answer earned)."""
    question, verdict = answered.question, answered.verdict
    feedback = verdict.feedback if verdict.score else verdict.feedback.partition("\n")[2]
    said = Text.assemble(("Your answer: ", "italic"), describe_answer(question, answered.answer))
    # A typed number or shape is already quoted back by its feedback ("You answered 150.").
    typed = isinstance(question, Numeric | Shape)
    return _lines(Text(question.prompt, style="bold"), *([] if typed else [said]), Text(feedback))


def _number_placeholder(answer: float | None) -> str:
    """An example of the kind of number asked for (never the answer itself)."""
    if answer is not None and float(answer).is_integer():
        return f"a whole number, e.g. {30 if answer == 12 else 12}"
    return f"your number, e.g. {0.37 if answer == 0.73 else 0.73}"


def _prompt(question: Question, picked_line: int | None = None, asking: bool = True) -> Text:
    """The question; for spot-the-bug after a line is picked, the code with that line marked,
    and (`asking`) the call for its fix."""
    parts = [Text(question.prompt, style="bold")]
    if picked_line is not None:  # spot the bug: the code stays in view while choosing the fix
        assert isinstance(question, SpotTheBug)
        width = len(str(len(question.lines)))
        for number, line in enumerate(question.lines, 1):
            mark = "▶" if number == picked_line else " "
            style = "bold" if number == picked_line else "dim"
            parts.append(Text(f"{mark}{number:>{width}} │ {line}", style=style))
        if asking:  # once answered, the ▶ and the feedback say which line was picked
            parts.append(Text(f"Line {picked_line} picked. Now the fix:", style="italic"))
    if isinstance(question, Numeric):
        exact = question.tolerance_text == "exactly"
        rule = "Type the exact number." if exact else f"Answers {question.tolerance_text} count."
        parts.append(Text(rule, style="italic"))
    if isinstance(question, Open) and question.level:
        parts.insert(0, Text(f"Interview question · {question.level}", style="italic"))
    return _lines(*parts)


def _answer_widget(question: Question) -> Widget:
    if isinstance(question, Choice):
        texts = [option.text for option in question.options]
        return ChoiceList(texts, several=question.several, id="quiz-choices")
    if isinstance(question, Numeric):
        return AnswerInput(placeholder=_number_placeholder(question.answer), id="quiz-input")
    if isinstance(question, Shape):
        return AnswerInput(placeholder="the shape, e.g. (4, 1)", id="quiz-input")
    if isinstance(question, Ordering):
        return OrderList(question.items, question.shown, id="quiz-order")
    if isinstance(question, SpotTheBug):
        return LineList(question.lines, id="quiz-lines")
    return OpenAnswerArea(id="quiz-open", soft_wrap=True, show_line_numbers=False)
