"""Where tutor keeps the learner's data, and where the shipped content lives."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "TUTOR_DATA_DIR"

PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent
ASSETS_DIR = REPO_ROOT / "assets"
LESSONS_DIR = REPO_ROOT / "lessons"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: `--data-dir`, else `$TUTOR_DATA_DIR`, else the user data dir.

    Only chosen here: `Store.open` creates it, and says in one line why when it cannot.
    """
    if override:
        chosen = Path(override)
    elif os.environ.get(ENV_DATA_DIR):
        chosen = Path(os.environ[ENV_DATA_DIR])
    else:
        from platformdirs import user_data_dir

        chosen = Path(user_data_dir("tutor", appauthor=False))
    return chosen.expanduser()
