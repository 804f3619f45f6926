"""Progress that lasts: quitting and coming back to the same step, the theme remembered."""

from __future__ import annotations

import shutil
import sqlite3

from textual.widgets import OptionList, Static

import tutor.store.db as db_module
from tests.ui.conftest import SIZE, output_text, prompt_text, settle
from tutor.ui.home import HomeScreen
from tutor.ui.lesson.player import LessonScreen


async def test_quit_and_resume_at_the_same_step(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "n")
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        options = again.screen.query_one(OptionList)
        assert "1. A tiny lesson, step 3/5" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert isinstance(again.screen, LessonScreen)
        assert "step 3/5" in str(again.screen.query_one("#lesson-bar", Static).content)
        assert again.screen.current == 2


async def test_the_theme_is_remembered(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert app.store.progress.setting("theme") == "nord"

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_the_theme_key_opens_the_theme_picker(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"


async def test_an_unreadable_progress_file_is_set_aside_with_a_message(data_dir, make_app):
    (data_dir / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Your progress file could not be read") for m in messages)
        assert isinstance(app.screen, HomeScreen)


async def test_a_damaged_progress_file_restored_from_a_snapshot_says_so(data_dir, make_app):
    app = make_app()
    app.store.progress.reach_step("tiny", 2)
    app.store.close()
    shutil.rmtree(data_dir / "backups")
    make_app().store.close()  # this start's snapshot holds step 2
    (data_dir / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("Your progress file was damaged (file is not a database)")
            and "your progress was restored from the snapshot of" in m
            for m in messages
        )
        assert app.store.progress.lesson("tiny").step == 2


async def test_a_store_error_while_running_is_one_line_and_the_app_goes_on(
    data_dir, make_app, monkeypatch
):
    monkeypatch.setattr(db_module, "WRITE_TIMEOUT", 0.1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        other = sqlite3.connect(data_dir / "progress.sqlite3", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # another program holds the database
        await pilot.press("n")  # each step reached is saved
        await pilot.pause()
        other.execute("ROLLBACK")
        other.close()
        errors = {n.message for n in app._notifications if n.severity == "error"}
        assert errors == {
            f"could not save to {data_dir / 'progress.sqlite3'}: it is locked by another "
            "program (is tutor already running?); close that and try again"
        }
        assert app.is_running and isinstance(app.screen, LessonScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.store.progress.lesson("tiny").step == 2


async def test_quitting_when_the_last_edit_cannot_be_saved_says_so(data_dir, make_app, monkeypatch):
    monkeypatch.setattr(db_module, "WRITE_TIMEOUT", 0.1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        other = sqlite3.connect(data_dir / "progress.sqlite3", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        app.pending_saves["cell"] = lambda: app.store.progress.save_cell_code("tiny", "c", "x")
        await pilot.press("q")
        await pilot.pause()
        other.execute("ROLLBACK")
        other.close()
    assert not app.is_running
    assert app.return_code == 1
    assert app.store_failure.startswith("could not save to")


async def test_the_home_screen_shows_the_best_checkpoint_score(make_app):
    app = make_app()
    app.store.checkpoints.record("tiny", 0.5, False, [])
    app.store.checkpoints.record("tiny", 0.8, True, [])
    app.store.checkpoints.record("loop", 0.25, False, [])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert "checkpoint 80% (passed)" in prompt_text(options, 1)
        assert "checkpoint 25% (not passed yet)" in prompt_text(options, 2)
        assert "checkpoint" not in prompt_text(options, 3)


async def test_resuming_opens_at_the_saved_step_and_builds_the_steps_above_on_p(make_app):
    """The saved step is the first thing drawn: the steps above are built only when p reaches
    them (building them first drew the top of the page before scrolling down)."""
    app = make_app()
    app.store.progress.reach_step("tiny", 2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert [frame.index for frame in screen.frames] == [2]
        above = screen.query_one("#page-start", Static)
        assert str(above.content) == "↑ Steps 1–2 are above: p goes back."
        await pilot.pause()
        assert above.region.y == screen.query_one("#page").region.y  # in sight, at the top
        await pilot.press("p")
        assert [frame.index for frame in screen.frames] == [1, 2]
        assert screen.current == 1
        assert str(above.content) == "↑ Step 1 is above: p goes back."
        await pilot.press("p")
        assert [frame.index for frame in screen.frames] == [0, 1, 2]
        assert not above.display


async def test_a_run_after_resuming_first_runs_the_unbuilt_cells_above_as_edited(make_app):
    app = make_app()
    build = next(step for step in app.course.find("model").steps if step.id == "build")
    app.store.progress.save_cell_code("model", "build", build.code + "\nEDITED = 'yes'\n")
    app.store.progress.save_cell_code("model", "train", "print('edited', EDITED)")
    app.store.progress.reach_step("model", 2)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("model")
        await pilot.pause()
        screen = app.screen
        assert [frame.index for frame in screen.frames] == [2]
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        text = output_text(screen.query_one("#step-2").view)
        assert "Running the cells above first: build" in text
        assert "edited yes" in text
