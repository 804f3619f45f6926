"""Stats: reviews per day, true retention, cards by state, the week ahead."""

from __future__ import annotations

from datetime import timedelta

from fsrs import Rating

from tests.cards.conftest import T0, make_deck
from tutor.cards.session import ReviewSession
from tutor.cards.stats import HISTORY_DAYS, compute_stats, summary_lines


def rate(session, card, rating):
    outcome = session.outcomes(card)[rating]
    session.answer(card, outcome)
    return outcome.card.due


def test_true_retention_counts_only_reviews_of_cards_in_review(store, clock):
    deck = make_deck(3)
    session = ReviewSession(store, deck, all_lessons=True, clock=clock, fuzz=False)
    first, second, _ = deck
    due_first = rate(session, first, Rating.Easy)  # new -> review: not counted
    due_second = rate(session, second, Rating.Easy)
    clock.now = max(due_first, due_second)
    rate(session, first, Rating.Good)  # remembered
    rate(session, second, Rating.Again)  # forgotten: relearning, back in 10 minutes

    stats = compute_stats(store, deck, now=clock.now)
    assert (stats.retention, stats.retention_reviews) == (0.5, 2)
    assert stats.by_state == {"new": 1, "learning": 0, "review": 1, "relearning": 1}
    assert stats.reviews_total == 4
    assert len(stats.reviews_per_day) == HISTORY_DAYS
    today = clock.now.astimezone().date()
    assert stats.reviews_per_day[-1] == (today, 2)
    assert dict(stats.reviews_per_day)[T0.astimezone().date()] == 2
    assert stats.due_next_week[0] == (today, 0)  # the relearning card is Learning, not Due
    assert [day for day, _ in stats.due_next_week] == [today + timedelta(days=n) for n in range(7)]
    assert "True retention: 50% of 2 reviews of cards in review (target 90%)" in summary_lines(
        stats
    )


def test_overdue_cards_count_as_due_today(store, clock):
    deck = make_deck(1)
    session = ReviewSession(store, deck, all_lessons=True, clock=clock, fuzz=False)
    due = rate(session, deck[0], Rating.Easy)
    later = due + timedelta(days=30)
    stats = compute_stats(store, deck, now=later)
    assert stats.due_next_week[0] == (later.astimezone().date(), 1)
    assert sum(count for _, count in stats.due_next_week) == 1


def test_stats_count_what_the_review_screen_counts(store, clock):
    """Issue 13, item 6: the header said "New 14 Learning 9 Due 0", stats "Due: today 9"."""
    deck = make_deck(30)
    session = ReviewSession(store, deck, all_lessons=True, clock=clock, fuzz=False)
    for card in deck[:9]:
        rate(session, card, Rating.Good)  # learning, back in minutes
    for card in deck[9:12]:
        rate(session, card, Rating.Easy)  # in review, due in days
    clock.advance(minutes=15)
    stats = compute_stats(store, deck, now=clock.now)
    counts = session.counts()
    assert stats.now == counts
    assert (counts.learning, counts.due) == (9, 0)
    assert stats.due_next_week[0][1] == counts.due  # no learning card counted as due today
    assert sum(count for _, count in stats.due_next_week) <= 3
    lines = summary_lines(stats)
    assert lines[0] == "Now, as on the review screen:"
    assert lines[1] == f"  New {counts.new}: left for today (20 a day), of 18 never reviewed"
    assert lines[2].startswith("  Learning 9: ") and lines[3].startswith("  Due 0: ")
    assert "Cards by stage: 18 never reviewed" in "\n".join(lines)
