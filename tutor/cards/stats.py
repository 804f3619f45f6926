"""Revision figures: reviews per day, true retention, cards by state, what falls due this week.

Days are the learner's local days. True retention is the share of reviews of cards already in
the Review state that were not Again: how often a card was remembered when FSRS expected it to be.
"Now" is the review screen's own New / Learning / Due (`ReviewSession.counts`), over the same
cards, and the week counts what that Due counts (cards in review), so the two screens agree.
Each of the three is said in words beside its number: New is only today's share of the cards
never reviewed (the daily limit), so "New 20" beside "26 never reviewed" is no contradiction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fsrs import Rating, State

from tutor.cards.deck import Flashcard
from tutor.cards.schedule import desired_retention, new_per_day, saved_card, utc_now
from tutor.cards.session import LEARN_AHEAD, Counts, ReviewSession

if TYPE_CHECKING:
    from tutor.store import Store

HISTORY_DAYS = 30
WEEK = 7
STATE_NAMES = ("new", "learning", "review", "relearning")


@dataclass(frozen=True)
class Stats:
    reviews_per_day: list[tuple[date, int]]  # the last HISTORY_DAYS days, oldest first
    retention: float | None  # None before any card in Review state was reviewed
    retention_reviews: int
    desired_retention: float
    by_state: dict[str, int]  # STATE_NAMES -> cards ("new": never reviewed)
    due_next_week: list[tuple[date, int]]  # cards in review: today (overdue included), 6 more days
    now: Counts  # what the review screen shows for these cards
    new_per_day: int  # the daily limit on new cards, which `now.new` is under

    @property
    def reviews_total(self) -> int:
        return sum(count for _, count in self.reviews_per_day)


def compute_stats(store: Store, deck: list[Flashcard], now: datetime | None = None) -> Stats:
    """Figures for `deck`: pass the review screen's cards in scope for the same counts."""
    now = now or utc_now()
    today = now.astimezone().date()
    reviews = store.cards.reviews()
    per_day = Counter(_local_day(review.reviewed_at) for review in reviews)
    history = [today - timedelta(days=n) for n in range(HISTORY_DAYS - 1, -1, -1)]
    mature = [review for review in reviews if review.state_before == State.Review]
    remembered = sum(1 for review in mature if review.rating != Rating.Again)

    schedules = store.cards.schedules()
    cards = [saved_card(schedules[card.id]) for card in deck if card.id in schedules]
    by_state = dict.fromkeys(STATE_NAMES, 0)
    by_state["new"] = len(deck) - len(cards)
    for card in cards:
        by_state[card.state.name.lower()] += 1
    due_days = Counter(
        max(today, card.due.astimezone().date()) for card in cards if card.state == State.Review
    )
    session = ReviewSession(store, deck, all_lessons=True, clock=lambda: now)
    week = [today + timedelta(days=n) for n in range(WEEK)]
    return Stats(
        reviews_per_day=[(day, per_day[day]) for day in history],
        retention=remembered / len(mature) if mature else None,
        retention_reviews=len(mature),
        desired_retention=desired_retention(store),
        by_state=by_state,
        due_next_week=[(day, due_days[day]) for day in week],
        now=session.counts(),
        new_per_day=new_per_day(store),
    )


def _local_day(iso: str) -> date:
    return datetime.fromisoformat(iso).astimezone().date()


def summary_lines(stats: Stats) -> list[str]:
    """The figures as short lines of text (the chart is drawn separately)."""
    if stats.retention is None:
        retention = "no reviews of mature cards yet"
    else:
        retention = (
            f"{stats.retention:.0%} of {stats.retention_reviews} reviews of cards in review "
            f"(target {stats.desired_retention:.0%})"
        )
    names = {"new": "never reviewed", "review": "in review"}
    states = ", ".join(f"{count} {names.get(name, name)}" for name, count in stats.by_state.items())
    now = stats.now
    week = "  ".join(
        f"{_day_label(day, n)} {count}" for n, (day, count) in enumerate(stats.due_next_week)
    )
    minutes = int(LEARN_AHEAD.total_seconds() // 60)
    # The review screen's three counts, each said with what it counts, short enough for 60 columns.
    return [
        "Now, as on the review screen:",
        f"  New {now.new}: left for today ({stats.new_per_day} a day), "
        f"of {stats.by_state['new']} never reviewed",
        f"  Learning {now.learning}: being (re)learnt, due within {minutes} minutes",
        f"  Due {now.due}: in review and due now",
        f"Reviews in the last {HISTORY_DAYS} days: {stats.reviews_total}",
        f"True retention: {retention}",
        f"Cards by stage: {states}",
        f"Cards in review due: {week}",
    ]


def _day_label(day: date, offset: int) -> str:
    return "today" if offset == 0 else day.strftime("%a")


def draw_reviews_chart(plt: Any, stats: Stats) -> None:
    """Draw reviews per day as a bar chart on a plotext module or a PlotextPlot's `plt`."""
    plt.clear_data()
    plt.clear_figure()
    days = [day for day, _ in stats.reviews_per_day]
    positions = list(range(1, len(days) + 1))
    plt.bar(positions, [count for _, count in stats.reviews_per_day], marker="hd")
    plt.title(f"Reviews per day, last {HISTORY_DAYS} days")
    top = max(1, *(count for _, count in stats.reviews_per_day))
    plt.ylim(0, top)
    plt.yticks(sorted({0, top // 2, top}))
    # A label every week, ending today, so 80 columns stay readable.
    plt.xticks(positions[::-7], [day.strftime("%b %d") for day in days[::-7]])
