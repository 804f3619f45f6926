"""A review session: which card comes next, the counts at the top, answering and undoing.

Order, as in Anki: learning cards that are due, then review cards that are due, then new cards
(those a feature asked to show soon first, then the course's in lesson order, up to the day's
limit), then learning cards due within the next 20 minutes rather than ending the session early.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from fsrs import Rating, State

from tutor.cards.deck import Flashcard
from tutor.cards.schedule import (
    Outcome,
    commit,
    fsrs_card,
    new_per_day,
    outcomes,
    saved_card,
    scheduler_for,
    utc_now,
)

if TYPE_CHECKING:
    from tutor.store import Store

LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class Counts:
    new: int
    learning: int
    due: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.due


@dataclass(frozen=True)
class Queue:
    learning: list[Flashcard]  # due now
    due: list[Flashcard]
    new: list[Flashcard]
    ahead: list[Flashcard]  # learning, due within LEARN_AHEAD

    def next(self) -> Flashcard | None:
        for cards in (self.learning, self.due, self.new, self.ahead):
            if cards:
                return cards[0]
        return None

    @property
    def counts(self) -> Counts:
        return Counts(len(self.new), len(self.learning) + len(self.ahead), len(self.due))


def start_of_day(now: datetime) -> datetime:
    """The learner's local midnight, in UTC: when the new-card allowance renews."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(now.tzinfo)


class ReviewSession:
    """The deck seen through the filters (lesson, started lessons only), and its reviews."""

    def __init__(
        self,
        store: Store,
        deck: list[Flashcard],
        *,
        lesson_id: str | None = None,
        all_lessons: bool = False,
        clock: Callable[[], datetime] = utc_now,
        fuzz: bool = True,
    ) -> None:
        self.store = store
        self.deck = deck
        self.lesson_id = lesson_id
        self.all_lessons = all_lessons
        self.clock = clock
        self.fuzz = fuzz
        self.reviewed = 0
        self._undo: list[tuple[int, Flashcard]] = []

    def in_scope(self) -> list[Flashcard]:
        """The cards this session draws from: one lesson, or the started ones, or all."""
        if self.lesson_id is not None:
            return [card for card in self.deck if card.lesson_id == self.lesson_id]
        if self.all_lessons:
            return list(self.deck)
        started = set(self.store.progress.all_lessons())
        return [card for card in self.deck if card.lesson_id is None or card.lesson_id in started]

    def lessons(self) -> list[str]:
        """Lesson ids that have cards, in course order (for the lesson filter)."""
        return list(dict.fromkeys(card.lesson_id for card in self.deck if card.lesson_id))

    def queue(self) -> Queue:
        now = self.clock()
        schedules = self.store.cards.schedules()
        learning, due, ahead, unseen = [], [], [], []
        for card in self.in_scope():
            schedule = schedules.get(card.id)
            if schedule is None:
                unseen.append(card)
                continue
            fsrs = saved_card(schedule)
            if fsrs.state == State.Review:
                if fsrs.due <= now:
                    due.append((fsrs.due, card))
            elif fsrs.due <= now:
                learning.append((fsrs.due, card))
            elif fsrs.due <= now + LEARN_AHEAD:
                ahead.append((fsrs.due, card))
        soon = [card for card in unseen if card.due_soon]
        others = [card for card in unseen if not card.due_soon]
        allowance = max(0, new_per_day(self.store) - self.new_seen_today(now))
        return Queue(
            learning=_by_due(learning),
            due=_by_due(due),
            new=soon + others[:allowance],
            ahead=_by_due(ahead),
        )

    def new_seen_today(self, now: datetime) -> int:
        """Course cards reviewed for the first time since local midnight (the limit counts them)."""
        soon = {card.id for card in self.deck if card.due_soon}
        return sum(
            1
            for review in self.store.cards.reviews(since=start_of_day(now).isoformat())
            if review.state_before is None and review.card_id not in soon
        )

    def counts(self) -> Counts:
        return self.queue().counts

    def next_card(self) -> Flashcard | None:
        return self.queue().next()

    def next_due(self) -> datetime | None:
        """When the next card in scope comes due, once nothing is left now."""
        ids = {card.id for card in self.in_scope()}
        dues = [
            saved_card(schedule).due
            for card_id, schedule in self.store.cards.schedules().items()
            if card_id in ids
        ]
        return min(dues, default=None)

    def outcomes(self, card: Flashcard) -> dict[Rating, Outcome]:
        """The four outcomes for `card`, computed once at this moment."""
        now = self.clock()
        fsrs = fsrs_card(card.id, self.store.cards.schedule(card.id), now)
        return outcomes(scheduler_for(self.store, fuzz=self.fuzz), fsrs, now)

    def answer(self, card: Flashcard, outcome: Outcome) -> None:
        """Commit the outcome the learner chose."""
        schedule = self.store.cards.schedule(card.id)
        before = saved_card(schedule) if schedule is not None else None
        self._undo.append((commit(self.store, card.id, before, outcome), card))
        self.reviewed += 1

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Flashcard | None:
        """Take back this session's last rating; returns the card to show again."""
        if not self._undo:
            return None
        review_id, card = self._undo.pop()
        if self.store.cards.undo_review(review_id) is None:
            return None
        self.reviewed -= 1
        return card


def _by_due(pairs: list[tuple[datetime, Flashcard]]) -> list[Flashcard]:
    return [card for _, card in sorted(pairs, key=lambda pair: pair[0])]
