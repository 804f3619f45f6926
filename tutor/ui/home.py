"""The Learn mode's home: continue where you left off, the lessons in order, the other modes."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tutor.lessons.model import Lesson
from tutor.lessons.progress import continue_target, exercises_summary, lesson_state
from tutor.store.checkpoints import Attempt
from tutor.store.progress import Progress
from tutor.ui.app import TutorApp
from tutor.ui.footer import TutorFooter


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    app = getters.app(TutorApp)  # typed: `self.app.store`, `self.app.course`
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=False),
        Binding("l", "learn", "Learn", id="learn"),
        Binding("c", "app.switch_mode('cards')", "Cards", id="cards"),
        Binding("b", "app.switch_mode('sandbox')", "Sandbox", id="sandbox"),
        Binding("i", "app.open_interview_drill", "Drill", id="interview-drill"),
        Binding("q", "app.quit", "Quit", id="home-quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Learn how a neural network is built and trained, by building one.", id="intro"
        )
        yield OptionList(id="lessons")
        yield TutorFooter()

    def on_mount(self) -> None:
        self.sub_title = "Learn"

    def on_screen_resume(self) -> None:
        """Shown first, or again after a lesson: the states may have changed."""
        self.refresh_lessons()

    def refresh_lessons(self) -> None:
        app = self.app
        course, progress = app.course, app.store.progress
        scores = app.store.checkpoints.best_scores()
        exercises = app.store.exercises.all_states()
        options = self.query_one("#lessons", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        target = continue_target(course, progress)
        options.add_option(Option(_continue_prompt(target, progress), id="continue"))
        options.add_option(None)
        for lesson in course.lessons:
            state = lesson_state(progress, lesson)
            score = scores.get(lesson.id)
            built = exercises_summary(lesson, exercises)
            options.add_option(Option(_lesson_prompt(lesson, state, score, built), id=lesson.id))
        options.highlighted = highlighted if highlighted is not None else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "continue":
            self.action_learn()
        elif event.option.id:
            self.app.open_lesson(event.option.id)

    def action_open(self) -> None:
        self.query_one("#lessons", OptionList).action_select()

    def action_learn(self) -> None:
        target = continue_target(self.app.course, self.app.store.progress)
        if target is None:
            self.notify("Every lesson is done. Cards (c) keeps them fresh.")
        else:
            self.app.open_lesson(target[0].id)


def _continue_prompt(target: tuple[Lesson, int] | None, progress: Progress) -> Text:
    if target is None:
        return Text("✓ Every lesson is done: revise with Cards (c) or play in the Sandbox (b)")
    lesson, step = target
    if progress.lesson(lesson.id) is None:
        verb = "Next" if progress.last_lesson() else "Start"
        return Text(f"▶ {verb}: lesson {lesson.number}, {lesson.title}", style="bold")
    return Text.assemble(
        ("▶ Continue where you left off: ", "bold"),
        f"{lesson.number}. {lesson.title}, step {step + 1}/{len(lesson.steps)}",
    )


def _lesson_prompt(lesson: Lesson, state: str, score: Attempt | None, exercises: str) -> Table:
    """Number, title and state (checkpoint, exercises), with the goal under the title (wrapped
    lines stay indented)."""
    line = Text.assemble((lesson.title, "bold"), "  ", (state, "italic"))
    if score is not None:
        verdict = "passed" if score.passed else "not passed yet"
        line.append(f" · checkpoint {score.percent}% ({verdict})", style="italic")
    if exercises:
        line.append(f" · {exercises}", style="italic")
    line.append(f"\n{lesson.goal} ({lesson.minutes} min)", style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1)
    grid.add_row(Text(str(lesson.number), style="bold"), line)
    return grid
