"""tutor.sandbox: see docs/architecture.md."""
