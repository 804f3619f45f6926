"""Flashcards: the deck (`cards.toml` files plus cards added at run time), FSRS scheduling, stats.

Other features call `store.cards.add_card(...)` and `rate_card(store, card_id, rating)`; see
docs/architecture.md ("Flashcards").
"""

from tutor.cards.deck import Flashcard, load_deck, validate_lesson_dir
from tutor.cards.schedule import rate_card

__all__ = ["Flashcard", "load_deck", "rate_card", "validate_lesson_dir"]
