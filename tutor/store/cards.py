"""Flashcard schedules and review history, and the cards other features add at run time.

A card's schedule is FSRS's own `Card.to_dict()` as JSON; `tutor.cards` does the scheduling, the
store only keeps it. Each review writes the new schedule and its log in one transaction, with the
schedule it replaced, so a review can be undone exactly and a killed app loses at most the review
it was writing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tutor.store.db import Database, inserted_id, utc_now

MIGRATIONS = [
    """
    CREATE TABLE card_added (
        card_id TEXT PRIMARY KEY,
        front TEXT NOT NULL,
        back TEXT NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        lesson_id TEXT,
        due_soon INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE card_schedule (
        card_id TEXT PRIMARY KEY,
        fsrs TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE card_review (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        card_id TEXT NOT NULL,
        rating INTEGER NOT NULL,
        reviewed_at TEXT NOT NULL,
        state_before INTEGER,
        previous TEXT,
        log TEXT NOT NULL
    );
    CREATE INDEX card_review_card ON card_review(card_id);
    """,
    "CREATE INDEX card_review_time ON card_review(reviewed_at);",
]


@dataclass(frozen=True)
class AddedCard:
    card_id: str
    front: str
    back: str
    code: str
    tags: tuple[str, ...]
    source: str
    lesson_id: str | None
    due_soon: bool


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    card_id: str
    rating: int
    reviewed_at: str  # UTC ISO-8601, as fsrs wrote it
    state_before: int | None  # fsrs State before the review; None when the card was new


class Cards:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add_card(
        self,
        card_id: str,
        front: str,
        back: str,
        *,
        source: str,
        lesson_id: str | None = None,
        code: str = "",
        tags: Iterable[str] = (),
        due_soon: bool = True,
    ) -> None:
        """Add or update a card; its review history stays. `due_soon` puts it in front now."""
        now = utc_now()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO card_added(card_id, front, back, code, tags, source, lesson_id, "
                "due_soon, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(card_id) DO UPDATE SET front = excluded.front, back = excluded.back, "
                "code = excluded.code, tags = excluded.tags, source = excluded.source, "
                "lesson_id = excluded.lesson_id, due_soon = excluded.due_soon",
                (
                    card_id,
                    front,
                    back,
                    code or "",
                    json.dumps(list(tags)),
                    source,
                    lesson_id,
                    int(due_soon),
                    now,
                ),
            )
            if due_soon:
                row = conn.execute(
                    "SELECT fsrs FROM card_schedule WHERE card_id = ?", (card_id,)
                ).fetchone()
                if row is not None:
                    schedule = json.loads(row["fsrs"])
                    schedule["due"] = min(schedule["due"], now, key=datetime.fromisoformat)
                    conn.execute(
                        "UPDATE card_schedule SET fsrs = ?, updated_at = ? WHERE card_id = ?",
                        (json.dumps(schedule), now, card_id),
                    )

    def added_cards(self) -> list[AddedCard]:
        rows = self.db.query("SELECT * FROM card_added ORDER BY rowid")
        return [
            AddedCard(
                card_id=row["card_id"],
                front=row["front"],
                back=row["back"],
                code=row["code"],
                tags=tuple(json.loads(row["tags"])),
                source=row["source"],
                lesson_id=row["lesson_id"],
                due_soon=bool(row["due_soon"]),
            )
            for row in rows
        ]

    def schedules(self) -> dict[str, dict[str, Any]]:
        """Every reviewed card's FSRS state (`fsrs.Card.to_dict()`), by card id."""
        rows = self.db.query("SELECT card_id, fsrs FROM card_schedule")
        return {row["card_id"]: json.loads(row["fsrs"]) for row in rows}

    def schedule(self, card_id: str) -> dict[str, Any] | None:
        rows = self.db.query("SELECT fsrs FROM card_schedule WHERE card_id = ?", (card_id,))
        return json.loads(rows[0]["fsrs"]) if rows else None

    def record_review(
        self,
        card_id: str,
        schedule: Mapping[str, Any],
        log: Mapping[str, Any],
        previous: Mapping[str, Any] | None,
    ) -> int:
        """Save one review (the new schedule, its log, the schedule it replaced) atomically."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO card_schedule(card_id, fsrs, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(card_id) DO UPDATE SET fsrs = excluded.fsrs, "
                "updated_at = excluded.updated_at",
                (card_id, json.dumps(schedule), utc_now()),
            )
            cursor = conn.execute(
                "INSERT INTO card_review(card_id, rating, reviewed_at, state_before, previous, "
                "log) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    log["rating"],
                    log["review_datetime"],
                    previous["state"] if previous else None,
                    json.dumps(previous) if previous else None,
                    json.dumps(log),
                ),
            )
            return inserted_id(cursor)

    def undo_review(self, review_id: int) -> str | None:
        """Undo review `review_id` if it is its card's latest: the old schedule comes back.

        Returns the card id, or None when there is nothing to undo.
        """
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT r.card_id, r.previous FROM card_review AS r WHERE r.id = ? AND r.id = "
                "(SELECT MAX(id) FROM card_review WHERE card_id = r.card_id)",
                (review_id,),
            ).fetchone()
            if row is None:
                return None
            if row["previous"] is None:
                conn.execute("DELETE FROM card_schedule WHERE card_id = ?", (row["card_id"],))
            else:
                conn.execute(
                    "UPDATE card_schedule SET fsrs = ?, updated_at = ? WHERE card_id = ?",
                    (row["previous"], utc_now(), row["card_id"]),
                )
            conn.execute("DELETE FROM card_review WHERE id = ?", (review_id,))
            return str(row["card_id"])

    def reviews(self, since: str | None = None) -> list[ReviewRecord]:
        """Reviews in the order they were made, optionally only those at or after `since`.

        `since` is UTC ISO-8601 like the stored times, which then compare correctly as text.
        """
        rows = self.db.query(
            "SELECT id, card_id, rating, reviewed_at, state_before FROM card_review "
            "WHERE reviewed_at >= ? ORDER BY id",
            (since or "",),
        )
        return [
            ReviewRecord(
                row["id"], row["card_id"], row["rating"], row["reviewed_at"], row["state_before"]
            )
            for row in rows
        ]
