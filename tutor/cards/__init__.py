"""Flashcards: the deck (`cards.toml` files plus cards added at run time), FSRS scheduling, stats.

Other features call `store.cards.add_card(...)` and `rate_card(store, card_id, rating)`; see
docs/architecture.md ("Flashcards").
"""

from __future__ import annotations

import importlib
from typing import Any

# Exported lazily: `python -m tutor` imports `tutor.cards.cli` to build its parser, and the
# first screen must not wait for fsrs and the deck loader.
_EXPORTS = {
    "Flashcard": "tutor.cards.deck",
    "load_deck": "tutor.cards.deck",
    "validate_lesson_dir": "tutor.cards.deck",
    "rate_card": "tutor.cards.schedule",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tutor.cards' has no attribute {name!r}")
