"""The first screen's path stays light: no NumPy, no engine, no kernel until a lesson needs them.

(How long it takes is measured by tests/ui/measure_startup.py, not asserted here.)"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import asyncio, sys
from tutor.cli import build_parser
from tutor.ui.app import TutorApp

async def main():
    build_parser()
    app = TutorApp(sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(type(app.screen).__name__)
        heavy = ("numpy", "tutor.engine", "tutor.lessons.kernel", "plotext", "textual_plotext",
                 "fsrs")
        print(sorted(name for name in sys.modules if name.startswith(heavy)))

asyncio.run(main())
"""


def test_the_home_screen_draws_without_numpy_or_the_engine(data_dir):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    screen, modules = result.stdout.splitlines()[-2:]
    assert screen == "HomeScreen"
    assert modules == "[]"
