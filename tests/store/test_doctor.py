"""`python -m tutor doctor`: health, size, snapshots and asides; `--restore` brings one back."""

from __future__ import annotations

import re
import shutil

from tutor.cli import main
from tutor.store import DB_NAME, Store
from tutor.store.backups import asides, snapshots


def doctor(capsys, *options: str) -> tuple[int, str, str]:
    code = main(["doctor", *options])
    out, err = capsys.readouterr()
    return code, out, err


def _with_two_snapshots(folder):
    """Progress at step 2 in an older snapshot, step 3 in today's, step 4 in the live file."""
    with Store.open(folder) as store:
        store.progress.reach_step("dense", 2)
    shutil.rmtree(folder / "backups")
    Store.open(folder).close()
    (today,) = snapshots(folder)
    today.path.rename(today.path.with_name("progress-2026-11-28.sqlite3"))
    with Store.open(folder) as store:  # this start snapshots step 2 again: replace it
        store.progress.reach_step("dense", 3)
    today.path.unlink()
    Store.open(folder).close()  # today's snapshot at step 3
    with Store.open(folder) as store:
        store.progress.reach_step("dense", 4)
    return today.path.name


def test_doctor_reports_health_size_snapshots_and_asides(capsys, data_dir):
    today = _with_two_snapshots(data_dir)
    (data_dir / f"{DB_NAME}.corrupt-20261130T101010.000001Z").write_bytes(b"x" * 2048)
    code, out, _ = doctor(capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Data directory: {data_dir}"
    assert re.fullmatch(
        rf"Database: {re.escape(str(data_dir / DB_NAME))}, \d+\.\d KB, healthy \(quick check ok\)",
        lines[1],
    )
    assert lines[2] == "Snapshots (2; one a day at start-up, the newest 7 kept):"
    assert re.fullmatch(rf"  {today}  taken \S+ \d\d:\d\d  \d+\.\d KB  good", lines[3])
    assert lines[4].startswith("  progress-2026-11-28.sqlite3  taken ")
    assert lines[5:] == [
        "Set aside (1; tutor never deletes these):",
        f"  {DB_NAME}.corrupt-20261130T101010.000001Z  2.0 KB",
    ]


def test_doctor_says_when_the_file_is_damaged_and_exits_1(capsys, data_dir):
    _with_two_snapshots(data_dir)
    (data_dir / DB_NAME).write_bytes(b"junk" * 300)
    for side in ("-wal", "-shm"):
        (data_dir / f"{DB_NAME}{side}").unlink(missing_ok=True)
    code, out, _ = doctor(capsys)
    assert code == 1
    assert f"Database: {data_dir / DB_NAME}, 1.2 KB, NOT healthy: file is not a database" in out
    assert out.endswith(
        "To bring back the newest good snapshot: python -m tutor doctor --restore\n"
    )
    assert (data_dir / DB_NAME).read_bytes() == b"junk" * 300  # reporting changes nothing


def test_restore_brings_back_the_newest_snapshot_or_the_one_named(capsys, data_dir):
    today = _with_two_snapshots(data_dir)
    code, out, err = doctor(capsys, "--restore")
    assert code == 0, err
    (replaced,) = asides(data_dir)
    assert out.startswith(f"Restored {data_dir / DB_NAME} from {today} (taken ")
    assert out.endswith(f"The file it replaced was kept as {replaced.name}.\n")
    with Store.open(data_dir) as store:
        assert store.progress.lesson("dense").step == 3
    code, out, err = doctor(capsys, "--restore", "2026-11-28")
    assert code == 0, err
    with Store.open(data_dir) as store:
        assert store.progress.lesson("dense").step == 2
    assert len(asides(data_dir)) == 2


def test_restore_refuses_in_one_line_while_tutor_has_the_file_open(capsys, data_dir):
    _with_two_snapshots(data_dir)
    with Store.open(data_dir):
        code, _, err = doctor(capsys, "--restore")
    assert code == 2
    assert err == (
        f"python -m tutor doctor: error: {data_dir / DB_NAME} is in use (is tutor running?); "
        "quit it and run the restore again\n"
    )
    assert asides(data_dir) == []


def test_restore_of_an_unknown_or_damaged_snapshot_is_one_line(capsys, data_dir):
    today = _with_two_snapshots(data_dir)
    code, _, err = doctor(capsys, "--restore", "2020-01-01")
    assert code == 2
    assert err == (
        "python -m tutor doctor: error: no snapshot '2020-01-01'; the snapshots are: "
        f"{today}, progress-2026-11-28.sqlite3\n"
    )
    damaged = data_dir / "backups" / "progress-2026-11-28.sqlite3"
    damaged.write_bytes(b"junk" * 300)
    code, _, err = doctor(capsys, "--restore", "progress-2026-11-28.sqlite3")
    assert code == 2
    assert err.startswith(f"python -m tutor doctor: error: {damaged} cannot be restored: ")
    assert err.count("\n") == 1
    assert asides(data_dir) == []
