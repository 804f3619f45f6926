"""FSRS scheduling: the four outcomes of a review, their labels, and committing the one chosen.

fsrs fuzzes Review intervals at random, so each outcome is computed once and the one the learner
picks is the one saved: the label on a button is what happens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from fsrs import Card, Rating, ReviewLog, Scheduler

if TYPE_CHECKING:
    from fsrs.card import CardDict

    from tutor.store import Store

RETENTION_SETTING = "cards.desired_retention"
NEW_PER_DAY_SETTING = "cards.new_per_day"
DEFAULT_RETENTION = 0.9
DEFAULT_NEW_PER_DAY = 20
# FSRS's own bounds on what it can schedule sensibly; outside them intervals explode or vanish.
RETENTION_RANGE = (0.7, 0.99)


class SettingError(ValueError):
    """A card setting out of range; the message says what is allowed."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def desired_retention(store: Store) -> float:
    return float(store.progress.setting(RETENTION_SETTING, str(DEFAULT_RETENTION)))


def set_desired_retention(store: Store, retention: float) -> None:
    low, high = RETENTION_RANGE
    if not low <= retention <= high:
        raise SettingError(
            f"desired retention must be between {low} and {high} (got {retention}); "
            "0.9 means you should recall 9 cards in 10 when they come back"
        )
    store.progress.set_setting(RETENTION_SETTING, str(retention))


def new_per_day(store: Store) -> int:
    return int(store.progress.setting(NEW_PER_DAY_SETTING, str(DEFAULT_NEW_PER_DAY)))


def set_new_per_day(store: Store, limit: int) -> None:
    if limit < 0:
        raise SettingError(f"new cards per day must be 0 or more (got {limit})")
    store.progress.set_setting(NEW_PER_DAY_SETTING, str(limit))


def scheduler_for(store: Store, *, fuzz: bool = True) -> Scheduler:
    return Scheduler(desired_retention=desired_retention(store), enable_fuzzing=fuzz)


def fsrs_id(card_id: str) -> int:
    """fsrs wants an integer id; derive a stable one from the card's text id."""
    return int.from_bytes(hashlib.sha256(card_id.encode()).digest()[:6], "big")


def fsrs_card(card_id: str, schedule: Mapping[str, Any] | None, now: datetime) -> Card:
    """The card's saved FSRS state, or a fresh one due now when it was never reviewed."""
    if schedule is None:
        return Card(card_id=fsrs_id(card_id), due=now)
    return saved_card(schedule)


def saved_card(schedule: Mapping[str, Any]) -> Card:
    """A schedule from the store as an FSRS card. The store keeps the JSON of the
    `Card.to_dict()` that `commit` saved, so it has `CardDict`'s keys."""
    return Card.from_dict(cast("CardDict", schedule))


@dataclass(frozen=True)
class Outcome:
    rating: Rating
    card: Card
    log: ReviewLog

    @property
    def interval(self) -> timedelta:
        return self.card.due - self.log.review_datetime

    @property
    def label(self) -> str:
        return interval_label(self.interval)


def outcomes(scheduler: Scheduler, card: Card, now: datetime) -> dict[Rating, Outcome]:
    """What each of Again, Hard, Good and Easy would do to `card` at `now`."""
    results = {}
    for rating in Rating:
        reviewed, log = scheduler.review_card(card, rating, review_datetime=now)
        results[rating] = Outcome(rating, reviewed, log)
    return results


def interval_label(interval: timedelta) -> str:
    """Anki's short form: 1m, 6m, 3h, 4d, 1.3mo, 2.1y."""
    minutes = interval.total_seconds() / 60
    if minutes < 60:
        return f"{max(1, round(minutes))}m"
    if minutes < 24 * 60:
        return f"{round(minutes / 60)}h"
    days = minutes / (24 * 60)
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def commit(store: Store, card_id: str, before: Card | None, outcome: Outcome) -> int:
    """Save the chosen outcome; `before` is None for a card seen for the first time."""
    return store.cards.record_review(
        card_id,
        outcome.card.to_dict(),
        outcome.log.to_dict(),
        before.to_dict() if before is not None else None,
    )


def rate_card(store: Store, card_id: str, rating: int, now: datetime | None = None) -> Outcome:
    """Review `card_id` once with `rating` (1 Again .. 4 Easy), e.g. a self-rated answer."""
    now = now or utc_now()
    schedule = store.cards.schedule(card_id)
    card = fsrs_card(card_id, schedule, now)
    reviewed, log = scheduler_for(store).review_card(card, Rating(rating), review_datetime=now)
    outcome = Outcome(Rating(rating), reviewed, log)
    commit(store, card_id, card if schedule is not None else None, outcome)
    return outcome
