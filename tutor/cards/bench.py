"""How long a rating takes with a year of history: `python -m tutor.cards.bench`.

A key press in the review screen computes the next queue (counts and card) and, on a rating, the
four outcomes and one transaction. This times both on a temporary store holding the course's
deck plus `--cards` extra cards and `--reviews` past reviews.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import timedelta
from pathlib import Path

from fsrs import Rating

from tutor.bench import best_time
from tutor.cards.deck import Flashcard, course_cards
from tutor.cards.schedule import set_new_per_day, utc_now
from tutor.cards.session import ReviewSession
from tutor.store import Store


def main(cards: int = 200, reviews: int = 20_000, repeats: int = 20) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder))
        deck = course_cards() + [
            Flashcard(f"extra-{n}", f"front {n}", f"back {n}") for n in range(cards)
        ]
        set_new_per_day(store, len(deck))
        now = [utc_now() - timedelta(days=365)]
        session = ReviewSession(store, deck, all_lessons=True, clock=lambda: now[0])
        for n in range(reviews):
            card = session.next_card()
            if card is None:
                now[0] += timedelta(hours=6)
                continue
            session.answer(card, session.outcomes(card)[Rating(n % 4 + 1)])
            now[0] += timedelta(minutes=20)
        now[0] = utc_now()
        queue = best_time(session.queue, repeats)

        def rate_and_undo() -> None:
            card = session.next_card() or deck[0]
            session.answer(card, session.outcomes(card)[Rating.Good])
            session.undo()

        rating = best_time(rate_and_undo, repeats)
        logged = len(store.cards.reviews())
        store.close()
    print(f"deck {len(deck)} cards, {logged} reviews in the store")
    print(f"next queue (counts + card): {queue * 1000:.1f} ms")
    print(f"rate + save + undo + next:  {rating * 1000:.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--reviews", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    main(args.cards, args.reviews, args.repeats)
