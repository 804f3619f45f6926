"""The help screen (? and F1): every key of every screen, read from the bindings themselves,
then every known difference from Keras (tutor.differences), so the learner meets them here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tutor.differences import DIFFERENCES
from tutor.ui.footer import TutorFooter
from tutor.ui.modes import MODE_SCREENS, MODE_TITLES, screen_class


def keyed_places() -> Iterator[tuple[str, type[DOMNode]]]:
    """(section title, class with BINDINGS) for every place that has keys."""
    from tutor.ui.app import TutorApp
    from tutor.ui.cards.stats_view import CardStatsScreen
    from tutor.ui.exercises.give_up import GiveUpScreen
    from tutor.ui.lesson.cell import CodeEditor
    from tutor.ui.lesson.player import LeaveCheckpoint, LessonScreen
    from tutor.ui.lesson.steps import registered_view_classes
    from tutor.ui.quiz.drill import InterviewDrillScreen
    from tutor.ui.widgets.training import TrainingView

    yield "Everywhere", TutorApp
    for mode in MODE_SCREENS:
        title = MODE_TITLES[mode]
        yield f"{title} (home)" if mode == "learn" else title, screen_class(mode)
        if mode == "cards":
            yield "Card stats", CardStatsScreen
    yield "A lesson", LessonScreen
    yield "In the code editor", CodeEditor
    for view in registered_view_classes():
        if view.BINDINGS:
            summary = (view.__doc__ or view.__name__).splitlines()[0].rstrip(".")
            yield f"In a lesson: {summary}", view
    yield "Training", TrainingView
    yield "Interview drill", InterviewDrillScreen
    yield "Asked whether to leave a checkpoint", LeaveCheckpoint
    yield "Asked whether to give up an exercise", GiveUpScreen


def key_display(app: App[Any], binding: Binding) -> str:
    display = app.get_key_display(binding)
    return "ctrl+" + display[1:] if display.startswith("^") else display


def key_rows(app: App[Any], cls: type[DOMNode]) -> list[tuple[str, str]]:
    """(keys, what they do) for a class's bindings, keys of one action joined."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in Binding.make_bindings(cls.__dict__.get("HELP_BINDINGS", cls.BINDINGS)):
        if binding.system or not binding.description:
            continue
        rows.setdefault((binding.action, binding.description), []).append(key_display(app, binding))
    return [(" / ".join(keys), description) for (_, description), keys in rows.items()]


def help_sections(app: App[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    sections = []
    for title, cls in keyed_places():
        rows = key_rows(app, cls)
        if title == "Everywhere":
            rows.append((key_display(app, Binding("ctrl+p", "")), "Command palette: jump anywhere"))
        if rows:
            sections.append((title, rows))
    return sections


def keys_markdown(app: App[Any]) -> str:
    """The one key table of docs/keys.md, from the same bindings as the help screen."""
    lines = ["| Where | Keys | What they do |", "| --- | --- | --- |"]
    for title, rows in help_sections(app):
        for keys, description in rows:
            cells = (title, f"`{keys}`", description)
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def section_for(place: DOMNode | None) -> str | None:
    """The help section of the place the learner is at: the nearest of `place` (the focused
    widget, or the screen) and its ancestors that has keys of its own, or None for the top."""
    from tutor.ui.app import TutorApp

    places = [(title, cls) for title, cls in keyed_places() if cls is not TutorApp]
    node = place
    while node is not None:
        for title, cls in places:
            if isinstance(node, cls):
                return title
        node = node.parent
    return None


class HelpScreen(ModalScreen):
    """Every key, opened at the section of the place it was asked from; the rest scrolls."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close")
    ]

    def __init__(self, origin: Screen | None = None) -> None:
        super().__init__()
        focused = origin.focused if origin is not None else None
        self.start = section_for(focused or origin)

    def compose(self) -> ComposeResult:
        self.sections = help_sections(self.app)
        with VerticalScroll(id="help"):
            yield Static(Text("Keys (Esc closes)", style="bold underline"))
            for number, (title, rows) in enumerate(self.sections):
                yield Static(_section(title, rows), id=f"help-{number}", classes="help-section")
            yield Static(self._notes(), id="help-notes")
        yield TutorFooter()

    def on_mount(self) -> None:
        titles = [title for title, _ in self.sections]
        if self.start in titles:
            section = self.query_one(f"#help-{titles.index(self.start)}")
            self.call_after_refresh(self._open_at, section)

    def _open_at(self, section: Static) -> None:
        # Its title on the first line (scroll_to_widget would keep the blank margin above).
        self.query_one("#help", VerticalScroll).scroll_to(y=section.virtual_region.y, animate=False)

    def _notes(self) -> Group:
        """After the keys: how exercise code runs, then every difference from Keras."""
        from tutor.exercises.runner import safety_note

        parts: list = [
            Text("How exercise code runs", style="bold underline"),
            Text(safety_note()),
            Text(""),
            Text("Differences from Keras", style="bold underline"),
            Text(
                "tutor's engine follows Keras 3; where it differs it is on purpose. Each entry: "
                "what tutor does, what Keras does, and why (docs/keras-differences.md)."
            ),
        ]
        for d in DIFFERENCES:
            parts += [
                Text(""),
                Text(d.topic, style="bold reverse"),
                Text.assemble(("tutor: ", "bold"), d.tutor),
                Text.assemble(("Keras: ", "bold"), d.keras),
                Text.assemble(("why: ", "bold"), d.why),
            ]
        return Group(*parts)


def _section(title: str, rows: list[tuple[str, str]]) -> Group:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column("keys", style="bold", width=16, no_wrap=True)
    table.add_column("does", ratio=1)
    for keys, description in rows:
        table.add_row(keys, description)
    return Group(Text(title, style="bold reverse"), table)
