"""The progress store: the only package that opens the database.

    store = Store.open(data_dir)          # or Store.open(data_dir) in tests, with a tmp_path
    store.progress.reach_step("dense", 3)
    store.warning                          # one line when a damaged file was replaced or set aside
    with Store.open(data_dir) as store:   # closed at the end, for a headless command

Features register their repository class in `FEATURES`: (name, module with MIGRATIONS, class).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from tutor.store.backups import open_database
from tutor.store.db import DB_NAME, Database, StoreError, utc_now
from tutor.store.progress import LessonProgress, Progress

# (attribute on Store, module holding MIGRATIONS and the repository class, class name)
FEATURES: tuple[tuple[str, str, str], ...] = (
    ("progress", "tutor.store.progress", "Progress"),
    ("cards", "tutor.store.cards", "Cards"),
    ("checkpoints", "tutor.store.checkpoints", "Checkpoints"),
    ("exercises", "tutor.store.exercises", "Exercises"),
    ("sandbox", "tutor.store.sandbox", "SandboxModels"),
)


class Store:
    """All of the learner's lasting state, one repository per feature (`store.progress`, ...)."""

    progress: Progress

    def __init__(self, db: Database, warning: str | None = None) -> None:
        self.db = db
        self.warning = warning
        for attribute, module_name, class_name in FEATURES:
            repo_class = getattr(importlib.import_module(module_name), class_name)
            setattr(self, attribute, repo_class(db))

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open the learner's store in `data_dir` (created if missing); StoreError in one line."""
        migrations = [
            (attribute, importlib.import_module(module_name).MIGRATIONS)
            for attribute, module_name, _ in FEATURES
        ]
        db, warning = open_database(Path(data_dir) / DB_NAME, migrations)
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
