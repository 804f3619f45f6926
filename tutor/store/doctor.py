"""`python -m tutor doctor [--restore [SNAPSHOT]]`: the progress file's health, and its backups.

Reading never changes anything (the database is opened read-only). `--restore` replaces the
progress file by a snapshot (the newest good one by default); the file it replaces is moved
aside, never deleted. Exits 0 when healthy or restored, 1 when the file is damaged or cannot be
read, 2 with one line when a restore cannot be done.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    doctor = commands.add_parser(
        "doctor",
        help="check the progress file; list its snapshots and set-aside copies; restore one",
        description="Report the progress database's health, size, daily snapshots and the "
        "files set aside; --restore brings a snapshot back.",
    )
    doctor.add_argument(
        "--restore",
        nargs="?",
        const="",
        metavar="SNAPSHOT",
        help="replace the progress file by a snapshot: its file name, its date (YYYY-MM-DD) "
        "or a path (default: the newest good one); the current file is kept aside",
    )
    doctor.set_defaults(handler=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    from tutor.paths import data_dir

    folder = data_dir(args.data_dir)
    if args.restore is not None:
        return _restore(folder, args.restore)
    return _report(folder)


def _report(folder: Path) -> int:
    from tutor.store.backups import KEEP_SNAPSHOTS, asides, check_file, snapshots, taken
    from tutor.store.db import DB_NAME

    path = folder / DB_NAME
    print(f"Data directory: {folder}")
    healthy = True
    if not path.exists():
        print(f"Database: {path} does not exist yet (tutor creates it at start)")
    else:
        health = check_file(path)
        healthy = health == "ok"
        state = "healthy (quick check ok)" if healthy else f"NOT healthy: {health}"
        print(f"Database: {path}, {_size(path)}, {state}")
    found = snapshots(folder)
    print(f"Snapshots ({len(found)}; one a day at start-up, the newest {KEEP_SNAPSHOTS} kept):")
    for snapshot in found:
        verdict = "good" if check_file(snapshot.path) == "ok" else "damaged"
        when = taken(snapshot.path)
        print(f"  {snapshot.path.name}  taken {when}  {_size(snapshot.path)}  {verdict}")
    set_aside = asides(folder)
    print(f"Set aside ({len(set_aside)}; tutor never deletes these):")
    for aside in set_aside:
        print(f"  {aside.name}  {_size(aside)}")
    if not healthy:
        print("To bring back the newest good snapshot: python -m tutor doctor --restore")
    return 0 if healthy else 1


def _restore(folder: Path, wanted: str) -> int:
    from tutor.store.backups import check_file, in_use, restore_snapshot, snapshots, taken
    from tutor.store.db import DB_NAME

    path = folder / DB_NAME
    found = snapshots(folder)
    if wanted:
        chosen = next(
            (s.path for s in found if wanted in (s.path.name, s.day.isoformat())), Path(wanted)
        )
        if not chosen.is_file():
            names = ", ".join(s.path.name for s in found) or "none yet"
            return _fail(f"no snapshot {wanted!r}; the snapshots are: {names}")
        health = check_file(chosen)
        if health != "ok":
            return _fail(f"{chosen} cannot be restored: {health}")
    else:
        good = [s.path for s in found if check_file(s.path) == "ok"]
        if not good:
            return _fail(f"there is no good snapshot in {folder / 'backups'} to restore")
        chosen = good[0]
    if in_use(path):
        return _fail(f"{path} is in use (is tutor running?); quit it and run the restore again")
    aside = restore_snapshot(chosen, path)
    print(f"Restored {path} from {chosen.name} (taken {taken(chosen)}).")
    if aside:
        print(f"The file it replaced was kept as {aside.name}.")
    return 0


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _fail(message: str) -> int:
    print(f"python -m tutor doctor: error: {message}", file=sys.stderr)
    return 2
