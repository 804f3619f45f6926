"""Reviews last: across a restart, and through a SIGKILL in the middle of a session."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from fsrs import Rating

from tests.cards.conftest import make_deck
from tutor.cards.session import ReviewSession
from tutor.store import DB_NAME, Store


def test_a_review_survives_closing_and_reopening_the_store(data_dir, clock):
    store = Store.open(data_dir)
    session = ReviewSession(store, make_deck(3), all_lessons=True, clock=clock)
    card = session.next_card()
    outcome = session.outcomes(card)[Rating.Good]
    session.answer(card, outcome)
    counts = session.counts()
    store.close()

    reopened = Store.open(data_dir)
    try:
        assert reopened.cards.schedule(card.id) == outcome.card.to_dict()
        [review] = reopened.cards.reviews()
        assert (review.card_id, review.rating) == (card.id, Rating.Good)
        again = ReviewSession(reopened, make_deck(3), all_lessons=True, clock=clock)
        assert again.counts() == counts
    finally:
        reopened.close()


CHILD = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from fsrs import Rating
    from tutor.cards.deck import Flashcard
    from tutor.cards.schedule import set_new_per_day
    from tutor.cards.session import ReviewSession
    from tutor.store import Store

    store = Store.open(sys.argv[1])
    set_new_per_day(store, 1000)
    now = [datetime(2026, 3, 2, 12, tzinfo=UTC)]
    deck = [Flashcard(f"c{n}", f"front {n}", f"back {n}", "dense") for n in range(40)]
    session = ReviewSession(store, deck, all_lessons=True, clock=lambda: now[0])
    reviewed = 0
    while True:
        card = session.next_card()
        if card is None:
            now[0] += timedelta(days=1)
            continue
        session.answer(card, session.outcomes(card)[Rating(reviewed % 4 + 1)])
        reviewed += 1
        print(reviewed, flush=True)
    """
)


def test_sigkill_mid_session_loses_at_most_the_review_in_flight(data_dir):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        reported = 0
        while reported < 60:
            line = child.stdout.readline()
            assert line, "the reviewing child stopped early"
            reported = int(line)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        # What it printed before dying: each line follows a committed review.
        reported = max([reported, *(int(line) for line in child.stdout.read().split())])
    finally:
        child.kill()
        child.stdout.close()

    raw = sqlite3.connect(data_dir / DB_NAME)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        raw.close()
    store = Store.open(data_dir)
    try:
        assert store.warning is None
        reviews = store.cards.reviews()
        # Every reported review is saved; at most the one in flight was not reported.
        assert reported <= len(reviews) <= reported + 1
        assert [review.id for review in reviews] == sorted(review.id for review in reviews)
        # Each saved schedule came with its log in the same transaction: no half-written review.
        assert set(store.cards.schedules()) == {review.card_id for review in reviews}
    finally:
        store.close()
