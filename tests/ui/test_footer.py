"""At 80×24 and 60×20: Help stays whole in every footer (issue 13, item 15), and the
exercise's safety note is read whole (item 22).

Textual's footer cut the row at the edge, and Help came last ("? H"); tutor's footer leads with it.
"""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.ui.conftest import settle
from tutor.exercises.runner import SHORT_SAFETY_NOTE
from tutor.ui.help import HelpScreen

SIZES = [(80, 24), (60, 20)]


def footer_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


def assert_help_shown(app, where: str) -> None:
    """Help first, and every key shown is whole (a key that does not fit is left out: "e" for
    "esc Back" said nothing)."""
    line = footer_line(app)
    assert "? Help" in line, f"{where}: {line!r}"
    width = app.size.width
    for key in app.screen.query(FooterKey):
        text = f"{key.key_display} {key.description}"
        assert key.region.width and key.region.right <= width, f"{where}: {text!r} cut: {line!r}"


@pytest.mark.parametrize("size", SIZES)
async def test_help_is_whole_in_the_footer_of_every_main_screen(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert_help_shown(app, "home")
        await pilot.press("i")
        await pilot.pause()
        assert_help_shown(app, "interview drill")
        await pilot.press("escape", "c")
        await pilot.pause()
        assert_help_shown(app, "cards")
        await pilot.press("v")
        await pilot.pause()
        assert_help_shown(app, "card stats")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "esc Close" in footer_line(app)


@pytest.mark.parametrize("size", SIZES)
async def test_help_is_whole_in_the_footer_of_every_kind_of_lesson_step(make_app, size):
    app = make_app("learn", "tiny")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        seen = set()
        for _ in range(12):  # prose, two cells, the exercise, the checkpoint
            await settle(app, pilot)
            view = type(app.screen.query_one(f"#step-{app.screen.current}").view).__name__
            seen.add(view)
            assert_help_shown(app, f"lesson step {app.screen.current}")
            if view == "CheckpointView":
                break
            await pilot.press("n")
        assert {"CellView", "ExerciseView", "CheckpointView"} <= seen, seen


@pytest.mark.parametrize("size", SIZES)
async def test_the_exercise_safety_note_is_read_whole_by_pressing_n(make_app, size):
    app = make_app("learn", "tiny")
    async with app.run_test(size=size) as pilot:
        await app.screen.go_to(3)  # the exercise
        await pilot.pause()
        screens = []
        while app.screen.current == 3:
            lines = app.screen._compositor.render_strips()
            screens.append(" ".join(" ".join(strip.text.split()) for strip in lines))
            await pilot.press("n")
            await pilot.pause()
        assert any(SHORT_SAFETY_NOTE in screen.replace("█ ", "") for screen in screens)
