"""The help screen opens at the keys of the place it was asked from; the rest scrolls."""

from __future__ import annotations

import pytest

from tests.ui.conftest import next_step
from tutor.differences import DIFFERENCES
from tutor.ui.help import HelpScreen
from tutor.ui.lesson.cell import CodeEditor


def first_line(app) -> str:
    """The first line inside the help box, as shown."""
    box = app.screen.query_one("#help").content_region
    line = app.screen._compositor.render_strips()[box.y].text
    return line[box.x : box.right].strip()


async def open_help(app, pilot) -> str:
    await pilot.press("question_mark")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    return first_line(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_help_opens_at_the_screen_it_was_asked_from(make_app, size):
    """Issue: ? always opened at the top, never at the current screen's keys."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert (await open_help(app, pilot)).startswith("Learn (home)")
        await pilot.press("escape", "c")  # Cards
        await pilot.pause()
        assert (await open_help(app, pilot)).startswith("Cards")
        await pilot.press("escape", "v")  # Card stats
        await pilot.pause()
        assert (await open_help(app, pilot)).startswith("Card stats")
        # The rest stays reachable: the top, and the end with the differences from Keras.
        await pilot.press("home")
        await pilot.pause()
        assert first_line(app).startswith("Keys (Esc closes)")
        await pilot.press("end")
        await pilot.pause()
        lines = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert DIFFERENCES[-1].why.split()[-1] in lines


async def test_help_from_the_code_editor_opens_at_the_editor_keys(make_app):
    app = make_app(lesson="tiny")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while not isinstance(app.focused, CodeEditor):
            await next_step(app, pilot)
            await pilot.press("e")
            await pilot.pause()
        await pilot.press("f1")  # ? types a question mark in the editor
        await pilot.pause()
        await pilot.pause()
        assert first_line(app).startswith("In the code editor")
