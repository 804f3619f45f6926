"""A bad file in the course or the learner's workspace gets a message in the app; the learner
is never locked out (a workspace file that is not UTF-8 crashed every resume of its lesson)."""

from __future__ import annotations

import shutil

from tests.ui.conftest import SIZE
from tests.ui.test_markup import screen_text, toasts
from tutor.exercises import find_exercise
from tutor.exercises.workspace import save_code, workspace_file
from tutor.lessons.loader import load_course
from tutor.paths import LESSONS_DIR
from tutor.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.cards import CardsScreen

LATIN1 = "def dense(a_in, W, b, g):\n    return 'caf\xe9'\n".encode("latin-1")


def one_exercise_course(tmp_path):
    lesson = tmp_path / "lessons" / "01-build"
    shutil.copytree(find_exercise("dense").path, lesson / "exercises" / "dense")
    (lesson / "lesson.md").write_text(
        '+++\nid = "build"\ntitle = "Build"\ngoal = "Write dense."\nminutes = 5\n+++\n\n'
        "::: prose\nOne piece.\n:::\n\n::: exercise id=dense\n:::\n"
    )
    course = load_course(tmp_path / "lessons")
    assert course.problems == []
    return course


async def test_a_workspace_file_that_is_not_utf8_does_not_lock_the_lesson(tmp_path, data_dir):
    course = one_exercise_course(tmp_path)
    exercise = find_exercise("dense")
    store = Store.open(data_dir)
    with store:
        store.progress.reach_step("build", 1)  # resume at the exercise
        save_code(store, data_dir, exercise, "# my work so far\n")
    path = workspace_file(data_dir, exercise)
    path.write_bytes(LATIN1)
    shown = []
    for _ in range(2):  # and again: the next resume is a plain one
        app = TutorApp(data_dir, "learn", "build", course=course)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause(0.3)
            step = app.screen.query_one(f"#step-{app.screen.current}").view
            assert step.editor.text == "# my work so far\n"
            shown.append(toasts(app))
    assert "It is kept as dense.py.unreadable-" in shown[0][0]
    assert shown[0][0].endswith("here is your last saved code.")
    assert shown[1] == []
    asides = list(data_dir.glob("exercises/dense.py.unreadable-*"))
    assert [aside.read_bytes() for aside in asides] == [LATIN1]


async def test_the_first_resume_says_where_the_file_went(tmp_path, data_dir):
    course = one_exercise_course(tmp_path)
    exercise = find_exercise("dense")
    store = Store.open(data_dir)
    with store:
        store.progress.reach_step("build", 1)
    path = workspace_file(data_dir, exercise)
    path.parent.mkdir(parents=True)
    path.write_bytes(LATIN1)
    app = TutorApp(data_dir, "learn", "build", course=course)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause(0.3)
        step = app.screen.query_one(f"#step-{app.screen.current}").view
        assert step.editor.text == exercise.starter
        (toast,) = toasts(app)
        assert f"{path}:2: this is not UTF-8 text (a byte 0xe9): save it as UTF-8." in toast
        assert "here is the starter code." in toast


async def test_cards_mode_opens_with_a_cards_file_that_is_binary(tmp_path, data_dir):
    root = tmp_path / "lessons"
    for name in ("02-dense", "04-sequential"):
        shutil.copytree(LESSONS_DIR / name, root / name)
    (root / "04-sequential" / "cards.toml").write_bytes(bytes(range(256)))
    course = load_course(root)
    app = TutorApp(data_dir, "cards", course=course)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CardsScreen)
        await pilot.press("a")  # every lesson's cards: the dense lesson's are there
        assert "New " in screen_text(app) and "all lessons" in screen_text(app)
