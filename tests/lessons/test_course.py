"""The shipped course: `python -m tutor check` passes, every lesson's cells run in order on the
engine, and every precise number quoted in a lesson's text is one its code prints or contains."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tutor.lessons.loader import load_course
from tutor.lessons.model import Cell
from tutor.lessons.validate import run_lesson
from tutor.paths import LESSONS_DIR, REPO_ROOT

COURSE = load_course(LESSONS_DIR)
# A number with three or more decimals reads as a result, not a round example: quote it exactly.
PRECISE = re.compile(r"(?<![\w.])-?\d+\.\d{3,}(?!\w|\.\d)")


def test_the_course_loads_without_problems():
    assert COURSE.lessons, "no lessons found"
    assert [str(p) for p in COURSE.problems] == []


def test_tutor_check_passes_on_the_course():
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lessons = len(COURSE.lessons)
    assert result.stdout.startswith(f"checked {lessons} lessons, ran ")
    assert result.stdout.endswith(" cells: all good\n")


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.path.name)
def test_every_cell_runs_and_quoted_numbers_come_from_the_code(lesson):
    runs = run_lesson(lesson)
    failures = [
        f"line {run.step.line}: {run.failure or run.result.error}"
        for run in runs
        if run.failure or (run.result is not None and not run.result.ok)
    ]
    assert failures == []
    ran = [run.step for run in runs if run.result is not None]
    assert ran == list(lesson.cells), "a cell did not run"
    produced = "\n".join(
        [run.result.stdout for run in runs if run.result]
        + [d.text for run in runs if run.result for d in run.result.displays]
        + [cell.code for cell in lesson.cells]
    )
    quoted = [
        (step.line, number)
        for step in lesson.steps
        if not isinstance(step, Cell)
        for number in PRECISE.findall(step.body)
    ]
    missing = [f"step at line {line}: {n}" for line, n in quoted if n not in produced]
    assert missing == [], "numbers quoted in the text that no cell prints"
