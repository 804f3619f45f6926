"""What stops the store *now* (disk, lock, permissions) is one line and moves nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import tutor.store.db as db_module
from tutor.store import DB_NAME, Store, StoreError
from tutor.store.backups import asides

from .conftest import as_learner, fill


def _error(kind: type[sqlite3.Error], message: str, code: int) -> sqlite3.Error:
    error = kind(message)
    error.sqlite_errorcode = code
    return error


def _raising(error: sqlite3.Error):
    """A stand-in for a step of opening the file that meets `error` from SQLite."""

    def fail(self) -> None:
        raise error

    return fail


def _keep_progress(folder: Path) -> bytes:
    with Store.open(folder) as store:
        store.progress.reach_step("dense", 3)
    return (folder / DB_NAME).read_bytes()


def test_a_full_disk_at_start_moves_nothing_however_often_tutor_starts(
    data_dir, small_disk, monkeypatch
):
    folder = small_disk / "data" if small_disk else data_dir
    before = _keep_progress(folder)
    if small_disk:
        fill(small_disk)
    else:  # simulated: SQLite's answer on a full disk
        full = _error(sqlite3.OperationalError, "database or disk is full", 13)
        monkeypatch.setattr(db_module.Database, "_enter_wal_mode", _raising(full))
    for _ in range(3):
        with pytest.raises(StoreError) as refused:
            Store.open(folder)
        message = str(refused.value)
        assert "\n" not in message
        assert message.startswith(f"could not open {folder / DB_NAME}: the disk is full")
        assert "free some space" in message
    assert asides(folder) == []
    assert (folder / DB_NAME).read_bytes() == before
    if small_disk:
        (small_disk / "filler").unlink()
    else:
        monkeypatch.undo()
    with Store.open(folder) as store:
        assert store.warning is None
        assert store.progress.lesson("dense").step == 3


@pytest.mark.parametrize(
    ("code", "sqlite_message", "advice"),
    [
        (5, "database is locked", "locked by another program"),
        (8, "attempt to write a readonly database", "it is read-only"),
        (10, "disk I/O error", "the disk reported an error"),
        (13, "database or disk is full", "the disk is full"),
        (14, "unable to open database file", "it cannot be opened"),
    ],
)
def test_what_stops_us_now_is_one_line_and_nothing_is_moved(
    data_dir, monkeypatch, code, sqlite_message, advice
):
    before = _keep_progress(data_dir)
    error = _error(sqlite3.OperationalError, sqlite_message, code)
    monkeypatch.setattr(db_module.Database, "_enter_wal_mode", _raising(error))
    with pytest.raises(StoreError) as refused:
        Store.open(data_dir)
    assert str(refused.value) == f"could not open {data_dir / DB_NAME}: {db_module._NOT_NOW[code]}"
    assert advice in str(refused.value)
    assert asides(data_dir) == []
    assert (data_dir / DB_NAME).read_bytes() == before


@pytest.mark.parametrize(
    ("code", "sqlite_message"),
    [(11, "database disk image is malformed"), (26, "file is not a database")],
)
def test_only_damage_moves_the_file_aside(data_dir, monkeypatch, code, sqlite_message):
    _keep_progress(data_dir)
    error = _error(sqlite3.DatabaseError, sqlite_message, code)
    real_start = db_module.Database._enter_wal_mode
    calls = []

    def damaged_once(self):
        calls.append(self.path)
        if len(calls) == 1:
            raise error
        real_start(self)

    monkeypatch.setattr(db_module.Database, "_enter_wal_mode", damaged_once)
    with Store.open(data_dir) as store:
        assert sqlite_message in store.warning
    assert len(asides(data_dir)) == 1


def test_a_locked_database_on_write_is_one_line(data_dir, monkeypatch):
    monkeypatch.setattr(db_module, "WRITE_TIMEOUT", 0.1)
    with Store.open(data_dir) as store:
        other = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError) as refused:
            store.progress.reach_step("dense", 4)
        other.execute("ROLLBACK")
        other.close()
        assert str(refused.value) == (
            f"could not save to {data_dir / DB_NAME}: it is locked by another program "
            "(is tutor already running?); close that and try again"
        )
        store.progress.reach_step("dense", 4)
        assert store.progress.lesson("dense").step == 4


@pytest.fixture
def shared_dir():
    """A folder an ordinary user can reach (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="tutor-store-test-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=False)


WRITE = """
import sys
from tutor.store import Store, StoreError
store = Store.open(sys.argv[1])
try:
    store.progress.reach_step("dense", 9)
except StoreError as error:
    print(error)
print(store.progress.lesson("dense").step)
"""


def test_a_read_only_database_on_write_is_one_line_and_reading_goes_on(shared_dir):
    data = shared_dir / "data"
    _keep_progress(data)
    data.chmod(0o777)  # the folder is writable (for -wal and -shm), the file is not
    (data / DB_NAME).chmod(0o444)
    result = as_learner(WRITE, str(data))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"could not save to {data / DB_NAME}: it is read-only; make it and its folder writable "
        "(chmod u+w) or choose another folder with --data-dir",
        "3",
    ]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("command", [[], ["cards", "stats"], ["exercise", "list"]])
def test_a_data_directory_that_is_a_file_exits_2_with_one_line(tmp_path, command):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file")
    result = _cli("--data-dir", str(not_a_folder), *command)
    assert result.returncode == 2
    assert result.stderr == (
        f"python -m tutor: error: the data directory {not_a_folder} is a file, not a folder; "
        "move that file away or choose another folder with --data-dir\n"
    )
    assert not_a_folder.read_text() == "a file"


def test_a_data_directory_that_cannot_be_created_exits_2_with_one_line(tmp_path):
    (tmp_path / "file").write_text("")
    result = _cli("--data-dir", str(tmp_path / "file" / "data"), "cards", "settings")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"python -m tutor: error: could not create the data directory {tmp_path / 'file' / 'data'}"
    )


def test_a_missing_data_directory_is_created(tmp_path):
    folder = tmp_path / "not" / "yet"
    with Store.open(folder) as store:
        store.progress.reach_step("dense", 1)
    assert (folder / DB_NAME).is_file()


UNWRITABLE = """
import sys
from tutor.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "exercise", "list"]))
"""


def test_an_unwritable_data_directory_exits_2_with_one_line(shared_dir):
    data = shared_dir / "data"
    data.mkdir()
    data.chmod(0o555 if os.geteuid() != 0 else 0o755)  # root's folder: not the learner's
    result = as_learner(UNWRITABLE, str(data))
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"python -m tutor: error: cannot write in the data directory {data}: permission denied; "
        "give yourself write access to it or choose another folder with --data-dir\n"
    )


def test_the_app_hears_of_a_failed_write_in_one_line_and_goes_on(data_dir, monkeypatch):
    monkeypatch.setattr(db_module, "WRITE_TIMEOUT", 0.1)
    heard = []
    with Store.open(data_dir) as store:
        store.report_write_errors(lambda error: heard.append(str(error)))
        other = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        store.progress.reach_step("dense", 2)  # single statements
        store.exercises.record_attempt("dense", True, "passed", "")  # a transaction
        other.execute("ROLLBACK")
        other.close()
        assert set(heard) == {
            f"could not save to {data_dir / DB_NAME}: it is locked by another program "
            "(is tutor already running?); close that and try again"
        }
        assert len(heard) >= 2  # each write told, the step's and the attempt's
        assert store.progress.lesson("dense") is None  # dropped, not half-written
        assert store.exercises.all_states() == {}
        store.exercises.record_attempt("dense", True, "passed", "")
        assert "dense" in store.exercises.all_states()
