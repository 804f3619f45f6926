"""Exercises in the app at 80×24, by keys: check, hints, give up, $EDITOR, your engine, restart."""

from __future__ import annotations

import contextlib
import shlex
import shutil
import sys

import pytest
from textual.widgets import Static

from tests.ui.conftest import SIZE, next_step
from tests.waiting import until
from tutor.exercises import all_exercises, find_exercise
from tutor.exercises.runner import SHORT_SAFETY_NOTE
from tutor.lessons.loader import load_course
from tutor.ui.app import TutorApp
from tutor.ui.exercises import ExerciseView
from tutor.ui.exercises.give_up import GiveUpScreen

IDS = [exercise.id for exercise in all_exercises()]


@pytest.fixture
def course(tmp_path):
    """A lesson of a prose step and the course's exercises, one step each."""
    lesson = tmp_path / "lessons" / "01-build"
    for exercise in all_exercises():
        shutil.copytree(exercise.path, lesson / "exercises" / exercise.id)
    steps = "".join(f"::: exercise id={exercise_id}\n:::\n\n" for exercise_id in IDS)
    (lesson / "lesson.md").write_text(
        '+++\nid = "build"\ntitle = "Build it yourself"\ngoal = "Write the engine\'s pieces."\n'
        f"minutes = 30\n+++\n\n::: prose\nFive pieces to write.\n:::\n\n{steps}"
    )
    loaded = load_course(tmp_path / "lessons")
    assert loaded.problems == []
    return loaded


@pytest.fixture
def make_app(data_dir, course):
    def make() -> TutorApp:
        return TutorApp(data_dir, "learn", "build", course=course)

    return make


def view(app) -> ExerciseView:
    return app.screen.query_one(f"#step-{app.screen.current}").view


def rendered(app, selector: str) -> str:
    """The widget's text as the terminal would show it, at its width."""
    widget = view(app).query_one(selector, Static)
    console = app.console
    lines = console.render_lines(widget.content, console.options.update(width=76))
    return "\n".join("".join(segment.text for segment in line).rstrip() for line in lines)


def flat(text: str) -> str:
    """Wrapped text as one line, for phrases that may break across lines."""
    return " ".join(text.split())


async def check(app, pilot) -> str:
    await pilot.press("ctrl+r")
    await until(pilot, lambda: not view(app).checking)
    await pilot.pause()
    return rendered(app, "#exercise-verdict")


async def test_a_learner_completes_them_all_with_keys_then_trains_with_them(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for exercise_id in IDS:
            await next_step(app, pilot)
            exercise = find_exercise(exercise_id)
            assert view(app).exercise.id == exercise_id
            assert app.focused is view(app)
            await pilot.press("e")
            assert app.focused is view(app).editor
            assert view(app).editor.text == exercise.starter
            view(app).editor.load_text(exercise.solution)  # the learner's typing
            verdict = await check(app, pilot)
            assert verdict.startswith("Passed")
            solution = rendered(app, "#exercise-solution")
            assert "The reference solution" in solution
            # Numbered, so that a line wrapped on a narrow screen still reads as one line.
            assert "  1 " in solution.splitlines()[1]
            await pilot.press("escape")  # leave the editor: n and p move again
        assert "f (when not editing) trains the coffee-roasting network" in flat(
            rendered(app, "#exercise-engine")
        )
        await pilot.press("f")
        await until(pilot, lambda: not view(app).training)
        await pilot.pause()
        engine = rendered(app, "#exercise-engine")
        assert "your loss and the engine's agree" in flat(engine)
        assert "accuracy on the 200 roasts" in engine
    store_states = TutorApp(data_dir).store.exercises.all_states()
    assert all(store_states[exercise_id].passed for exercise_id in IDS)
    assert store_states["engine"].attempts == 1


async def test_e_edits_and_enter_goes_on_to_the_next_step_as_on_a_cell(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert rendered(app, "#exercise-keys").splitlines()[-1].startswith("e edits · ^r check")
        await next_step(app, pilot, "enter")
        assert (app.screen.current, view(app).exercise.id) == (2, IDS[1])
        assert app.focused is view(app)
        await pilot.press("e")
        assert app.focused is view(app).editor
        assert rendered(app, "#exercise-keys").splitlines()[-1].startswith("esc leaves the editor")


async def test_a_wrong_answer_hints_and_giving_up_by_keys(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "e")
        editor = view(app).editor
        editor.load_text("def dense(a_in, W, b, g):\n    return a_in @ W + b\n")
        verdict = await check(app, pilot)
        assert verdict.startswith("Not yet (check 1 of 6:")
        assert "These are z = a_in @ W + b, before the activation" in flat(verdict)
        await pilot.press("ctrl+l", "ctrl+l")
        hints = [str(hint.content) for hint in view(app).query(".exercise-hint")]
        assert [hint.split(":")[0] for hint in hints] == ["Hint 1 of 3", "Hint 2 of 3"]
        await pilot.pause()
        # Whole: their box once had a fixed height that showed hint 1's first line only.
        shown = view(app).query_one("#exercise-hints").region.height
        assert shown == sum(hint.outer_size.height for hint in view(app).query(".exercise-hint"))
        await pilot.press("ctrl+b")
        assert isinstance(app.screen, GiveUpScreen)
        await pilot.press("n")  # keep trying
        assert not view(app).solution_shown
        await pilot.press("ctrl+b")
        await pilot.press("y")
        await pilot.pause()
        assert view(app).solution_shown
        assert "return g(z)" in rendered(app, "#exercise-solution")
        assert "[solution shown]" in rendered(app, "#exercise-title")
    state = TutorApp(data_dir).store.exercises.state("dense")
    assert (state.gave_up, state.passed, state.hints_shown, state.attempts) == (True, False, 2, 1)


async def test_progress_and_code_survive_a_restart(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "e")
        view(app).editor.load_text(find_exercise("dense").solution)
        await check(app, pilot)
        await pilot.press("escape")
        await next_step(app, pilot)
        await pilot.press("e")
        view(app).editor.load_text("def sequential(x, layers):\n    return 'mine'\n")
        await pilot.press("ctrl+l")
        await pilot.press("ctrl+q")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert view(app).exercise.id == "sequential"  # where the learner left off
        assert view(app).editor.text == "def sequential(x, layers):\n    return 'mine'\n"
        assert len(view(app).query(".exercise-hint")) == 1
        await pilot.press("p")
        assert "[passed]" in rendered(app, "#exercise-title")
        assert view(app).solution_shown
        assert view(app).editor.text == find_exercise("dense").solution


def limit_dense(course, seconds: int) -> None:
    """Give the course's copy of the dense exercise a time limit of its own."""
    with (course.root / "01-build" / "exercises" / "dense" / "exercise.toml").open("a") as file:
        file.write(f"timeout = {seconds}\n")


async def test_an_endless_loop_is_stopped_and_keys_keep_working(make_app, course):
    limit_dense(course, 2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "e")
        view(app).editor.load_text("def dense(a_in, W, b, g):\n    while True:\n        pass\n")
        await pilot.press("ctrl+r")
        assert view(app).checking
        await pilot.press("ctrl+l")  # the app answers while the check runs
        assert len(view(app).query(".exercise-hint")) == 1
        await until(pilot, lambda: not view(app).checking)
        await pilot.pause()
        verdict = rendered(app, "#exercise-verdict")
        assert verdict.startswith("Stopped: your code ran too long")
        assert "did not return within 2 s" in flat(verdict)
        assert flat(rendered(app, "#exercise-note")) == SHORT_SAFETY_NOTE


async def test_o_opens_editor_and_rechecks_what_it_saved(make_app, monkeypatch, data_dir):
    solution = find_exercise("dense").path / "solution.py"
    copy = f"import shutil, sys; shutil.copy({str(solution)!r}, sys.argv[1])"
    monkeypatch.setenv("EDITOR", shlex.join([sys.executable, "-c", copy]))
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # a test has no terminal
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "o")
        await until(pilot, lambda: not view(app).checking)
        await pilot.pause()
        assert rendered(app, "#exercise-verdict").startswith("Passed: all 6 checks")
        assert view(app).editor.text == solution.read_text()
        assert (data_dir / "exercises" / "dense.py").read_text() == solution.read_text()
        view(app).stop_watching()


async def test_a_save_from_another_editor_is_checked(make_app, monkeypatch, data_dir):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "o")
        path = data_dir / "exercises" / "dense.py"
        assert any(str(path) in note.message for note in app._notifications)
        await until(pilot, lambda: view(app).watching)
        path.write_text(find_exercise("dense").solution)
        await until(pilot, lambda: "Passed" in rendered(app, "#exercise-verdict"))
        assert view(app).editor.text == find_exercise("dense").solution
        view(app).stop_watching()


def test_an_exercise_with_a_hint_and_the_solution_snapshot(snap_compare, make_app):
    app = make_app()

    async def give_up(pilot):
        await pilot.press("n", "ctrl+l", "ctrl+b", "y")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=give_up)


async def test_leaving_stops_a_check_still_running(make_app, course):
    limit_dense(course, 60)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "e")
        view(app).editor.load_text("def dense(a_in, W, b, g):\n    while True:\n        pass\n")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: view(app)._children)
        [child] = view(app)._children
        await pilot.press("escape", "escape")  # out of the editor, back to the lessons
        assert child.wait(timeout=10) == -9  # killed, not left to run out its 60 s


async def test_typing_an_answer_key_by_key(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(IDS.index("predict") + 1):
            await next_step(app, pilot)
        await pilot.press("e")
        assert view(app).exercise.id == "predict"
        while view(app).editor.cursor_location[0] < 9:  # long lines wrap: down moves by rows
            await pilot.press("down")
        await pilot.press("end", "backspace", "backspace", "backspace")
        await pilot.press(*"return (probabilities >= threshold).astype(int)")
        assert "    return (probabilities >= threshold).astype(int)" in view(app).editor.text
        assert (await check(app, pilot)).startswith("Passed: all 4 checks")
