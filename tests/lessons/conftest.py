"""A temporary course folder to write lessons into."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

FRONT = """\
+++
id = "{id}"
title = "A lesson"
goal = "Learn a thing."
minutes = 5
prerequisites = {prerequisites}
+++
"""


def lesson_text(lesson_id: str = "one", body: str = "", prerequisites: str = "[]") -> str:
    return FRONT.format(id=lesson_id, prerequisites=prerequisites) + textwrap.dedent(body)


@pytest.fixture
def course_dir(tmp_path: Path):
    root = tmp_path / "lessons"
    root.mkdir()

    def write(folder: str, text: str) -> Path:
        path = root / folder
        path.mkdir(exist_ok=True)
        (path / "lesson.md").write_text(text)
        return path

    write.root = root
    return write
