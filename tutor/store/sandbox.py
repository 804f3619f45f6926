"""Models the learner saved in the sandbox: their choices (JSON) and weights (an .npz blob)."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.store.db import Database, utc_now

MIGRATIONS = [
    """
    CREATE TABLE sandbox_models (
        name TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        weights BLOB,
        epochs INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    );
    """,
]

MAX_NAME_CHARS = 60


@dataclass(frozen=True)
class SavedModel:
    name: str
    config: str
    weights: bytes | None
    epochs: int
    updated_at: str


class SandboxModels:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, name: str, config: str, weights: bytes | None, epochs: int) -> None:
        """Keep a model under `name`, replacing one saved before under the same name."""
        name = name.strip()
        if not name or len(name) > MAX_NAME_CHARS:
            raise ValueError(f"a saved model needs a name of 1 to {MAX_NAME_CHARS} characters")
        self.db.execute(
            "INSERT INTO sandbox_models(name, config, weights, epochs, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET config = excluded.config, "
            "weights = excluded.weights, epochs = excluded.epochs, "
            "updated_at = excluded.updated_at",
            (name, config, weights, epochs, utc_now()),
        )

    def load(self, name: str) -> SavedModel | None:
        rows = self.db.query(
            "SELECT name, config, weights, epochs, updated_at FROM sandbox_models WHERE name = ?",
            (name,),
        )
        return SavedModel(*rows[0]) if rows else None

    def names(self) -> list[str]:
        """Saved model names, the most recently saved first."""
        rows = self.db.query("SELECT name FROM sandbox_models ORDER BY updated_at DESC, name")
        return [row["name"] for row in rows]

    def delete(self, name: str) -> None:
        self.db.execute("DELETE FROM sandbox_models WHERE name = ?", (name,))
