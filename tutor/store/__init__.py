"""The progress store: the only package that opens the database.

    store = Store.open(data_dir)          # or Store.open(data_dir) in tests, with a tmp_path
    store.progress.reach_step("dense", 3)
    store.warning                          # one line when a damaged file was replaced or set aside
    with Store.open(data_dir) as store:   # closed at the end, for a headless command

A feature adds its repository as an attribute of `Store` and its migrations to `FEATURES`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tutor.store import cards, checkpoints, exercises, progress, sandbox
from tutor.store.backups import open_database
from tutor.store.cards import Cards
from tutor.store.checkpoints import Checkpoints
from tutor.store.db import DB_NAME, Database, StoreError, utc_now
from tutor.store.exercises import Exercises
from tutor.store.progress import LessonProgress, Progress
from tutor.store.sandbox import SandboxModels

# (feature, its append-only MIGRATIONS). The name keys the feature's applied count in
# `schema_versions`, so it never changes.
FEATURES: tuple[tuple[str, list[str]], ...] = (
    ("progress", progress.MIGRATIONS),
    ("cards", cards.MIGRATIONS),
    ("checkpoints", checkpoints.MIGRATIONS),
    ("exercises", exercises.MIGRATIONS),
    ("sandbox", sandbox.MIGRATIONS),
)


class Store:
    """All of the learner's lasting state, one repository per feature (`store.progress`, ...)."""

    def __init__(self, db: Database, warning: str | None = None) -> None:
        self.db = db
        self.warning = warning
        self.progress = Progress(db)
        self.cards = Cards(db)
        self.checkpoints = Checkpoints(db)
        self.exercises = Exercises(db)
        self.sandbox = SandboxModels(db)

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open the learner's store in `data_dir` (created if missing); StoreError in one line."""
        db, warning = open_database(Path(data_dir) / DB_NAME, FEATURES)
        return cls(db, warning)

    def report_write_errors(self, report: Callable[[StoreError], None] | None) -> None:
        """A write that fails goes to `report` in one line and is dropped (the app uses this);
        without it, it raises StoreError."""
        self.db.report_write_errors(report)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


__all__ = ["DB_NAME", "LessonProgress", "Progress", "Store", "StoreError", "utc_now"]
