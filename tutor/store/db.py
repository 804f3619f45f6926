"""The one place that opens the progress database.

Each feature keeps its tables in its own module (`progress`, `cards`, ...) with a list of
migrations; `schema_versions` records how far each has been applied, so features migrate
independently. Every write is its own short transaction in WAL mode, so a killed app loses at
most the write in flight and the file stays intact.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DB_NAME = "progress.sqlite3"

_BASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_versions (
    feature TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
"""


class StoreError(Exception):
    """The database could not be used; the message says what happened and what was done."""


class NewerSchemaError(StoreError):
    """The file was written by a newer tutor: kept as it is, never moved aside as corrupt."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Database:
    """One SQLite connection shared by the UI and its worker threads; a lock serialises use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(_BASE_SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def migrate(self, feature: str, migrations: Sequence[str]) -> None:
        """Apply the migrations of `feature` that this file has not seen yet, each atomically."""
        row = self.query("SELECT version FROM schema_versions WHERE feature = ?", (feature,))
        done = row[0]["version"] if row else 0
        if done > len(migrations):
            raise NewerSchemaError(
                f"{self.path} was written by a newer tutor ({feature} schema v{done}, "
                f"this version knows v{len(migrations)}); upgrade tutor to open it"
            )
        for version, script in enumerate(migrations[done:], start=done + 1):
            with self.transaction() as conn:
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_versions(feature, version) VALUES (?, ?) "
                    "ON CONFLICT(feature) DO UPDATE SET version = excluded.version",
                    (feature, version),
                )

    def integrity_ok(self) -> bool:
        return self.query("PRAGMA integrity_check")[0][0] == "ok"

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def open_database(
    path: Path, features: Sequence[tuple[str, Sequence[str]]]
) -> tuple[Database, str | None]:
    """Open (or create) the database; a corrupt or unreadable file is moved aside, not lost.

    Returns the database and, when the old file had to be set aside, a message for the learner.
    """
    try:
        db = _open_checked(path, features)
        return db, None
    except NewerSchemaError:
        raise
    except (sqlite3.DatabaseError, StoreError) as error:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(path) + suffix)
            if part.exists():
                part.rename(Path(str(aside) + suffix))
        db = _open_checked(path, features)
        return db, (
            f"Your progress file could not be read ({error}). It was moved to {aside.name} "
            "and tutor started with fresh progress."
        )


def _open_checked(path: Path, features: Sequence[tuple[str, Sequence[str]]]) -> Database:
    db = Database(path)
    try:
        if not db.integrity_ok():
            raise StoreError("the integrity check failed")
        for feature, migrations in features:
            db.migrate(feature, migrations)
    except BaseException:
        db.close()
        raise
    return db
