"""Revision stats: reviews per day as a bar chart, then retention, cards by state, the week."""

from __future__ import annotations

from typing import ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static
from textual_plotext import PlotextPlot

from tutor.cards.deck import Flashcard
from tutor.cards.stats import compute_stats, draw_reviews_chart, summary_lines
from tutor.ui.app import TutorApp
from tutor.ui.footer import TutorFooter


class CardStatsScreen(Screen):
    """Card stats."""

    app = getters.app(TutorApp)  # typed: `self.app.store`

    CSS_PATH = "cards.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v", "app.pop_screen", "Back to cards", id="cards-stats-back")
    ]

    def __init__(self, deck: list[Flashcard], scope: str = "all lessons") -> None:
        super().__init__()
        self.deck = deck  # the review screen's cards in scope, so both count the same cards
        self.scope = scope

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlotextPlot(id="stats-chart")
        yield Static(id="stats-figures")
        yield TutorFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Cards: stats, {self.scope}"
        stats = compute_stats(self.app.store, self.deck)
        draw_reviews_chart(self.query_one(PlotextPlot).plt, stats)
        self.query_one("#stats-figures", Static).update("\n".join(summary_lines(stats)))
