"""The Sandbox builds its session (and loads the data) in a worker: a slow CSV leaves the screen
answering keys, and a CSV that is not a regular file gets a message instead of a hang."""

from __future__ import annotations

import dataclasses
import os
import threading

from tests.ui.conftest import SIZE
from tests.ui.test_sandbox_ui import screen_text
from tests.waiting import until
from tutor.sandbox.state import State
from tutor.ui.app import TutorApp


async def test_a_slow_load_leaves_the_screen_answering(data_dir, monkeypatch):
    import tutor.sandbox.session as session_module

    release = threading.Event()
    real = session_module.load_data

    def slow_load(*args, **kwargs):
        assert threading.current_thread() is not threading.main_thread()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(session_module, "load_data", slow_load)
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "t")
        await until(pilot, lambda: "Loading the data…" in screen_text(app))
        await pilot.press("2")  # the tabs still switch while the data loads
        await pilot.pause()
        assert screen.query_one("TabbedContent").active == "data-tab"
        await pilot.press("t")
        await until(pilot, lambda: "Still loading the data…" in screen_text(app))
        release.set()
        await until(pilot, lambda: screen.session is not None and screen.session.epochs_done > 0)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state in (State.STOPPED, State.DONE))


async def test_a_fifo_named_csv_is_refused_not_waited_on(data_dir, tmp_path):
    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.load_config(dataclasses.replace(screen.config, data=str(fifo)))
        await pilot.press("escape", "t")
        await until(
            pilot,
            lambda: screen.message[0].endswith(
                "x.csv: not a regular file; give the path of a .csv file"
            ),
            seconds=10,
        )
        assert screen.message[1]  # shown as an error
        assert screen.session is None and not screen.training
