"""Snapshots of the progress file, and what happens when the file is damaged.

A snapshot is taken at start-up when none was taken today (`backups/progress-YYYY-MM-DD.sqlite3`,
local date), with SQLite's online backup API, and counts only once its own quick check passes;
the newest seven are kept. A damaged file is moved aside under a name no other aside can have,
and the newest snapshot that still passes its check takes its place. Asides are never deleted by
tutor: `python -m tutor doctor` lists them.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from tutor.store.db import (
    DB_NAME,
    DamagedError,
    Database,
    StoreError,
    explain,
    is_damage,
    open_checked,
    prepare_folder,
)

BACKUP_DIR = "backups"
KEEP_SNAPSHOTS = 7
ASIDE_LABELS = ("corrupt", "replaced")
_SNAPSHOT_NAME = re.compile(r"^progress-(\d{4}-\d{2}-\d{2})\.sqlite3$")
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class Snapshot:
    path: Path
    day: date


def taken(path: Path) -> str:
    """When a snapshot was written, local time to the minute (its modification time)."""
    return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


def open_database(
    path: Path, features: Sequence[tuple[str, Sequence[str]]], today: date | None = None
) -> tuple[Database, str | None]:
    """Open (or create) the database, repairing a damaged file from the newest good snapshot.

    Returns the database and, when something needs saying (a file restored or set aside, a
    snapshot that could not be written), one message for the learner. Anything that stops us
    now without the file being damaged raises a one-line StoreError and moves nothing.
    """
    prepare_folder(path.parent)
    warning: str | None = None
    try:
        db = open_checked(path, features)
    except DamagedError as damage:
        db, warning = _recover(path, features, damage)
    snapshot_problem = take_snapshot_if_due(db, today or date.today())
    return db, warning or snapshot_problem


def snapshots(folder: Path) -> list[Snapshot]:
    """The snapshots in the data directory `folder`, newest first."""
    found = []
    backup_dir = folder / BACKUP_DIR
    if backup_dir.is_dir():
        for entry in backup_dir.iterdir():
            match = _SNAPSHOT_NAME.match(entry.name)
            if match and entry.is_file():
                found.append(Snapshot(entry, date.fromisoformat(match.group(1))))
    return sorted(found, key=lambda snapshot: snapshot.day, reverse=True)


def asides(folder: Path) -> list[Path]:
    """Files set aside (damaged, or replaced by a restore), oldest first; never deleted."""
    if not folder.is_dir():
        return []
    marks = tuple(f"{DB_NAME}.{label}-" for label in ASIDE_LABELS)
    return sorted(
        entry
        for entry in folder.iterdir()
        if entry.name.startswith(marks) and not entry.name.endswith(_SIDE_FILES)
    )


def check_file(path: Path) -> str:
    """'ok', or why the SQLite file at `path` is not a healthy database (opened read-only)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return str(explain(error, path, "open"))
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        return "; ".join(str(row[0]) for row in rows[:3])
    except sqlite3.Error as error:
        return str(error)
    finally:
        conn.close()


def in_use(path: Path) -> bool:
    """True when another connection (a running tutor) has the database open.

    Every open WAL connection holds a shared lock on the file, so asking for SQLite's exclusive
    locking mode without waiting fails exactly while another one is open.
    """
    if not path.exists():
        return False
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        return not is_damage(error)
    except sqlite3.DatabaseError:
        return False  # damaged: nobody can be using it
    finally:
        conn.close()
    return False


def take_snapshot_if_due(db: Database, today: date) -> str | None:
    """Today's snapshot if there is none yet, then keep the newest seven.

    Returns None, or one line saying why the snapshot could not be written (the progress file
    itself is untouched; a full disk is the usual cause).
    """
    folder = db.path.parent
    existing = snapshots(folder)
    if existing and existing[0].day >= today:
        return None
    target = folder / BACKUP_DIR / f"progress-{today.isoformat()}.sqlite3"
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(exist_ok=True)
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            db.backup_to(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            found = "; ".join(str(row[0]) for row in copy.execute("PRAGMA quick_check"))
        finally:
            copy.close()
        if found != "ok":
            raise StoreError(f"the copy failed its check ({found})")
        os.replace(partial, target)
    except (OSError, sqlite3.Error, StoreError) as error:
        partial.unlink(missing_ok=True)
        reason = error.strerror if isinstance(error, OSError) else str(error)
        return (
            f"Today's snapshot of your progress could not be written to {target.parent} "
            f"({reason}); your progress file itself is untouched."
        )
    for old in snapshots(folder)[KEEP_SNAPSHOTS:]:
        old.path.unlink(missing_ok=True)
    return None


def move_aside(path: Path, label: str) -> Path:
    """Rename `path` (and its -wal/-shm) to `<name>.<label>-<UTC time to the microsecond>`.

    A hard link claims the new name atomically (it fails if the name exists), so two asides in
    the same microsecond, even from two processes, get different names; where hard links are
    not supported the name is checked first.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    counter = 0
    while True:
        aside = path.with_name(f"{path.name}.{label}-{stamp}" + (f"-{counter}" if counter else ""))
        counter += 1
        if not path.exists():
            break
        try:
            os.link(path, aside)
        except FileExistsError:
            continue
        except OSError:
            if aside.exists() or any(Path(f"{aside}{s}").exists() for s in _SIDE_FILES):
                continue
            os.rename(path, aside)
        else:
            path.unlink()
        break
    for suffix in _SIDE_FILES:
        part = Path(f"{path}{suffix}")
        if part.exists():
            os.rename(part, Path(f"{aside}{suffix}"))
    return aside


def restore_snapshot(snapshot: Path, path: Path, aside_label: str = "replaced") -> Path | None:
    """Make `path` a copy of `snapshot`; the file it replaces is moved aside, never deleted.

    The copy is written and checked next to `path` before anything is moved, so a full disk or
    a damaged snapshot leaves everything as it was (StoreError). Returns the aside, if any.
    """
    partial = path.with_name(f".{path.name}.{os.getpid()}.restoring")
    try:
        source = sqlite3.connect(f"{snapshot.resolve().as_uri()}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(partial, isolation_level=None)
            try:
                source.backup(copy)
                found = "; ".join(str(row[0]) for row in copy.execute("PRAGMA quick_check"))
            finally:
                copy.close()
        finally:
            source.close()
        if found != "ok":
            raise DamagedError(snapshot, found)
        aside = move_aside(path, aside_label) if path.exists() else None
        os.replace(partial, path)
    except sqlite3.Error as error:
        raise explain(error, snapshot, "restore") from error
    except OSError as error:
        raise StoreError(
            f"could not restore {snapshot} to {path}: {error.strerror or error}; nothing was moved"
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return aside


def _recover(
    path: Path, features: Sequence[tuple[str, Sequence[str]]], damage: DamagedError
) -> tuple[Database, str]:
    """Replace the damaged file by the newest snapshot that passes its check, else start fresh."""
    for snapshot in snapshots(path.parent):
        if check_file(snapshot.path) != "ok":
            continue
        try:
            aside = restore_snapshot(snapshot.path, path, "corrupt")
        except DamagedError:
            continue
        db = open_checked(path, features)
        moved = f"It was moved to {aside.name}" if aside else "It was missing"
        return db, (
            f"Your progress file was damaged ({damage.reason}). {moved} "
            f"and your progress was restored from the snapshot of {taken(snapshot.path)} "
            f"({BACKUP_DIR}/{snapshot.path.name}); anything done after that is lost."
        )
    aside = move_aside(path, "corrupt")
    db = open_checked(path, features)
    return db, (
        f"Your progress file could not be read ({damage.reason}). It was moved to {aside.name} "
        "and tutor started with fresh progress (there was no good snapshot to restore)."
    )
