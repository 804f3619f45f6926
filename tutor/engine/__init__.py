"""tutor.engine: see docs/architecture.md."""
