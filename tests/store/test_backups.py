"""Daily snapshots, and a damaged file replaced by the newest good one."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta

import pytest

import tutor.store.backups as backups
from tutor.store import DB_NAME, Store, StoreError
from tutor.store.backups import asides, move_aside, open_database, snapshots

from .conftest import fill

FEATURES = [("notes", ["CREATE TABLE notes (text TEXT)"])]
DAY = date(2026, 11, 20)


def _start(folder, day):
    db, warning = open_database(folder / DB_NAME, FEATURES, today=day)
    db.close()
    return warning


def test_one_snapshot_a_day_and_the_newest_seven_are_kept(data_dir):
    for offset in range(9):
        assert _start(data_dir, DAY + timedelta(days=offset)) is None
        assert _start(data_dir, DAY + timedelta(days=offset)) is None  # same day: no second
    kept = snapshots(data_dir)
    assert [s.day for s in kept] == [DAY + timedelta(days=n) for n in range(8, 1, -1)]
    assert all(s.path.name == f"progress-{s.day.isoformat()}.sqlite3" for s in kept)
    assert backups.check_file(kept[0].path) == "ok"
    assert not list((data_dir / "backups").glob(".*"))  # no partial copy left behind


def _progress_and_a_snapshot_of_it(folder, step=3):
    with Store.open(folder) as store:
        store.progress.reach_step("dense", step)
    shutil.rmtree(folder / "backups")
    Store.open(folder).close()  # today's snapshot now holds the step
    (snapshot,) = snapshots(folder)
    return snapshot


def _damage_pages(path):
    """Overwrite everything after the header page: SQLite opens it, then finds it malformed."""
    data = bytearray(path.read_bytes())
    data[4096:] = b"\x5a" * (len(data) - 4096)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["not a database", "malformed pages"])
def test_a_damaged_file_is_replaced_by_the_newest_snapshot_with_a_message(data_dir, damage):
    snapshot = _progress_and_a_snapshot_of_it(data_dir)
    live = data_dir / DB_NAME
    if damage == "not a database":
        live.write_bytes(b"this is not a database" * 50)
    else:
        _damage_pages(live)
    damaged = live.read_bytes()
    with Store.open(data_dir) as store:
        assert store.progress.lesson("dense").step == 3
        (aside,) = asides(data_dir)
        when = datetime.fromtimestamp(snapshot.path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        assert store.warning.startswith("Your progress file was damaged (")
        assert store.warning.endswith(
            f"It was moved to {aside.name} and your progress was restored from the snapshot "
            f"of {when} (backups/{snapshot.path.name}); anything done after that is lost."
        )
    assert aside.read_bytes() == damaged


def test_a_damaged_snapshot_is_passed_over_for_an_older_good_one(data_dir):
    good = _progress_and_a_snapshot_of_it(data_dir, step=2)
    good.path.rename(good.path.with_name("progress-2026-11-01.sqlite3"))
    good.path.write_bytes(b"junk" * 300)  # today's snapshot, damaged since it was taken
    (data_dir / DB_NAME).write_bytes(b"junk" * 300)
    with Store.open(data_dir) as store:
        assert store.progress.lesson("dense").step == 2
        assert "(backups/progress-2026-11-01.sqlite3)" in store.warning


def test_without_a_good_snapshot_tutor_starts_fresh_and_says_so(data_dir):
    (data_dir / DB_NAME).write_bytes(b"this is not a database" * 50)
    with Store.open(data_dir) as store:
        assert "could not be read (file is not a database)" in store.warning
        assert "started with fresh progress (there was no good snapshot to restore)" in (
            store.warning
        )


def test_asides_in_the_same_instant_never_collide(data_dir, monkeypatch):
    frozen = datetime(2026, 12, 1, 14, 0, 0, 123456, tzinfo=UTC)

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen

    monkeypatch.setattr(backups, "datetime", FrozenClock)
    live = data_dir / DB_NAME
    made = []
    for n in range(3):
        live.write_bytes(f"damaged {n}".encode())
        made.append(move_aside(live, "corrupt"))
    monkeypatch.setattr(backups.os, "link", _no_hard_links)  # a filesystem without them
    live.write_bytes(b"damaged 3")
    made.append(move_aside(live, "corrupt"))
    assert [p.name for p in made] == [
        "progress.sqlite3.corrupt-20261201T140000.123456Z",
        "progress.sqlite3.corrupt-20261201T140000.123456Z-1",
        "progress.sqlite3.corrupt-20261201T140000.123456Z-2",
        "progress.sqlite3.corrupt-20261201T140000.123456Z-3",
    ]
    assert [p.read_text() for p in made] == [f"damaged {n}" for n in range(4)]


def _no_hard_links(source, target):
    raise PermissionError(1, "Operation not permitted")


def test_a_restore_that_does_not_fit_on_the_disk_moves_nothing(small_disk):
    if small_disk is None:
        pytest.skip("needs a small disk to fill (root and tmpfs)")
    folder = small_disk / "data"
    _progress_and_a_snapshot_of_it(folder)
    (folder / DB_NAME).write_bytes(b"junk" * 300)
    fill(small_disk)
    with pytest.raises(StoreError) as refused:
        Store.open(folder)
    assert "\n" not in str(refused.value)
    assert (folder / DB_NAME).read_bytes() == b"junk" * 300
    assert asides(folder) == []


def test_a_snapshot_that_cannot_be_written_is_said_and_the_file_is_untouched(data_dir, monkeypatch):
    with Store.open(data_dir) as store:
        store.progress.reach_step("dense", 3)
    shutil.rmtree(data_dir / "backups")

    def full(self, target):
        raise StoreError("the disk is full")

    monkeypatch.setattr(backups.Database, "backup_to", full)
    with Store.open(data_dir) as store:
        assert store.warning == (
            f"Today's snapshot of your progress could not be written to {data_dir / 'backups'} "
            "(the disk is full); your progress file itself is untouched."
        )
        assert store.progress.lesson("dense").step == 3
    assert snapshots(data_dir) == []
    assert list((data_dir / "backups").iterdir()) == []  # no partial copy
