from __future__ import annotations

import sqlite3

import pytest

from tutor.store import DB_NAME, Store, StoreError


def test_progress_survives_reopening(data_dir):
    store = Store.open(data_dir)
    store.progress.reach_step("dense", 3)
    store.progress.save_cell_code("dense", "first-layer", "print('mine')")
    store.progress.set_setting("theme", "nord")
    store.close()

    store = Store.open(data_dir)
    assert store.progress.lesson("dense").step == 3
    assert store.progress.last_lesson() == "dense"
    assert store.progress.cell_code("dense", "first-layer") == "print('mine')"
    assert store.progress.setting("theme") == "nord"
    assert store.warning is None


def test_corrupt_database_is_moved_aside_with_a_message(data_dir):
    (data_dir / DB_NAME).write_bytes(b"this is not a database" * 50)
    store = Store.open(data_dir)
    assert "could not be read" in store.warning
    assert "started with fresh progress" in store.warning
    aside = [p for p in data_dir.iterdir() if ".corrupt-" in p.name]
    assert aside and aside[0].read_bytes().startswith(b"this is not a database")
    store.progress.reach_step("dense", 1)
    assert store.progress.lesson("dense").step == 1


def test_database_from_a_newer_version_is_refused_not_discarded(data_dir):
    Store.open(data_dir).close()
    conn = sqlite3.connect(data_dir / DB_NAME)
    conn.execute("UPDATE schema_versions SET version = 99 WHERE feature = 'progress'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer tutor"):
        Store.open(data_dir)
    assert (data_dir / DB_NAME).exists()


def test_reset_cell_restores_lesson_code(data_dir):
    store = Store.open(data_dir)
    store.progress.save_cell_code("dense", "c", "x = 1")
    store.progress.reset_cell_code("dense", "c")
    assert store.progress.cell_code("dense", "c") is None
