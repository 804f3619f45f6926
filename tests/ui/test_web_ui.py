"""In a browser tab (`python -m tutor serve`): the same keys work, and `$EDITOR` adapts.

The app is told it is on the web driver by patching `is_web`; tests/test_serve.py runs the
real thing in Chromium.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.ui.conftest import SIZE
from tutor.exercises import find_exercise
from tutor.lessons.loader import load_course
from tutor.ui.app import TutorApp
from tutor.ui.help import HelpScreen, help_sections


@pytest.fixture
def web_app(tmp_path, data_dir, monkeypatch) -> TutorApp:
    """The app as a browser tab runs it, on a lesson of one exercise (dense)."""
    monkeypatch.setattr(TutorApp, "is_web", property(lambda app: True))
    # An editor that would fail the test if the app tried to hand the terminal over to it.
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'raise SystemExit(3)'")
    lesson = tmp_path / "lessons" / "01-build"
    shutil.copytree(find_exercise("dense").path, lesson / "exercises" / "dense")
    (lesson / "lesson.md").write_text(
        '+++\nid = "build"\ntitle = "Build it"\ngoal = "Write Dense."\nminutes = 5\n+++\n\n'
        "::: prose\nOne piece to write.\n:::\n\n::: exercise id=dense\n:::\n"
    )
    course = load_course(tmp_path / "lessons")
    assert course.problems == []
    return TutorApp(data_dir, "learn", "build", course=course)


async def test_in_a_browser_the_hint_has_the_terminal_key(web_app):
    """ctrl+l is not one of the keys a browser keeps (ctrl+t, ctrl+n, ctrl+w)."""
    async with web_app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        view = web_app.screen.query_one(f"#step-{web_app.screen.current}").view
        assert "^l hint" in str(view._keys_text())
        await pilot.press("ctrl+l")
        hints = [str(hint.content) for hint in view.query(".exercise-hint")]
        assert [hint.split(":")[0] for hint in hints] == ["Hint 1 of 3"]
        await pilot.press("question_mark")
        assert isinstance(web_app.screen, HelpScreen)
        rows = dict(row for _, section in help_sections(web_app) for row in section)
        assert rows["ctrl+l"] == "Show the next hint"
        assert rows["f"] == "Your engine: fit with your own functions"


async def test_in_a_browser_o_says_where_the_file_is_instead_of_an_editor(web_app, data_dir):
    async with web_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        view = web_app.screen.query_one(f"#step-{web_app.screen.current}").view
        assert "o your file" in str(view._keys_text())
        await pilot.press("o")
        notes = [note.message for note in web_app._notifications]
        path = data_dir / "exercises" / "dense.py"
        assert any("browser tab cannot open an editor" in note for note in notes)
        assert any(str(path) in note for note in notes)
        assert path.exists()
        view.stop_watching()
