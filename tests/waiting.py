"""The one way a test waits: until a condition holds.

The deadline is a guard against a hang, never a timing under test: a test that needs something to
have happened waits for it here instead of sleeping a guessed number of seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

GUARD_SECONDS = 60.0
STEP_SECONDS = 0.02


def pauses(condition: Callable[[], object], seconds: float = GUARD_SECONDS) -> Iterator[float]:
    """How long to pause, again and again, until `condition()` holds; AssertionError once
    `seconds` have passed without it."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"the condition did not hold within {seconds:g} s")
        yield STEP_SECONDS


def wait_until(condition: Callable[[], object], seconds: float = GUARD_SECONDS) -> None:
    """Block this thread until `condition()` holds (other threads or processes make it so)."""
    for pause in pauses(condition, seconds):
        time.sleep(pause)


async def until(pilot, condition: Callable[[], object], seconds: float = GUARD_SECONDS) -> None:
    """Let a Textual app under test run until `condition()` holds."""
    for pause in pauses(condition, seconds):
        await pilot.pause(pause)
