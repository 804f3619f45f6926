"""The help screen (? and F1): every key of every screen, read from the bindings themselves,
then every known difference from Keras (tutor.differences), so the learner meets them here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tutor.differences import DIFFERENCES
from tutor.ui.modes import MODE_SCREENS, MODE_TITLES, screen_class
from tutor.ui.web import key_for


def keyed_places() -> Iterator[tuple[str, type]]:
    """(section title, class with BINDINGS) for every place that has keys."""
    from tutor.ui.app import TutorApp
    from tutor.ui.lesson.cell import CodeEditor
    from tutor.ui.lesson.player import LessonScreen
    from tutor.ui.lesson.steps import registered_view_classes
    from tutor.ui.widgets.training import TrainingView

    yield "Everywhere", TutorApp
    for mode in MODE_SCREENS:
        title = MODE_TITLES[mode]
        yield f"{title} (home)" if mode == "learn" else title, screen_class(mode)
    yield "A lesson", LessonScreen
    yield "In the code editor", CodeEditor
    for view in registered_view_classes():
        if view.BINDINGS:
            yield f"In a lesson: {view.__doc__.splitlines()[0].rstrip('.')}", view
    yield "Training", TrainingView


def key_display(app, binding: Binding) -> str:
    key = key_for(app, binding.action, binding.key)
    display = app.get_key_display(binding if key == binding.key else Binding(key, binding.action))
    return "ctrl+" + display[1:] if display.startswith("^") else display


def key_rows(app, cls: type) -> list[tuple[str, str]]:
    """(keys, what they do) for a class's bindings, keys of one action joined."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in Binding.make_bindings(cls.__dict__.get("HELP_BINDINGS", cls.BINDINGS)):
        if binding.system or not binding.description:
            continue
        rows.setdefault((binding.action, binding.description), []).append(key_display(app, binding))
    return [(" / ".join(keys), description) for (_, description), keys in rows.items()]


def help_sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    sections = []
    for title, cls in keyed_places():
        rows = key_rows(app, cls)
        if title == "Everywhere":
            rows.append((key_display(app, Binding("ctrl+p", "")), "Command palette: jump anywhere"))
        if rows:
            sections.append((title, rows))
    return sections


class HelpScreen(ModalScreen):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close")
    ]

    def compose(self) -> ComposeResult:
        self.sections = help_sections(self.app)
        with VerticalScroll(id="help"):
            yield Static(self._page(), id="help-keys")
        yield Footer()

    def _page(self) -> Group:
        parts: list = [Text("Keys (Esc closes)", style="bold underline")]
        for title, rows in self.sections:
            table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
            table.add_column("keys", style="bold", width=16, no_wrap=True)
            table.add_column("does", ratio=1)
            for keys, description in rows:
                table.add_row(keys, description)
            parts += [Text(""), Text(title, style="bold reverse"), table]
        parts += [
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
