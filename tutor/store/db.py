"""The one place that opens the progress database.

Each feature keeps its tables in its own module (`progress`, `cards`, ...) with a list of
migrations; `schema_versions` records how far each has been applied, so features migrate
independently. Every write is its own short transaction in WAL mode, so a killed app loses at
most the write in flight and the file stays intact.

Two kinds of failure are kept apart, because only one of them may touch the file. A *damaged*
file (SQLite says it is not a database or is malformed, or `PRAGMA quick_check` finds faults)
is moved aside and replaced by the newest good snapshot (`tutor.store.backups`). Everything else
(a full disk, a lock, permissions, an I/O error) says "not now": the learner gets one line naming
the file and what to do, and nothing is moved.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

DB_NAME = "progress.sqlite3"

# Seconds a connection waits for another one's lock before giving up with "locked": long at
# start-up (a second tutor may be migrating), short afterwards (the app's writes run on the UI
# thread, and another tutor's writes take milliseconds).
BUSY_TIMEOUT = 15.0
WRITE_TIMEOUT = 1.0

_BASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_versions (
    feature TEXT PRIMARY KEY,
    version INTEGER NOT NULL
)
"""

# SQLite's primary result codes: damage, then some of the ones that mean "not now".
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR, _SQLITE_FULL = 5, 6, 10, 13
# Free bytes under which a disk counts as full (SQLite needs room for a page and its -shm).
_FULL_BELOW = 64 * 1024
# What the learner can do about each "not now" code (SQLITE_PERM, BUSY, LOCKED, READONLY, ...).
_NOT_NOW = {
    3: "permission denied; give yourself write access to it or choose another folder with "
    "--data-dir",  # SQLITE_PERM
    5: "it is locked by another program (is tutor already running?); close that and try again",
    6: "it is locked by another program (is tutor already running?); close that and try again",
    8: "it is read-only; make it and its folder writable (chmod u+w) or choose another folder "
    "with --data-dir",  # SQLITE_READONLY
    10: "the disk reported an error (is it full, unplugged or read-only?); fix that and try "
    "again",  # SQLITE_IOERR
    13: "the disk is full; free some space and try again",  # SQLITE_FULL
    14: "it cannot be opened; check that its folder exists and is writable, or choose another "
    "folder with --data-dir",  # SQLITE_CANTOPEN
}


class _Read(Protocol):
    """A read for the migration checks: `Database.query`, or the same read on the connection of
    the migrating transaction (a plain `Callable` cannot say that `params` may be left out)."""

    def __call__(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]: ...


class StoreError(Exception):
    """The database could not be used; the one-line message says what happened and what to do."""


class NewerSchemaError(StoreError):
    """The file was written by a newer tutor: kept as it is, never moved aside as corrupt."""


class DamagedError(StoreError):
    """The file itself is damaged (not the disk, a lock or permissions): it may be replaced."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path} is damaged ({reason}); start tutor again to restore the newest snapshot"
        )
        self.reason = reason


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row the cursor's INSERT added; 0 from the empty cursor of a reported failure.
    (`lastrowid` is None only before a cursor's first execute.)"""
    return cursor.lastrowid or 0


def is_damage(error: sqlite3.Error) -> bool:
    """True when SQLite's error says the file is damaged, False when something stops us now."""
    code = getattr(error, "sqlite_errorcode", None)  # absent on errors of Python's own making
    return code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def explain(error: sqlite3.Error, path: Path, doing: str) -> StoreError:
    """The one-line StoreError for `error` met while `doing` ("open", "save to") `path`."""
    if is_damage(error):
        return DamagedError(path, str(error))
    code = getattr(error, "sqlite_errorcode", None)
    advice = _NOT_NOW.get(code & 0xFF) if code is not None else None
    if advice is None:
        advice = f"{error}; try again, and run `python -m tutor doctor` if it persists"
    if advice in (_NOT_NOW[_SQLITE_IOERR], _NOT_NOW[_SQLITE_FULL]) and _disk_full(path):
        advice = _NOT_NOW[_SQLITE_FULL]  # SQLite reports a full disk as I/O on the -shm file
    return StoreError(f"could not {doing} {path}: {advice}")


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < _FULL_BELOW
    except OSError:
        return False


class Database:
    """One SQLite connection shared by the UI and its worker threads; a lock serialises use.

    Every SQLite error leaves as a one-line `StoreError` (a `DamagedError` when the file is
    damaged), so callers never see `sqlite3` exceptions.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._report: Callable[[StoreError], None] | None = None
        # Stand-ins for writes that failed and were reported (see `report_write_errors`).
        self._empty = sqlite3.connect(":memory:", check_same_thread=False)
        self._nowhere = sqlite3.connect(":memory:", check_same_thread=False)
        self._nowhere.close()
        try:
            self._conn = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT
            )
        except sqlite3.Error as error:
            raise explain(error, path, "open") from error
        self._conn.row_factory = sqlite3.Row
        try:
            self._enter_wal_mode()
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as error:
            self._conn.close()
            raise explain(error, path, "open") from error

    def _enter_wal_mode(self) -> None:
        """Switch a new file to WAL; retried, because SQLite answers "locked" at once (without
        waiting) when another tutor is switching the same fresh file at the same moment."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                code = getattr(error, "sqlite_errorcode", 5) & 0xFF
                if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def report_write_errors(self, report: Callable[[StoreError], None] | None) -> None:
        """Hand failed writes to `report` (one line) and drop them, instead of raising.

        The app's choice: a full disk or a lock must not stop a lesson, and the learner is told
        each time. Headless commands leave it unset and get the StoreError (exit 2).
        """
        self._report = report

    def _failed(self, error: sqlite3.Error) -> None:
        failure = explain(error, self.path, "save to")
        if self._report is None:
            raise failure from error
        self._report(failure)

    @contextmanager
    def transaction(self, exclusive: bool = False) -> Iterator[sqlite3.Connection]:
        """One atomic write; `exclusive` also keeps other connections from starting one."""
        with self._lock:
            try:
                self._conn.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                self._failed(error)
                # a closed connection: the body's first statement fails and nothing is written
                with suppress(sqlite3.ProgrammingError):
                    yield self._nowhere
                return
            try:
                yield self._conn
            except sqlite3.Error as error:
                self._rollback()
                self._failed(error)
                return
            except BaseException:
                self._rollback()
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                self._failed(error)

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """One write on its own; when it fails and is reported, an empty cursor comes back."""
        with self._lock:
            try:
                return self._conn.execute(sql, params)
            except sqlite3.Error as error:
                self._failed(error)
                return self._empty.execute("SELECT NULL WHERE 0")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise explain(error, self.path, "read") from error

    def migrate(self, features: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Bring every feature's tables up to date, one tutor at a time.

        Versions only grow, so a plain read that finds everything current is the answer. Else
        the check is repeated inside an exclusive transaction: a second tutor starting at the
        same moment waits for the lock, then finds the work done and changes nothing.
        """
        if self._current(features, self.query):
            return
        with self.transaction(exclusive=True) as conn:

            def read(sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
                return conn.execute(sql, params).fetchall()

            conn.execute(_BASE_SCHEMA)
            for feature, migrations in features:
                done = self._version(feature, migrations, read)
                for version, script in enumerate(migrations[done:], start=done + 1):
                    for statement in _statements(script):
                        conn.execute(statement)
                    conn.execute(
                        "INSERT INTO schema_versions(feature, version) VALUES (?, ?) "
                        "ON CONFLICT(feature) DO UPDATE SET version = excluded.version",
                        (feature, version),
                    )

    def _current(self, features: Sequence[tuple[str, Sequence[str]]], read: _Read) -> bool:
        tables = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'"
        if not read(tables):
            return False
        return all(
            self._version(feature, migrations, read) == len(migrations)
            for feature, migrations in features
        )

    def _version(self, feature: str, migrations: Sequence[str], read: _Read) -> int:
        row = read("SELECT version FROM schema_versions WHERE feature = ?", (feature,))
        done = row[0]["version"] if row else 0
        if done > len(migrations):
            raise NewerSchemaError(
                f"{self.path} was written by a newer tutor ({feature} schema v{done}, "
                f"this version knows v{len(migrations)}); upgrade tutor to open it"
            )
        return done

    def quick_check(self) -> str:
        """'ok', or what SQLite's quick check found wrong (a damaged file raises DamagedError)."""
        rows = self.query("PRAGMA quick_check")
        return "; ".join(str(row[0]) for row in rows[:3])

    def backup_to(self, target: sqlite3.Connection) -> None:
        """Copy the whole database into `target` with SQLite's online backup (safe while used)."""
        with self._lock:
            try:
                self._conn.backup(target)
            except sqlite3.Error as error:
                raise explain(error, self.path, "read") from error

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            self._empty.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def prepare_folder(folder: Path) -> None:
    """Create the data directory, or say in one line why it cannot hold the database."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(
            f"the data directory {folder} is a file, not a folder; move that file away or "
            "choose another folder with --data-dir"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"could not create the data directory {folder}: {error.strerror or error}; "
            "choose another folder with --data-dir"
        ) from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"cannot write in the data directory {folder}: permission denied; give yourself "
            "write access to it or choose another folder with --data-dir"
        )


def open_checked(path: Path, features: Sequence[tuple[str, Sequence[str]]]) -> Database:
    """Open the file, raise DamagedError if the quick check fails, then migrate it."""
    db = Database(path)
    try:
        found = db.quick_check()
        if found != "ok":
            raise DamagedError(path, f"the quick check found: {found}")
        db.migrate(features)
        db.execute(f"PRAGMA busy_timeout = {int(WRITE_TIMEOUT * 1000)}")
    except BaseException:
        db.close()
        raise
    return db
