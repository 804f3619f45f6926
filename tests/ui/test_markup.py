"""Text that is not the app's own is shown as written: a `[` in a card, a lesson title, a save
name or an error message is never read as markup (which crashed the app with MarkupError)."""

from __future__ import annotations

from textual.widgets._toast import Toast

from tests.ui.conftest import SIZE
from tests.waiting import until
from tutor.lessons.loader import load_course
from tutor.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.lesson.player import LessonScreen

# An unclosed tag, a closing tag with nothing to close, a link: each is a MarkupError or
# vanishes when read as markup.
NASTY = "[b= [/] [link=x]"
# The card that crashed the app: its first 50 characters end inside an unclosed "[...=".
SEQUENTIAL = "What does Sequential([Dense(3, activation='sigmoid'), Dense(1)]) specify?"


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def toasts(app) -> list[str]:
    """The toasts on screen, as their widgets render them (they wrap on the screen)."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_card_text_and_the_undo_toast_show_brackets_literally(make_app, data_dir):
    store = Store.open(data_dir)
    store.cards.add_card("tiny-x", SEQUENTIAL, f"back {NASTY}", source="t", lesson_id="tiny")
    store.cards.add_card("tiny-y", f"front {NASTY}", "back", source="t", lesson_id="tiny")
    store.progress.reach_step("tiny", 1)
    store.close()
    app = make_app("cards")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        for _ in range(2):
            await pilot.press("enter")
            await pilot.press("3")
        await pilot.press("u")
        await pilot.pause(0.2)
        assert f"front {NASTY}" in screen_text(app)
        assert f"Undone: front {NASTY}" in toasts(app)
        await pilot.press("u")
        await pilot.pause(0.2)
        assert f"Undone: {SEQUENTIAL[:50]}" in toasts(app)
        await pilot.press("enter")
        assert f"back {NASTY}" in screen_text(app)


def write_lesson(root, title: str) -> None:
    folder = root / "01-nasty"
    folder.mkdir(parents=True)
    (folder / "lesson.md").write_text(
        f'+++\nid = "nasty"\ntitle = "{title}"\ngoal = "Goal {title}"\nminutes = 1\n+++\n\n'
        "::: prose\nHello.\n:::\n\n::: prose\nAgain.\n:::\n",
        encoding="utf-8",
    )


async def test_lesson_titles_and_goals_show_brackets_literally(tmp_path, data_dir):
    write_lesson(tmp_path / "lessons", NASTY)
    course = load_course(tmp_path / "lessons")
    assert course.problems == []
    app = TutorApp(data_dir, "home", course=course)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert f"lesson 1, {NASTY}" in screen_text(app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"lesson")
        await pilot.pause(0.5)
        assert f"Lesson 1: {NASTY}" in screen_text(app)
        assert f"Goal {NASTY}" in screen_text(app)
        await pilot.press("escape")
        app.open_lesson("nasty")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert f"Lesson 1, step 1/2:  {NASTY}" in screen_text(app)


async def test_a_lesson_reference_with_brackets_gets_a_plain_error(make_app):
    app = make_app("learn", lesson="[b=")  # python -m tutor learn '[b='
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause(0.2)
        assert "There is no lesson '[b='. The lessons are: 1, 2, 3, 4, 5, 6, 7." in toasts(app)


async def test_a_save_name_with_brackets_is_listed_and_announced_literally(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "s")  # one epoch, then paused
        await until(pilot, lambda: screen.session.state == "paused")
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == "stopped")
        await pilot.press("6", "tab")
        assert app.focused.id == "save-name"
        await pilot.press(*NASTY, "enter")
        await pilot.pause(0.2)
        assert app.store.sandbox.names() == [NASTY]
        said = screen.query_one("#status").render().plain  # the status says it, literally
        assert f"Saved “{NASTY}” with its weights (1 epoch)." in " ".join(said.split())
        assert f"▊ {NASTY}" in screen_text(app)  # the list of saved models
