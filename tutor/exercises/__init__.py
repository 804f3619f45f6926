"""tutor.exercises: see docs/architecture.md."""
