"""Snapshots of the key screens at 80×24 (update with `pytest --snapshot-update`)."""

from __future__ import annotations

from tests.ui.conftest import SIZE, next_step, settle


async def show_output(app, pilot) -> None:
    """Scroll to the current cell's output once it is complete, as the player does while it
    runs, so that the picture does not depend on when the last output arrived."""
    view = app.screen.frame(app.screen.current).view
    app.screen.query_one("#page").scroll_to_widget(view.output, animate=False)
    await pilot.pause()


def test_home_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_a_lesson_with_a_cells_output(snap_compare, make_app):
    app = make_app(lesson="tiny")

    async def run_cell(pilot):
        await pilot.press("n", "ctrl+r")
        await settle(app, pilot)
        await show_output(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_cell)


def test_an_under_the_hood_view(snap_compare, make_app):
    app = make_app(lesson="model")

    async def open_hood(pilot):
        await pilot.pause()
        await pilot.press("n")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_hood)


def test_the_live_training_view(snap_compare, make_app):
    app = make_app(lesson="model")

    async def train(pilot):
        await pilot.pause()
        await next_step(app, pilot)
        await next_step(app, pilot)  # past the tall under-the-hood step, to the training cell
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await show_output(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=train)
