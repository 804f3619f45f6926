"""The Textual application: three modes (Learn, Cards, Sandbox), help, themes, the palette."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tutor.paths import data_dir as resolve_data_dir
from tutor.store import Store, StoreError
from tutor.ui.commands import JumpCommands
from tutor.ui.modes import MODE_SCREENS, screen_factory

# Below this the screens cannot be laid out readably; a notice asks for a larger terminal.
MIN_WIDTH, MIN_HEIGHT = 60, 16
DEFAULT_THEME = "textual-dark"


class TutorApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "tutor"
    MODES: ClassVar[dict[str, Callable[[], Screen]]] = {
        mode: screen_factory(mode) for mode in MODE_SCREENS
    }
    COMMANDS = App.COMMANDS | {JumpCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
        Binding("q", "quit", "Quit", show=False, id="quit-q"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("ctrl+t", "change_theme", "Theme", show=False, id="theme"),
        Binding("f2", "switch_mode('learn')", "Learn", show=False, id="mode-learn"),
        Binding("f3", "switch_mode('cards')", "Cards", show=False, id="mode-cards"),
        Binding("f4", "switch_mode('sandbox')", "Sandbox", show=False, id="mode-sandbox"),
    ]

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        place: str = "home",
        lesson: str | None = None,
        *,
        course: Any = None,
    ) -> None:
        super().__init__()
        self.data_dir: Path = resolve_data_dir(data_dir)
        self.store: Store = Store.open(self.data_dir)
        self._course = course
        self.place = place
        self.start_lesson = lesson
        # Flushes for edits not yet written (debounced saves); run before quitting.
        self.pending_saves: dict[object, Callable[[], None]] = {}

    @property
    def course(self):
        """The lessons (`tutor.lessons.Course`), loaded on first use."""
        if self._course is None:
            from tutor.lessons.loader import load_course

            self._course = load_course()
        return self._course

    def on_mount(self) -> None:
        if self.is_web:
            from tutor.ui.web import web_keymap

            self.update_keymap(web_keymap())
        theme = self.store.progress.setting("theme", DEFAULT_THEME)
        self.theme = theme if theme in self.available_themes else DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.store.warning:
            self.notify(self.store.warning, title="Progress", severity="warning", timeout=15)
        if self.course.problems:
            count = len(self.course.problems)
            self.notify(
                f"{count} problem{'s' * (count != 1)} in the lesson files: "
                "`python -m tutor check` lists them. Lessons that could not be read are left out.",
                title="Lessons",
                severity="warning",
                timeout=15,
            )
        self.switch_mode("learn")
        if self.place in ("cards", "sandbox"):
            self.switch_mode(self.place)
        elif self.start_lesson:
            self.open_lesson(self.start_lesson)
        self._check_size(self.size)

    def _remember_theme(self, theme) -> None:
        self.store.progress.set_setting("theme", theme.name)

    def action_open_interview_drill(self) -> None:
        """Every open interview question of the course, in random order, in the Learn mode."""
        from tutor.ui.quiz.drill import InterviewDrillScreen

        if self.current_mode != "learn":
            self.switch_mode("learn")
        self.push_screen(InterviewDrillScreen())

    def open_lesson(self, reference: str) -> None:
        """Open a lesson by id or number in the Learn mode, saying so if there is none."""
        from tutor.ui.lesson.player import LessonScreen

        lesson = self.course.find(reference)
        if lesson is None:
            numbers = ", ".join(str(lesson.number) for lesson in self.course.lessons)
            self.notify(
                f"There is no lesson {reference!r}. The lessons are: {numbers}.",
                severity="error",
            )
            return
        if self.current_mode != "learn":
            self.switch_mode("learn")
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(LessonScreen(lesson))

    def action_help(self) -> None:
        from tutor.ui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def save_pending(self) -> None:
        for flush in list(self.pending_saves.values()):
            flush()
        self.pending_saves.clear()

    async def action_quit(self) -> None:
        """Quit, writing any edit still waiting for its debounced save."""
        self.save_pending()
        self.exit()

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)  # runs before App's own handler records the new size

    def _check_size(self, size) -> None:
        from tutor.ui.too_small import TooSmallScreen

        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif showing and not small:
            self.pop_screen()


def run_app(data_dir: str | None = None, place: str = "home", lesson: str | None = None) -> int:
    """Run the app in the terminal; the exit code for `python -m tutor`."""
    try:
        app = TutorApp(data_dir, place, lesson)
    except StoreError as error:
        print(f"tutor: {error}")
        return 1
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or 0
