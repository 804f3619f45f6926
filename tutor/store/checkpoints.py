"""Checkpoint attempts: every try at a lesson's quiz, its answers, and the best score."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tutor.store.db import Database, inserted_id, utc_now

MIGRATIONS = [
    """
    CREATE TABLE checkpoint_attempt (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        lesson_id TEXT NOT NULL,
        score REAL NOT NULL,
        passed INTEGER NOT NULL,
        answers TEXT NOT NULL,
        finished_at TEXT NOT NULL
    );
    CREATE INDEX checkpoint_attempt_lesson ON checkpoint_attempt(lesson_id, score);
    """,
]


@dataclass(frozen=True)
class Attempt:
    id: int
    lesson_id: str
    score: float  # 0..1
    passed: bool
    answers: list[dict[str, Any]]  # per question: id, type, prompt, answer, correct, score
    finished_at: str  # UTC ISO-8601

    @property
    def percent(self) -> int:
        return round(self.score * 100)


class Checkpoints:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self, lesson_id: str, score: float, passed: bool, answers: Sequence[dict[str, Any]]
    ) -> Attempt:
        now = utc_now()
        cursor = self.db.execute(
            "INSERT INTO checkpoint_attempt(lesson_id, score, passed, answers, finished_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (lesson_id, score, int(passed), json.dumps(list(answers)), now),
        )
        return Attempt(inserted_id(cursor), lesson_id, score, passed, list(answers), now)

    def attempts(self, lesson_id: str) -> list[Attempt]:
        """Every attempt at the lesson's checkpoint, oldest first."""
        rows = self.db.query(
            "SELECT * FROM checkpoint_attempt WHERE lesson_id = ? ORDER BY id", (lesson_id,)
        )
        return [_attempt(row) for row in rows]

    def best(self, lesson_id: str) -> Attempt | None:
        """The highest-scoring attempt (the earliest of equals), or None before any."""
        rows = self.db.query(
            "SELECT * FROM checkpoint_attempt WHERE lesson_id = ? ORDER BY score DESC, id LIMIT 1",
            (lesson_id,),
        )
        return _attempt(rows[0]) if rows else None

    def best_scores(self) -> dict[str, Attempt]:
        """The best attempt of every lesson tried, for the home screen."""
        rows = self.db.query(
            "SELECT * FROM checkpoint_attempt AS a WHERE a.id = (SELECT b.id FROM "
            "checkpoint_attempt AS b WHERE b.lesson_id = a.lesson_id ORDER BY b.score DESC, b.id "
            "LIMIT 1)"
        )
        return {row["lesson_id"]: _attempt(row) for row in rows}


def _attempt(row: sqlite3.Row) -> Attempt:
    return Attempt(
        id=row["id"],
        lesson_id=row["lesson_id"],
        score=row["score"],
        passed=bool(row["passed"]),
        answers=json.loads(row["answers"]),
        finished_at=row["finished_at"],
    )
