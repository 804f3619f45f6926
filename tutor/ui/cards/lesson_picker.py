"""Choose which cards to revise: the lessons you have started, all of them, or one lesson."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.ui.footer import TutorFooter

STARTED = ":started"
ALL = ":all"


class PickerOptions(OptionList):
    """The picker's list, whose enter is named in the footer (a list's own enter is not)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Choose")]


class LessonPicker(ModalScreen[str | None]):
    """Pick the cards to revise."""

    CSS_PATH = "cards.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, card_counts: dict[str, int], titles: dict[str, str]) -> None:
        super().__init__()
        self.card_counts = card_counts
        self.titles = titles

    def compose(self) -> ComposeResult:
        yield Static("Revise which cards? (enter chooses, escape cancels)", id="picker-title")
        total = sum(self.card_counts.values())
        options = [
            Option("Lessons you have started", id=STARTED),
            Option(_row("All lessons", total), id=ALL),
            None,
            *(
                Option(_row(self.titles.get(lesson_id, lesson_id), count), id=lesson_id)
                for lesson_id, count in self.card_counts.items()
            ),
        ]
        yield PickerOptions(*options, id="picker-options")
        yield TutorFooter(join_keys=True)  # its keys, not the review's beneath

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def _row(title: str, count: int) -> Table:
    """A choice as its title, wrapped in its own column when narrow, and its card count on the
    right, whole: at 60 columns "(12" and "cards)" were split over two lines."""
    row = Table.grid(expand=True, padding=(0, 0, 0, 2))
    row.add_column(ratio=1)
    row.add_column(justify="right", no_wrap=True, style="dim")
    row.add_row(Text(title), f"{count} card{'s' * (count != 1)}")
    return row
