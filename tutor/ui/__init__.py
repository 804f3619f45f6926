"""tutor.ui: see docs/architecture.md."""
