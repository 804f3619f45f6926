"""The Learn mode's home: continue where you left off, the lessons in order, the other modes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tutor.ui.progress_view import continue_target, lesson_state


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=False),
        Binding("l", "learn", "Learn", id="learn"),
        Binding("c", "app.switch_mode('cards')", "Cards", id="cards"),
        Binding("s", "app.switch_mode('sandbox')", "Sandbox", id="sandbox"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Learn how a neural network is built and trained, by building one.", id="intro"
        )
        yield OptionList(id="lessons")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Learn"
        self.refresh_lessons()

    def on_screen_resume(self) -> None:
        self.refresh_lessons()

    def refresh_lessons(self) -> None:
        app = self.app
        course, progress = app.course, app.store.progress
        records = progress.all_lessons()
        options = self.query_one("#lessons", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        target = continue_target(course, records, progress.last_lesson())
        options.add_option(Option(_continue_prompt(course, target, records), id="continue"))
        options.add_option(None)
        for number, lesson in enumerate(course.lessons, start=1):
            state = lesson_state(app.store, lesson, records.get(lesson.id))
            options.add_option(Option(_lesson_prompt(number, lesson, state), id=lesson.id))
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
        course = self.app.course
        progress = self.app.store.progress
        target = continue_target(course, progress.all_lessons(), progress.last_lesson())
        if target is None:
            self.notify("Every lesson is done. Cards (c) keeps them fresh.")
        else:
            self.app.open_lesson(target.id)


def _continue_prompt(course, target, records) -> Text:
    if target is None:
        return Text("✓ Every lesson is done: revise with Cards (c) or play in the Sandbox (s)")
    number = course.lessons.index(target) + 1
    record = records.get(target.id)
    if record is None:
        verb = "Start" if not records else "Next"
        return Text.assemble(("▶ ", "bold"), (f"{verb}: lesson {number}, {target.title}", "bold"))
    where = f" (step {record.step + 1}/{len(target.steps)})"
    return Text.assemble(
        ("▶ Continue where you left off: ", "bold"), f"lesson {number}, {target.title}{where}"
    )


def _lesson_prompt(number: int, lesson, state: str) -> Text:
    text = Text.assemble(
        (f"{number:>2}  ", "bold"), (lesson.title, "bold"), "  ", (state, "italic")
    )
    text.append(f"\n    {lesson.goal}", style="dim")
    return text
