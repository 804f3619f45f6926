"""Toasts are brief, fit the space they have (cut with an ellipsis), and never cover the
"make the terminal larger" notice (issue 13, item 17)."""

from __future__ import annotations

import pytest

from tutor.ui.app import TOAST_MAX_SECONDS, fit_toast
from tutor.ui.too_small import TooSmallScreen

LONG = " ".join(f"word{n}" for n in range(200))


@pytest.mark.parametrize(("width", "height"), [(80, 24), (60, 20), (120, 40)])
def test_a_long_message_is_cut_at_a_word_with_an_ellipsis(width, height):
    shown = fit_toast(LONG, width, height)
    assert shown.endswith("…") and len(shown) < len(LONG)
    assert LONG.startswith(shown[:-1])
    assert shown[:-1].split()[-1] in LONG.split()  # whole words only
    assert fit_toast("Saved.", width, height) == "Saved."


async def test_toasts_are_brief_and_fit_the_screen(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await pilot.pause()
        app.notify(LONG, title="Long", timeout=60)
        await pilot.pause()
        note = list(app._notifications)[-1]
        assert note.timeout <= TOAST_MAX_SECONDS
        assert note.message.endswith("…")
        toast = app.screen.query("Toast").last()
        assert toast.region.height <= 20 // 3 + 1


async def test_no_toast_covers_the_make_it_larger_notice(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Before the resize")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert not list(app._notifications)
        app.notify("During it")
        await pilot.pause()
        assert not list(app._notifications)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert [note.message for note in app._notifications] == ["During it"]
