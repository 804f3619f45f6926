"""Exercise attempts and state: each check's verdict, passes, give-ups, hints seen, the code."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.store.db import Database, utc_now

MIGRATIONS = [
    """
    CREATE TABLE exercise_attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        exercise_id TEXT NOT NULL,
        passed INTEGER NOT NULL,
        status TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX exercise_attempts_by_id ON exercise_attempts(exercise_id);
    CREATE TABLE exercise_state (
        exercise_id TEXT PRIMARY KEY,
        code TEXT,
        code_saved_at TEXT,
        passed_at TEXT,
        gave_up_at TEXT,
        hints_shown INTEGER NOT NULL DEFAULT 0
    );
    """,
]


@dataclass(frozen=True)
class ExerciseState:
    exercise_id: str
    attempts: int = 0
    passed: bool = False
    gave_up: bool = False
    hints_shown: int = 0
    code: str | None = None
    code_saved_at: str | None = None

    @property
    def label(self) -> str:
        """new, trying, passed, or solution shown (a give-up before any pass)."""
        if self.passed:
            return "passed"
        if self.gave_up:
            return "solution shown"
        return "trying" if self.attempts or self.code is not None else "new"


class Exercises:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record_attempt(self, exercise_id: str, passed: bool, status: str, message: str) -> None:
        now = utc_now()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO exercise_attempts(exercise_id, passed, status, message, at) "
                "VALUES (?, ?, ?, ?, ?)",
                (exercise_id, int(passed), status, message, now),
            )
            if passed:
                conn.execute(
                    "INSERT INTO exercise_state(exercise_id, passed_at) VALUES (?, ?) "
                    "ON CONFLICT(exercise_id) DO UPDATE SET "
                    "passed_at = COALESCE(passed_at, excluded.passed_at)",
                    (exercise_id, now),
                )

    def give_up(self, exercise_id: str) -> None:
        """The learner asked for the solution before passing; kept, so the list can say so."""
        self.db.execute(
            "INSERT INTO exercise_state(exercise_id, gave_up_at) VALUES (?, ?) "
            "ON CONFLICT(exercise_id) DO UPDATE SET "
            "gave_up_at = COALESCE(gave_up_at, excluded.gave_up_at)",
            (exercise_id, utc_now()),
        )

    def show_hint(self, exercise_id: str, count: int) -> None:
        """Remember how many hints of the ladder the learner has seen (it only grows)."""
        self.db.execute(
            "INSERT INTO exercise_state(exercise_id, hints_shown) VALUES (?, ?) "
            "ON CONFLICT(exercise_id) DO UPDATE SET "
            "hints_shown = MAX(hints_shown, excluded.hints_shown)",
            (exercise_id, count),
        )

    def save_code(self, exercise_id: str, code: str) -> None:
        self.db.execute(
            "INSERT INTO exercise_state(exercise_id, code, code_saved_at) VALUES (?, ?, ?) "
            "ON CONFLICT(exercise_id) DO UPDATE SET code = excluded.code, "
            "code_saved_at = excluded.code_saved_at",
            (exercise_id, code, utc_now()),
        )

    def state(self, exercise_id: str) -> ExerciseState:
        return self.all_states().get(exercise_id, ExerciseState(exercise_id))

    def all_states(self) -> dict[str, ExerciseState]:
        counts = {
            row["exercise_id"]: row["n"]
            for row in self.db.query(
                "SELECT exercise_id, COUNT(*) AS n FROM exercise_attempts GROUP BY exercise_id"
            )
        }
        states = {
            row["exercise_id"]: ExerciseState(
                row["exercise_id"],
                attempts=counts.get(row["exercise_id"], 0),
                passed=row["passed_at"] is not None,
                gave_up=row["gave_up_at"] is not None,
                hints_shown=row["hints_shown"],
                code=row["code"],
                code_saved_at=row["code_saved_at"],
            )
            for row in self.db.query("SELECT * FROM exercise_state")
        }
        for exercise_id, count in counts.items():
            states.setdefault(exercise_id, ExerciseState(exercise_id, attempts=count))
        return states

    def attempts(self, exercise_id: str) -> list[tuple[bool, str, str, str]]:
        """(passed, status, message, at) of each attempt, oldest first."""
        rows = self.db.query(
            "SELECT passed, status, message, at FROM exercise_attempts WHERE exercise_id = ? "
            "ORDER BY id",
            (exercise_id,),
        )
        return [(bool(r["passed"]), r["status"], r["message"], r["at"]) for r in rows]
