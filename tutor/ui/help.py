"""The help screen (? and F1): every key of every screen, read from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tutor.ui.modes import MODE_SCREENS, MODE_TITLES, screen_class


def keyed_places() -> Iterator[tuple[str, type]]:
    """(section title, class with BINDINGS) for every place that has keys."""
    from tutor.ui.app import TutorApp
    from tutor.ui.lesson.cell import CodeEditor
    from tutor.ui.lesson.player import LessonScreen
    from tutor.ui.lesson.steps import registered_view_classes
    from tutor.ui.widgets.training import TrainingView

    yield "Everywhere", TutorApp
    for mode, target in MODE_SCREENS.items():
        if target is not None:
            yield (
                f"{MODE_TITLES[mode]} (home)" if mode == "learn" else MODE_TITLES[mode],
                (screen_class(mode)),
            )
    yield "A lesson", LessonScreen
    yield "In the code editor", CodeEditor
    for view in registered_view_classes():
        if view.BINDINGS:
            yield f"In a lesson: {view.__doc__.splitlines()[0].rstrip('.')}", view
    yield "Training", TrainingView


def key_rows(app, cls: type) -> list[tuple[str, str]]:
    """(keys, what they do) for a class's bindings, keys of one action joined."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in Binding.make_bindings(cls.__dict__.get("HELP_BINDINGS", cls.BINDINGS)):
        if binding.system or not binding.description:
            continue
        display = app.get_key_display(binding)
        if display.startswith("^"):
            display = "ctrl+" + display[1:]
        rows.setdefault((binding.action, binding.description), []).append(display)
    return [(" / ".join(keys), description) for (_, description), keys in rows.items()]


class HelpScreen(ModalScreen):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close")
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self._table(), id="help-keys")
        yield Footer()

    def _table(self) -> Table:
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("keys", style="bold", no_wrap=True)
        table.add_column("does")
        table.add_row(Text("Keys", style="bold underline"), "")
        for title, cls in keyed_places():
            rows = key_rows(self.app, cls)
            if title == "Everywhere":
                rows.append((self.app.get_key_display(Binding("ctrl+p", "")), "Command palette"))
            if rows:
                table.add_row("", "")
                table.add_row(Text(title, style="bold $accent"), "")
                for keys, description in rows:
                    table.add_row(keys, description)
        return table

    def action_dismiss(self) -> None:
        self.dismiss()
