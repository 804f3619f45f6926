"""A store in the test's data directory, a small deck, and a clock the tests move by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tutor.cards.deck import Flashcard
from tutor.store import Store

# Noon UTC is the same calendar day in every time zone from UTC-11 to UTC+11.
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def store(data_dir):
    opened = Store.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def clock():
    return Clock()


def make_deck(count: int, lesson_id: str = "dense") -> list[Flashcard]:
    return [
        Flashcard(id=f"{lesson_id}-{n}", front=f"front {n}", back=f"back {n}", lesson_id=lesson_id)
        for n in range(count)
    ]
