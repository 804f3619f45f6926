"""Moving around with keys only: home, lessons, steps, the palette, help, modes, quitting."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from tests.ui.conftest import LESSONS, SIZE, prompt_text
from tutor.lessons.loader import load_course
from tutor.ui.app import TutorApp
from tutor.ui.help import HelpScreen
from tutor.ui.home import HomeScreen
from tutor.ui.lesson.player import LessonScreen
from tutor.ui.quiz.drill import InterviewDrillScreen
from tutor.ui.too_small import TooSmallScreen


def bar(app) -> str:
    return str(app.screen.query_one("#lesson-bar", Static).content)


async def test_home_lists_lessons_and_continue_is_focused(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one(OptionList)
        assert app.focused is options
        assert options.highlighted == 0
        prompts = [prompt_text(options, i) for i in range(options.option_count)]
        assert prompts[0].startswith("▶ Start: lesson 1, A tiny lesson")
        assert "A tiny lesson  new" in prompts[1]
        assert "Walk through every kind of step" in prompts[1]
        assert "A second lesson  new" in prompts[4]


async def test_the_lesson_bar_keeps_the_step_on_one_line_at_60_columns(data_dir):
    app = TutorApp(data_dir, "learn", "1")  # the real course: its first title is long
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#lesson-bar", Static)
        assert line.region.height == 1
        shown = "".join(segment.text for segment in line.render_line(0))
        assert shown.startswith("Lesson 1, step 1/")  # then the title, cut short
        assert shown.rstrip().endswith("…")


async def test_open_a_lesson_walk_its_steps_and_come_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)
        assert "step 1/5" in bar(app)
        await pilot.press("enter", "n")  # enter goes on, as n does
        assert "step 3/5" in bar(app)
        await pilot.press("p")
        assert "step 2/5" in bar(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        prompt = prompt_text(app.screen.query_one(OptionList), 0)
        assert "Continue where you left off: 1. A tiny lesson, step 2/5" in prompt


async def test_finishing_the_last_step_marks_the_lesson_done(make_app):
    app = make_app(lesson="second")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "step 1/1:" in bar(app)
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen)
        assert app.store.progress.lesson("second").done
        options = app.screen.query_one(OptionList)
        assert "A second lesson  done" in prompt_text(options, 4)


async def test_palette_jumps_to_a_lesson_and_to_a_mode(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"second lesson")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "second"
        await pilot.press("ctrl+p")
        await pilot.press(*"go to cards")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "cards"
        await pilot.press("ctrl+p")
        await pilot.press(*"interview drill")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "learn"
        assert isinstance(app.screen, InterviewDrillScreen)


async def palette_titles(app, pilot, query: str) -> list[str]:
    """What the palette lists for `query`, best first (then the palette is closed)."""
    await pilot.press("ctrl+p")
    await pilot.press(*query)
    await pilot.pause(0.5)
    options = app.screen.query_one("CommandList", OptionList)
    titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return titles


async def test_the_palette_finds_help_topics_and_exercises(data_dir):
    app = TutorApp(data_dir, course=load_course())
    async with app.run_test(size=SIZE) as pilot:
        assert any(
            "Help: keys and screens" in title for title in await palette_titles(app, pilot, "help")
        )
        digits = await palette_titles(app, pilot, "digits")
        assert any(title.startswith("Exercise digits (lesson 10)") for title in digits)
        assert any("Lesson 1:" in title for title in digits)  # "digits" is in its title
        assert any("Lesson 10:" in title for title in digits)  # and in this one's goal
        await pilot.press("ctrl+p")
        await pilot.press(*"exercise backprop")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.lesson.id == "fit"
        assert screen.lesson.steps[screen.current].id == "backprop"
        await pilot.press("ctrl+p")
        await pilot.press(*"keys")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_the_interview_drill_opens_from_home_with_i(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InterviewDrillScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_learn_command_line_names_a_missing_lesson(make_app):
    app = make_app(lesson="99")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert "There is no lesson '99'. The lessons are: 1, 2, 3, 4, 5, 6, 7." in messages


async def test_help_lists_the_keys_of_every_screen(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        sections = dict(app.screen.sections)
        rows = {row for section in sections.values() for row in section}
        assert {"Everywhere", "Learn (home)", "A lesson", "In the code editor"} <= set(sections)
        for row in [
            ("ctrl+r", "Run"),
            ("n / → / ⏎ / space", "Next"),
            ("e", "Edit"),
            ("c", "Cards"),
            ("ctrl+o", "Reset"),
            ("esc", "Leave the editor (n / p move again)"),
            ("ctrl+g", "Stop training"),
            ("ctrl+q / q", "Quit"),
        ]:
            assert row in rows
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_modes_by_key_and_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert app.current_mode == "sandbox"
        await pilot.press("f2")
        assert app.current_mode == "learn"
        await pilot.press("c")
        assert app.current_mode == "cards"


async def test_q_types_in_the_editor_and_quits_elsewhere(make_app):
    app = make_app(lesson="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "e")
        editor = app.screen.query_one("#step-1 #editor")
        assert app.focused is editor
        await pilot.press("q")
        assert app.is_running
        assert "q" in editor.text
        await pilot.press("escape", "q")
        await pilot.pause()
    assert not app.is_running


async def test_a_tiny_terminal_asks_to_be_made_larger(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        notice = str(app.screen.query_one("#too-small", Static).content)
        assert notice.startswith("Make the terminal larger")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_broken_lesson_file_is_reported_and_the_rest_still_open(tmp_path, data_dir):
    good = tmp_path / "01-good"
    good.mkdir()
    (good / "lesson.md").write_text((LESSONS / "04-second" / "lesson.md").read_text())
    broken = tmp_path / "02-broken"
    broken.mkdir()
    (broken / "lesson.md").write_text("+++\nid = \n+++\n")
    app = TutorApp(data_dir, course=load_course(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(
            "in the lesson files: `python -m tutor check` lists them." in m for m in messages
        )
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)


async def test_the_command_line_place_opens_that_mode(make_app):
    app = make_app(place="sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current_mode == "sandbox"
