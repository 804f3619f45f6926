"""A sandbox session's state, in a module of its own so that the UI can name the states
without importing the session (and NumPy with it) at startup."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """Where a session is. A `StrEnum`, so that its value reads as the word in messages."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    DONE = "done"
    FAILED = "failed"

    @property
    def training(self) -> bool:
        """Whether a `train` call is under way (running, or waiting while paused)."""
        return self in (State.RUNNING, State.PAUSED)
