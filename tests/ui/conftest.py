"""The app under test: a small course of its own, a temporary data dir, no animations."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.table import Table
from textual.widgets import OptionList, Static

from tutor.lessons.loader import load_course
from tutor.ui.app import TutorApp

LESSONS = Path(__file__).parent / "lessons"
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def course():
    loaded = load_course(LESSONS)
    assert loaded.problems == []
    return loaded


@pytest.fixture
def make_app(data_dir, course):
    """A fresh app on the same data dir each call, as a learner restarting tutor."""

    def make(place: str = "home", lesson: str | None = None) -> TutorApp:
        return TutorApp(data_dir, place, lesson, course=course)

    return make


async def next_step(app: TutorApp, pilot, key: str = "n") -> None:
    """Press `key` until the next step is current (n first scrolls through a tall step)."""
    start = app.screen.current
    for _ in range(20):
        await pilot.press(key)
        await pilot.pause()
        if app.screen.current != start:
            return
    raise AssertionError(f"{key} never reached the step after {start}")


async def settle(app: TutorApp, pilot) -> None:
    """Wait for kernel workers to finish and their messages to be handled."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def output_text(view) -> str:
    """The plain text of a cell's (or view's) output pieces."""
    return "\n".join(str(piece.content) for piece in view.output.query(Static))


def prompt_text(options: OptionList, index: int) -> str:
    """An option's text as shown (lesson options are grids of number and text)."""
    prompt = options.get_option_at_index(index).prompt
    if isinstance(prompt, Table):
        return " ".join(str(cell) for column in prompt.columns for cell in column.cells)
    return str(prompt)
