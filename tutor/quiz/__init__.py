"""tutor.quiz: see docs/architecture.md."""
