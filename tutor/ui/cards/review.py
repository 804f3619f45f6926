"""The Cards mode: review as in Anki. The front; space or enter shows the back; 1-4 rate."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from fsrs import Rating
from rich.console import RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from tutor.cards.deck import Flashcard, load_deck
from tutor.cards.schedule import Outcome, new_per_day
from tutor.cards.session import Counts, ReviewSession
from tutor.ui.app import TutorApp
from tutor.ui.cards.lesson_picker import ALL, STARTED, LessonPicker
from tutor.ui.footer import TutorFooter

SCOPE_SETTING = "cards.scope"
RATING_KEYS = {"1": Rating.Again, "2": Rating.Hard, "3": Rating.Good, "4": Rating.Easy}


def inline_code(text: str) -> Content:
    """Plain text with `code` spans shown in a code style instead of with backticks."""
    return Content.assemble(
        *((part, "bold $accent" if index % 2 else "") for index, part in enumerate(text.split("`")))
    )


class CardsScreen(Screen):
    """Flashcard review."""

    app = getters.app(TutorApp)  # typed: `self.app.store`, `self.app.course`

    CSS_PATH = "cards.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "show_back", "Answer", id="cards-show"),
        # 1-4 are labelled on screen with when the card comes back; the footer would repeat them.
        Binding("1", "rate('1')", "Again", id="cards-again", show=False),
        Binding("2", "rate('2')", "Hard", id="cards-hard", show=False),
        Binding("3", "rate('3')", "Good", id="cards-good", show=False),
        Binding("4", "rate('4')", "Easy", id="cards-easy", show=False),
        Binding("u", "undo", "Undo", id="cards-undo"),
        Binding("l", "pick_lesson", "Lessons", id="cards-lessons"),
        Binding("a", "toggle_all", "All", id="cards-all"),
        Binding("v", "stats", "Stats", id="cards-stats"),
        Binding("escape,h", "app.switch_mode('learn')", "Home", id="cards-home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.session: ReviewSession | None = None
        self.card: Flashcard | None = None
        self.outcomes: dict[Rating, Outcome] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="cards-counts")
        with VerticalScroll(id="cards-card"):
            yield Static(id="cards-front")
            yield Static(id="cards-front-code")
            yield Static(id="cards-back")
            yield Static(id="cards-code")
            yield Static(id="cards-diagram")
            yield Static(id="cards-summary")
        with Horizontal(id="cards-ratings"):
            for key, rating in RATING_KEYS.items():
                button = Button(f"{key} {rating.name}", id=f"rate-{key}", compact=True)
                button.can_focus = False
                yield button
        yield Static(id="cards-hint")
        yield TutorFooter()

    def on_mount(self) -> None:
        self.sub_title = "Cards"
        self.session = ReviewSession(self.app.store, self._deck())
        self._apply_scope(self.app.store.progress.setting(SCOPE_SETTING, STARTED))

    def on_screen_resume(self) -> None:
        # Cards may have been added meanwhile (a missed checkpoint question).
        if self.session is not None and self.outcomes is None:
            self.session.deck = self._deck()
            self.show_next()

    def _deck(self) -> list[Flashcard]:
        return load_deck(self.app.store, self.app.course.root)

    def lesson_titles(self) -> dict[str, str]:
        return {lesson.id: f"{lesson.number}. {lesson.title}" for lesson in self.app.course.lessons}

    # Showing

    def show_next(self) -> None:
        assert self.session is not None
        queue = self.session.queue()
        self.card = queue.next()
        self.outcomes = None
        self._show_counts(queue.counts)
        if self.card is None:
            self._show_summary()
        else:
            self._show_front(self.card)
        self.refresh_bindings()

    def _show_counts(self, counts: Counts) -> None:
        line = Content.assemble(
            ("New ", "bold"),
            (str(counts.new), "bold $primary"),
            ("   Learning ", "bold"),
            (str(counts.learning), "bold $error"),
            ("   Due ", "bold"),
            (str(counts.due), "bold $success"),
            "     ",
            (self._scope_label(), "italic"),
        )
        self.query_one("#cards-counts", Static).update(line)

    def _scope_label(self) -> str:
        assert self.session is not None
        if self.session.lesson_id is not None:
            return self.lesson_titles().get(self.session.lesson_id, self.session.lesson_id)
        return "all lessons" if self.session.all_lessons else "lessons you have started"

    def _show_front(self, card: Flashcard) -> None:
        self._set("#cards-front", inline_code(card.front))
        front_code = (
            Syntax(card.front_code, "python", line_numbers=True) if card.front_code else None
        )
        self._set("#cards-front-code", front_code)
        for selector in ("#cards-back", "#cards-code", "#cards-diagram", "#cards-summary"):
            self._set(selector, None)
        self._show_ratings(False)
        self.query_one("#cards-hint", Static).update("space or enter: show the answer")
        self.query_one("#cards-card", VerticalScroll).scroll_home(animate=False)

    def _show_back(self, card: Flashcard) -> None:
        self._set("#cards-back", inline_code(card.back))
        self._set("#cards-code", Syntax(card.code, "python") if card.code else None)
        self._set("#cards-diagram", Text(card.diagram) if card.diagram else None)
        self._show_ratings(True)
        self.query_one("#cards-hint", Static).update("How well did you remember? 1-4")

    def _show_ratings(self, shown: bool) -> None:
        ratings = self.query_one("#cards-ratings", Horizontal)
        ratings.display = shown
        if shown and self.outcomes:
            for key, rating in RATING_KEYS.items():
                label = f"{key} {rating.name} {self.outcomes[rating].label}"
                self.query_one(f"#rate-{key}", Button).label = label

    def _show_summary(self) -> None:
        assert self.session is not None
        for selector in (
            "#cards-front",
            "#cards-front-code",
            "#cards-back",
            "#cards-code",
            "#cards-diagram",
        ):
            self._set(selector, None)
        self._show_ratings(False)
        self._set("#cards-summary", self._summary_text())
        self.query_one("#cards-hint", Static).update("")

    def _summary_text(self) -> Text:
        assert self.session is not None
        session = self.session
        lines = [f"Nothing left to review now. You reviewed {session.reviewed} cards here."]
        next_due = session.next_due()
        if next_due is not None:
            lines.append(f"Next card due: {_when(next_due, session.clock())}.")
        now = session.clock()
        limit = new_per_day(self.app.store)
        seen = session.new_seen_today(now)
        lines.append(f"New cards today: {seen} of {limit}.")
        if not session.in_scope():
            lines.append(
                "This lesson has no cards: press l to choose others."
                if session.lesson_id is not None
                else "No cards yet in the lessons you have started: start a lesson (esc goes "
                "home), or press a to revise every lesson's cards."
            )
        undo = "u undoes the last rating, " if session.reviewed else ""
        lines.append(f"{undo}v shows your stats, l picks a lesson.")
        return Text("\n\n".join(lines))

    def _set(self, selector: str, content: RenderableType | None) -> None:
        widget = self.query_one(selector, Static)
        widget.display = content is not None
        widget.update(content if content is not None else "")

    # Keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_back":
            return self.card is not None and self.outcomes is None
        if action == "rate":
            return self.outcomes is not None
        if action == "undo":
            return self.session is not None and self.session.can_undo
        return True

    def action_show_back(self) -> None:
        if self.card is None or self.session is None or self.outcomes is not None:
            return
        # All four outcomes at one moment: the labels are exactly what a rating will save.
        self.outcomes = self.session.outcomes(self.card)
        self._show_back(self.card)
        self.refresh_bindings()

    def action_rate(self, key: str) -> None:
        if self.card is None or self.session is None or self.outcomes is None:
            return
        self.session.answer(self.card, self.outcomes[RATING_KEYS[key]])
        self.show_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id
        if button_id is None:  # only the rating buttons are here, and each has an id
            return
        self.action_rate(button_id.removeprefix("rate-"))

    def action_undo(self) -> None:
        if self.session is None:
            return
        card = self.session.undo()
        if card is None:
            self.notify("Nothing to undo.")
            return
        self.show_next()
        # The undone card comes back first, its front showing, whatever the queue order.
        self.card = card
        self.outcomes = None
        self._show_front(card)
        self.refresh_bindings()
        self.notify(f"Undone: {card.front[:50]}")

    def action_toggle_all(self) -> None:
        assert self.session is not None
        self._choose_scope(STARTED if self.session.all_lessons else ALL)

    def action_pick_lesson(self) -> None:
        assert self.session is not None
        counts = {lesson_id: 0 for lesson_id in self.session.lessons()}
        for card in self.session.deck:
            if card.lesson_id in counts:
                counts[card.lesson_id] += 1
        self.app.push_screen(LessonPicker(counts, self.lesson_titles()), self._choose_scope)

    def _choose_scope(self, scope: str | None) -> None:
        """Revise `scope` (STARTED, ALL or a lesson id) from now on, and next time too."""
        if scope is not None:
            self.app.store.progress.set_setting(SCOPE_SETTING, scope)
            self._apply_scope(scope)

    def _apply_scope(self, scope: str) -> None:
        assert self.session is not None
        self.session.all_lessons = scope == ALL
        self.session.lesson_id = None if scope in (ALL, STARTED) else scope
        self.show_next()

    def action_stats(self) -> None:
        from tutor.ui.cards.stats_view import CardStatsScreen

        assert self.session is not None
        self.app.push_screen(CardStatsScreen(self.session.in_scope(), self._scope_label()))


def _when(moment: datetime, now: datetime) -> str:
    local = moment.astimezone()
    if local.date() == now.astimezone().date():
        return f"today at {local:%H:%M}"
    return f"{local:%a %d %b} at {local:%H:%M}"
