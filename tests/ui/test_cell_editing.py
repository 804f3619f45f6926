"""The code editor keeps indentation on enter; a cell says when its output is from old code,
and a cell or an exercise when its box shows less than all of its code (issue 13, item 18 and
the new learner's walk)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import SIZE, output_text, settle
from tutor.ui.lesson.cell import CellView, indent_after

NUMBERS, BROKEN = 1, 2  # in lesson "tiny"


def cell(app, index: int) -> CellView:
    return app.screen.query_one(f"#step-{index}").view


@pytest.mark.parametrize(
    ("line", "indent"),
    [
        ("def f(x):", "    "),
        ("    y = 1", "    "),
        ("    for i in range(3):  # each", "        "),
        ("x = {'a': 1}", ""),
        ("\treturn x", "\t"),
        ("print('a:')  # not a block", ""),
    ],
)
def test_indent_after(line, indent):
    assert indent_after(line) == indent


async def test_enter_keeps_the_indent_and_adds_one_after_a_colon(make_app):
    app = make_app(lesson="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await app.screen.go_to(BROKEN)
        await pilot.pause()
        view = cell(app, BROKEN)
        await pilot.press("e", "ctrl+a", "ctrl+k")  # an empty first line
        for key in [*"def f(x):", "enter", *"y=x", "enter", *"return y"]:
            await pilot.press(key)
        assert view.code.splitlines()[:3] == ["def f(x):", "    y=x", "    return y"]


async def test_reset_clears_the_error_of_the_dropped_edit(make_app):
    app = make_app(lesson="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await app.screen.go_to(BROKEN)
        await pilot.pause()
        view = cell(app, BROKEN)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "NameError" in output_text(view)
        await pilot.press("e", "ctrl+a", "ctrl+k", *"print(1)", "escape")
        await pilot.pause()
        title = str(view.query_one(".cell-title").content)
        assert "output is from old code" in title
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert output_text(view).strip() == ""  # print(1)'s output went with print(1)
        assert "old code" not in str(view.query_one(".cell-title").content)
        # The kernel still holds what the edit ran: the message says how to replace it.
        assert [n.message for n in app._notifications][-1] == (
            "Cell broken is back to the lesson's code; ctrl+r runs it (until then, your "
            "edit's run counts)."
        )


@pytest.mark.parametrize("step", [BROKEN, 3], ids=["cell", "exercise"])
async def test_a_tall_code_box_shows_all_its_code_and_the_page_follows_the_cursor(make_app, step):
    """No box hides lines (n reads all of a cell's code); typing below the screen's edge
    scrolls the page to the line being typed."""
    app = make_app(lesson="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await app.screen.go_to(step)
        await pilot.pause()
        editor = app.screen.frame(step).view.editor
        editor.load_text("\n".join(f"x{n} = {n}" for n in range(40)))
        await pilot.pause()
        assert editor.scrollable_content_region.height == 40
        editor.focus()
        editor.move_cursor((39, 0))
        await pilot.press("end", "1")
        await pilot.pause()
        page = app.screen.query_one("#page")
        cursor_y = editor.cursor_screen_offset.y
        assert page.content_region.y <= cursor_y < page.content_region.bottom
        assert editor.text.endswith("x39 = 391")


async def test_escape_then_a_key_sent_as_alt_leaves_the_editor_then_does_the_key(make_app):
    """A terminal turns escape followed quickly by n into alt+n: it typed an n into the code."""
    app = make_app(lesson="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await app.screen.go_to(NUMBERS)
        await pilot.pause()
        view = cell(app, NUMBERS)
        await pilot.press("e")
        assert app.focused is view.editor
        await pilot.press("alt+n")
        await pilot.pause()
        await pilot.pause()
        assert view.code == view.step.code
        assert app.screen.current == NUMBERS + 1
