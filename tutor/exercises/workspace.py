"""The learner's exercise files: `data_dir/exercises/<file>`, kept in step with the store.

The file is what the learner's own editor opens; the store keeps a copy of the code with every
save, so whichever was written last is the learner's current code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.diagnostics import UnreadableText, read_text
from tutor.exercises.catalog import Exercise
from tutor.store import Store

if TYPE_CHECKING:
    from tutor.exercises.runner import Verdict


def workspace_file(data_dir: Path, exercise: Exercise) -> Path:
    return Path(data_dir) / "exercises" / exercise.file_name


def current_code(store: Store, data_dir: Path, exercise: Exercise) -> str:
    """The newer of the workspace file and the stored code; the starter if there is neither."""
    return resume_code(store, data_dir, exercise)[0]


def resume_code(store: Store, data_dir: Path, exercise: Exercise) -> tuple[str, str]:
    """`current_code`, and what the learner should be told about their file ("" if nothing).

    A workspace file that cannot be read as text (saved in another encoding, binary, a folder)
    must not lock the learner out of the exercise: it is moved aside, kept as it was, and the
    stored code (or the starter) is used instead.
    """
    state = store.exercises.state(exercise.id)
    fallback = state.code if state.code is not None else exercise.starter
    path = workspace_file(data_dir, exercise)
    if not path.exists():
        return fallback, ""
    file_time = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    if state.code is not None and file_time < (state.code_saved_at or ""):
        return fallback, ""
    try:
        return read_text(path), ""
    except UnreadableText as error:
        aside = set_aside(path)
        shown = "your last saved code" if state.code is not None else "the starter code"
        return fallback, f"{error}. It is kept as {aside.name}; here is {shown}."


def set_aside(path: Path) -> Path:
    """Rename an unusable workspace file out of the way (never over another); its new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.unreadable-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.unreadable-{stamp}-{number}")
    path.rename(aside)
    return aside


def save_code(store: Store, data_dir: Path, exercise: Exercise, code: str) -> Path:
    """Keep the code in the store and in the workspace file; returns the file's path."""
    path = workspace_file(data_dir, exercise)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.is_file():
        set_aside(path)  # a folder in the way: kept, but it cannot hold the code
    encoded = code.encode("utf-8")
    if not path.exists() or path.read_bytes() != encoded:
        path.write_bytes(encoded)
    store.exercises.save_code(exercise.id, code)
    return path


def record_verdict(store: Store, exercise_id: str, verdict: Verdict) -> None:
    """One attempt in the store: passed or not, and the first failure as the learner saw it."""
    text = verdict.headline if verdict.passed else f"{verdict.headline}: {verdict.message}"
    store.exercises.record_attempt(exercise_id, verdict.passed, verdict.status, text)


def engine_ready(store: Store, exercises: list[Exercise]) -> list[str]:
    """The engine pieces still to pass before "your engine" can train; empty when it can."""
    from tutor.exercises.your_engine import ORDER

    states = store.exercises.all_states()
    return [
        ex.id
        for ex in exercises
        if ex.id in ORDER and not (ex.id in states and states[ex.id].passed)
    ]
