"""Two tutors starting at once on a database that needs migrating: one migrates, one waits."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading

from tutor.store import DB_NAME, Store
from tutor.store.backups import asides
from tutor.store.db import Database
from tutor.store.progress import MIGRATIONS


def _start(folder, barrier, results) -> None:
    barrier.wait()
    try:
        with Store.open(folder) as store:
            store.progress.reach_step("dense", 1)
            results.put(("ok", store.warning))
    except Exception as error:  # reported to the test, which shows it
        results.put(("error", repr(error)))


def test_two_starts_at_once_on_a_fresh_database_both_succeed(tmp_path):
    context = multiprocessing.get_context("spawn")
    for round_ in range(4):
        folder = tmp_path / f"round-{round_}"
        barrier, results = context.Barrier(2), context.Queue()
        starts = [context.Process(target=_start, args=(folder, barrier, results)) for _ in "ab"]
        for process in starts:
            process.start()
        for process in starts:
            process.join(timeout=120)
        assert [results.get(timeout=5) for _ in starts] == [("ok", None), ("ok", None)]
        assert asides(folder) == []
        conn = sqlite3.connect(folder / DB_NAME)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        version = conn.execute("SELECT version FROM schema_versions WHERE feature = 'progress'")
        assert version.fetchone()[0] == len(MIGRATIONS)
        conn.close()


def test_a_second_start_waits_for_the_migrator_and_keeps_its_work(data_dir):
    """Another tutor is half-way through migrating (its exclusive transaction is open)."""
    path = data_dir / DB_NAME
    migrator = sqlite3.connect(path, isolation_level=None)
    migrator.execute("PRAGMA journal_mode=WAL")
    migrator.execute("BEGIN EXCLUSIVE")
    migrator.execute("CREATE TABLE schema_versions (feature TEXT PRIMARY KEY, version INTEGER)")
    for statement in ";".join(MIGRATIONS).split(";"):
        if statement.strip():
            migrator.execute(statement)
    migrator.execute("INSERT INTO schema_versions VALUES ('progress', ?)", (len(MIGRATIONS),))
    migrator.execute("INSERT INTO settings(key, value) VALUES ('theme', 'nord')")
    opened = []
    second = threading.Thread(target=lambda: opened.append(Store.open(data_dir)))
    second.start()
    second.join(timeout=0.5)
    assert second.is_alive()  # waiting for the lock, not failing
    migrator.execute("COMMIT")
    migrator.close()
    second.join(timeout=30)
    (store,) = opened
    assert store.warning is None
    assert store.progress.setting("theme") == "nord"
    store.close()
    assert asides(data_dir) == []


def test_a_start_that_read_before_another_migrated_checks_again_inside_the_lock(
    data_dir, monkeypatch
):
    """The race itself: both starts read "needs migrating" before either has migrated."""
    with Store.open(data_dir) as store:
        store.progress.set_setting("theme", "nord")
    monkeypatch.setattr(Database, "_current", lambda self, features, read: False)
    with Store.open(data_dir) as store:
        assert store.warning is None
        assert store.progress.setting("theme") == "nord"
    assert asides(data_dir) == []
