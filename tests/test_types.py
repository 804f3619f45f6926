"""Type hints are part of the build: mypy, configured in pyproject.toml, must pass on tutor/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_mypy_is_clean():
    # mypy's cache (.mypy_cache) is keyed by file contents, so a warm run is both right and fast.
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
