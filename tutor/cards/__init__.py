"""tutor.cards: see docs/architecture.md."""
