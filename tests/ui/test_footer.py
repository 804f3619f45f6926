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


def footer_keys(app) -> list[str]:
    """The keys of the footer on top, each only if it is whole on screen."""
    from textual.widgets._footer import FooterKey

    width = app.screen.size.width
    return [
        f"{key.key_display} {key.description}"
        for key in app.screen.query(FooterKey)
        if key.region.width and key.region.right <= width
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_a_dialogs_footer_shows_the_dialogs_own_keys(make_app, size):
    """Under a dialog, its keys (y, n and escape), not those of the screen beneath, which do
    nothing while the dialog is up (issue 13). No Help either: a dialog takes every key."""
    from tutor.ui.cards.lesson_picker import LessonPicker
    from tutor.ui.exercises.give_up import GiveUpScreen
    from tutor.ui.lesson.player import LeaveCheckpoint

    app = make_app("learn", "tiny")
    async with app.run_test(size=size) as pilot:
        await app.screen.go_to(3)  # the exercise
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, GiveUpScreen)
        assert footer_keys(app) == ["y Show the solution", "n/esc Keep trying"]
        await pilot.press("escape")
        app.push_screen(LeaveCheckpoint())  # as escape does during a checkpoint attempt
        await pilot.pause()
        assert isinstance(app.screen, LeaveCheckpoint)
        assert footer_keys(app) == ["y Leave", "n/esc Stay"]
        await pilot.press("n")
        await pilot.press("f3", "l")  # cards: which lessons' cards to revise
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)
        assert footer_keys(app) == ["⏎ Choose", "esc Cancel"]
        assert app.screen.query_one("#picker-options").region.right <= size[0]  # 64 wide at 80
