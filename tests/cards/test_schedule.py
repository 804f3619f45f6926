"""Scheduling goes through fsrs: the labels and saved states are exactly what fsrs computes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import Card, Rating, Scheduler, State

from tests.cards.conftest import T0, make_deck
from tutor.cards.schedule import (
    SettingError,
    fsrs_id,
    interval_label,
    rate_card,
    set_desired_retention,
    set_new_per_day,
)
from tutor.cards.session import ReviewSession


def fsrs_path(ratings_and_gaps, retention=0.9):
    """Review a fresh card directly with fsrs (no fuzz): the due intervals it gives."""
    scheduler = Scheduler(desired_retention=retention, enable_fuzzing=False)
    card, now, intervals = Card(card_id=1, due=T0), T0, []
    for rating, gap in ratings_and_gaps:
        now += gap
        card, _ = scheduler.review_card(card, rating, review_datetime=now)
        intervals.append(card.due - now)
    return intervals


def session_path(store, clock, ratings_and_gaps):
    session = ReviewSession(store, make_deck(1), all_lessons=True, clock=clock, fuzz=False)
    card = session.deck[0]
    intervals = []
    for rating, gap in ratings_and_gaps:
        clock.advance(seconds=gap.total_seconds())
        outcome = session.outcomes(card)[rating]
        session.answer(card, outcome)
        intervals.append(outcome.interval)
    return intervals


PATH = [
    (Rating.Good, timedelta(0)),
    (Rating.Good, timedelta(minutes=10)),
    (Rating.Good, timedelta(days=3)),
    (Rating.Again, timedelta(days=9)),
    (Rating.Good, timedelta(minutes=10)),
    (Rating.Easy, timedelta(days=2)),
]


def test_a_session_schedules_at_fixed_times_as_fsrs_does(store, clock):
    assert session_path(store, clock, PATH) == fsrs_path(PATH)
    saved = Card.from_dict(store.cards.schedule("dense-0"))
    assert saved.state == State.Review
    assert saved.last_review == clock.now


def test_new_card_outcomes_follow_fsrs_learning_steps(store, clock):
    session = ReviewSession(store, make_deck(1), all_lessons=True, clock=clock, fuzz=False)
    outcomes = session.outcomes(session.deck[0])
    scheduler = Scheduler(enable_fuzzing=False)
    for rating, outcome in outcomes.items():
        expected, _ = scheduler.review_card(Card(card_id=1, due=T0), rating, review_datetime=T0)
        assert outcome.card.due == expected.due
        assert outcome.label == interval_label(expected.due - T0)
    # fsrs's default learning steps are 1 and 10 minutes; Hard sits halfway.
    assert [outcomes[r].label for r in (Rating.Again, Rating.Hard, Rating.Good)] == [
        "1m",
        "6m",
        "10m",
    ]
    assert outcomes[Rating.Easy].interval >= timedelta(days=1)


def test_the_label_shown_is_what_is_saved_even_with_fuzz(store, clock):
    """fsrs fuzzes review intervals at random: the chosen outcome is saved, not recomputed."""
    session = ReviewSession(store, make_deck(1), all_lessons=True, clock=clock)
    card = session.deck[0]
    session.answer(card, session.outcomes(card)[Rating.Easy])
    clock.advance(days=30)
    for _ in range(5):
        outcome = session.outcomes(card)[Rating.Good]
        session.answer(card, outcome)
        assert store.cards.schedule(card.id) == outcome.card.to_dict()
        assert session.undo() == card


def test_lower_desired_retention_gives_longer_intervals(store, clock):
    path = [(Rating.Easy, timedelta(0))]
    at_90 = session_path(store, clock, path)[0]
    set_desired_retention(store, 0.8)
    session = ReviewSession(store, make_deck(1, "other"), all_lessons=True, clock=clock, fuzz=False)
    at_80 = session.outcomes(session.deck[0])[Rating.Easy].interval
    assert at_80 == fsrs_path(path, retention=0.8)[0]
    assert at_80 > at_90


@pytest.mark.parametrize("value", [0.5, 1.0])
def test_out_of_range_retention_is_refused_with_the_range(store, value):
    with pytest.raises(SettingError, match=r"between 0\.7 and 0\.99 \(got "):
        set_desired_retention(store, value)
    assert store.progress.setting("cards.desired_retention") is None


def test_negative_new_card_limit_is_refused(store):
    with pytest.raises(SettingError, match=r"new cards per day must be 0 or more \(got -1\)"):
        set_new_per_day(store, -1)


def test_rate_card_reviews_once_and_logs_it(store):
    store.cards.add_card("quiz:dense:q1", "Q", "A", source="quiz", lesson_id="dense")
    outcome = rate_card(store, "quiz:dense:q1", 3, now=T0)
    assert store.cards.schedule("quiz:dense:q1") == outcome.card.to_dict()
    [review] = store.cards.reviews()
    assert (review.card_id, review.rating, review.state_before) == ("quiz:dense:q1", 3, None)
    assert outcome.card.card_id == fsrs_id("quiz:dense:q1")


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=20), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=4), "4d"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=730), "2.0y"),
    ],
)
def test_interval_labels_read_like_anki(interval, label):
    assert interval_label(interval) == label
