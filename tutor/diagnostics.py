"""A problem found in content, reported as `file:line: message` by `python -m tutor check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def line_of(text: str, needle: str, occurrence: int = 0) -> int:
    """1-based line of the `occurrence`-th appearance of `needle` in `text` (1 if absent)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            return 1
    return text.count("\n", 0, start) + 1
