"""tutor.lessons: see docs/architecture.md."""
