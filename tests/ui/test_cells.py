"""Live cells: run, see the output, survive endless loops and crashes, keep the learner's edits."""

from __future__ import annotations

from tests.ui.conftest import SIZE, output_text, settle
from tests.waiting import until
from tutor.ui.lesson.cell import CellView

NUMBERS, BROKEN = 1, 2  # in lesson "tiny"
FIRST, TRAP, AFTER = 0, 1, 2  # in lessons "loop" and "crash"


def cell(app, index: int) -> CellView:
    return app.screen.query_one(f"#step-{index}").view


async def go_to(app, pilot, index: int) -> None:
    await app.screen.go_to(index)
    await pilot.pause()


async def test_running_a_cell_shows_what_it_printed_and_its_value(make_app):
    app = make_app(lesson="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "ctrl+r")
        await settle(app, pilot)
        text = output_text(cell(app, NUMBERS))
        assert "sum 6" in text
        assert text.rstrip().endswith("3")


async def test_an_error_is_shown_in_the_learners_terms(make_app):
    app = make_app(lesson="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, BROKEN)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        text = output_text(cell(app, BROKEN))
        assert "NameError (line 1): name 'undefined_name' is not defined" in text
        assert 'File "<cell broken>", line 1' in text  # by the cell's id, on every run


async def test_an_endless_loop_is_stopped_and_the_next_cell_runs(make_app):
    app = make_app(lesson="loop")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("n", "ctrl+r")
        await pilot.press("n")  # keys still work while the loop runs
        assert "step 3/3" in str(app.screen.query_one("#lesson-bar").content)
        await settle(app, pilot)
        assert "This cell ran longer than 2 s and was stopped." in output_text(cell(app, TRAP))
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "after 6" in output_text(cell(app, AFTER))


async def test_after_a_crash_the_cells_above_run_again_first(make_app):
    app = make_app(lesson="crash")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("n", "ctrl+r")
        await settle(app, pilot)
        crashed = output_text(cell(app, TRAP))
        assert "The kernel process ended while running this cell" in crashed
        assert "Your next run will first run the cells above again" in crashed
        await go_to(app, pilot, AFTER)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        after = output_text(cell(app, AFTER))
        assert "Running the cells above first: numbers" in after
        assert "after 6" in after


async def test_the_stop_key_interrupts_a_running_cell(make_app):
    app = make_app(lesson="loop")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, TRAP)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "looping" in output_text(cell(app, TRAP)))  # in the loop now
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        text = output_text(cell(app, TRAP))
        assert "KeyboardInterrupt" in text or "Stopped by you." in text
        assert "ran longer than" not in text


async def test_edits_are_kept_across_a_restart_and_reset_restores_the_lesson(make_app):
    app = make_app(lesson="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "e", "down", "down", "end")
        await pilot.press(*" + 1")
        await pilot.press("escape", "q")
    edited = 'x = [1, 2, 3]\nprint("sum", sum(x))\nlen(x) + 1'
    assert app.store.progress.cell_code("tiny", "numbers") == edited

    again = make_app(lesson="tiny")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = cell(again, NUMBERS)
        assert view.code == edited
        await pilot.press("ctrl+o")
        assert view.code == view.step.code
        assert again.store.progress.cell_code("tiny", "numbers") is None


async def test_a_view_that_cannot_be_drawn_says_why_and_the_app_goes_on(make_app):
    app = make_app(lesson="badhood")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(app, pilot)
        view = app.screen.frame(1).view
        assert "nope" in output_text(view)
        body = str(view.query_one(".hood-body").content)
        assert (
            body == "The view could not be drawn: the message above says why. ctrl+r tries again."
        )
        await pilot.press("p", "ctrl+r")
        await settle(app, pilot)
        assert app.screen.current == 0


async def test_the_loss_plot_grows_while_fit_runs_and_the_stop_key_ends_it(make_app):
    app = make_app(lesson="slow")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        view = cell(app, 0)
        await until(pilot, lambda: view.output.training and view.output.training.epochs_seen >= 3)
        assert app.screen.busy is view
        training = view.output.training
        seen = training.epochs_seen
        assert 3 <= seen < 300
        assert training.figures().plain.startswith(f"epoch {seen}/300   loss ")
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert not training.running
        assert training.message.startswith("Stopped after ")
        stopped_at = int(training.message.split()[2])
        assert seen <= stopped_at < 300
        assert f"epochs run: {stopped_at}" in output_text(view)
