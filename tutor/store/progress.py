"""Lesson progress, the learner's cell edits, and app settings (theme, last place)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal, overload

from tutor.store.db import Database, utc_now

MIGRATIONS = [
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE lesson_progress (
        lesson_id TEXT PRIMARY KEY,
        step INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE cell_edits (
        lesson_id TEXT NOT NULL,
        cell_id TEXT NOT NULL,
        code TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (lesson_id, cell_id)
    );
    """,
]


@dataclass(frozen=True)
class LessonProgress:
    lesson_id: str
    step: int
    done: bool

    @property
    def state(self) -> Literal["done", "in progress"]:
        return "done" if self.done else "in progress"


class Progress:
    def __init__(self, db: Database) -> None:
        self.db = db

    @overload
    def setting(self, key: str, default: str) -> str: ...
    @overload
    def setting(self, key: str, default: None = None) -> str | None: ...
    def setting(self, key: str, default: str | None = None) -> str | None:
        rows = self.db.query("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def lesson(self, lesson_id: str) -> LessonProgress | None:
        rows = self.db.query(
            "SELECT lesson_id, step, done FROM lesson_progress WHERE lesson_id = ?", (lesson_id,)
        )
        return _progress(rows[0]) if rows else None

    def all_lessons(self) -> dict[str, LessonProgress]:
        rows = self.db.query("SELECT lesson_id, step, done FROM lesson_progress")
        return {row["lesson_id"]: _progress(row) for row in rows}

    def reach_step(self, lesson_id: str, step: int) -> None:
        """Record that the learner is at `step`; also where "continue" will take them."""
        now = utc_now()
        self.db.execute(
            "INSERT INTO lesson_progress(lesson_id, step, done, updated_at) VALUES (?, ?, 0, ?) "
            "ON CONFLICT(lesson_id) DO UPDATE SET step = excluded.step, "
            "updated_at = excluded.updated_at",
            (lesson_id, step, now),
        )
        self.set_setting("last_lesson", lesson_id)

    def complete(self, lesson_id: str) -> None:
        self.db.execute(
            "INSERT INTO lesson_progress(lesson_id, step, done, updated_at) VALUES (?, 0, 1, ?) "
            "ON CONFLICT(lesson_id) DO UPDATE SET done = 1, updated_at = excluded.updated_at",
            (lesson_id, utc_now()),
        )

    def last_lesson(self) -> str | None:
        return self.setting("last_lesson")

    def cell_code(self, lesson_id: str, cell_id: str) -> str | None:
        rows = self.db.query(
            "SELECT code FROM cell_edits WHERE lesson_id = ? AND cell_id = ?", (lesson_id, cell_id)
        )
        return rows[0]["code"] if rows else None

    def save_cell_code(self, lesson_id: str, cell_id: str, code: str) -> None:
        self.db.execute(
            "INSERT INTO cell_edits(lesson_id, cell_id, code, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(lesson_id, cell_id) DO UPDATE SET code = excluded.code, "
            "updated_at = excluded.updated_at",
            (lesson_id, cell_id, code, utc_now()),
        )

    def reset_cell_code(self, lesson_id: str, cell_id: str) -> None:
        self.db.execute(
            "DELETE FROM cell_edits WHERE lesson_id = ? AND cell_id = ?", (lesson_id, cell_id)
        )


def _progress(row: sqlite3.Row) -> LessonProgress:
    return LessonProgress(row["lesson_id"], row["step"], bool(row["done"]))
