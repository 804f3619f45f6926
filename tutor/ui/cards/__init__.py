"""The Cards mode's screens: review, stats, and the lesson filter."""

from tutor.ui.cards.review import CardsScreen

__all__ = ["CardsScreen"]
