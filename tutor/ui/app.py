"""The Textual application: three modes (Learn, Cards, Sandbox), help, themes, the palette."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.screen import Screen
from textual.theme import Theme

from tutor.paths import data_dir as resolve_data_dir
from tutor.store import Store, StoreError
from tutor.ui.commands import JumpCommands
from tutor.ui.modes import MODE_SCREENS, screen_factory

if TYPE_CHECKING:
    from tutor.lessons.model import Course

# Below this the screens cannot be laid out readably; a notice asks for a larger terminal.
MIN_WIDTH, MIN_HEIGHT = 60, 16
DEFAULT_THEME = "textual-dark"
# Toasts sit over the page: brief, and never taller than a third of the screen.
TOAST_SECONDS, TOAST_MAX_SECONDS = 4.0, 10.0
TOAST_SHARE = 3


def fit_toast(message: str, width: int, height: int) -> str:
    """`message` cut at a word, with an ellipsis, to what a toast shows on a `width`×`height`
    terminal: the toast is 70% of the width (less its padding and border), at most a third of
    the height tall (less its title and padding)."""
    columns = max(int(width * 0.7) - 3, 10)
    lines = max(height // TOAST_SHARE - 3, 1)
    room = columns * lines
    if len(message) <= room - columns // 2:  # wrapping loses up to a word per line
        return message
    cut = message[: room - columns // 2 - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


class TutorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tutor"
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {
        mode: screen_factory(mode) for mode in MODE_SCREENS
    }
    COMMANDS = App.COMMANDS | {JumpCommands}
    NOTIFICATION_TIMEOUT = TOAST_SECONDS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
        Binding("q", "quit", "Quit", show=False, id="quit-q"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("f9", "change_theme", "Theme", show=False, id="theme"),
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
        course: Course | None = None,
    ) -> None:
        super().__init__()
        self.data_dir: Path = resolve_data_dir(data_dir)
        self.store: Store = Store.open(self.data_dir)
        self.store.report_write_errors(self._store_failed)
        self.store_failure: str | None = None  # the last write the store refused
        self._course = course
        self.place = place
        self.start_lesson = lesson
        # Flushes for edits not yet written (debounced saves); run before quitting.
        self.pending_saves: dict[object, Callable[[], object]] = {}
        # Toasts asked for while "make the terminal larger" shows; shown once it is large enough.
        self.held_toasts: list[tuple[str, dict[str, Any]]] = []

    @property
    def course(self) -> Course:
        """The lessons (`tutor.lessons.Course`), loaded on first use."""
        if self._course is None:
            from tutor.lessons.loader import load_course

            self._course = load_course()
        return self._course

    def notify(self, message: str, *, markup: bool = False, **options: Any) -> None:
        """Show a toast as plain text, whatever the caller asked for.

        Toasts carry card fronts, lesson references typed on the command line, save names and
        error text; read as markup, a `[` in any of them crashes the app (`MarkupError`). No
        toast of tutor's uses markup, so widgets' `notify` (which always passes `markup=True`)
        lands here and is shown literally. It is also cut to fit the screen, shown briefly, and
        held back while the "make the terminal larger" notice shows, so as not to cover it.
        """
        from tutor.ui.too_small import TooSmallScreen

        stack = self.screen_stack
        if stack and isinstance(stack[-1], TooSmallScreen):
            self.held_toasts.append((message, options))
            return
        options["timeout"] = min(options.get("timeout") or TOAST_SECONDS, TOAST_MAX_SECONDS)
        width, height = self.size
        super().notify(fit_toast(message, width, height), markup=False, **options)

    def on_mount(self) -> None:
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
        self.call_after_refresh(self._say_if_unconfined)
        self.switch_mode("learn")
        if self.place in ("cards", "sandbox"):
            self.switch_mode(self.place)
        elif self.start_lesson:
            self.open_lesson(self.start_lesson)
        self._check_size(self.size)

    def get_system_commands(self, screen: Screen) -> Iterator[SystemCommand]:
        """Textual's palette entries, with "Keys" opening tutor's help screen (which escape
        closes, and which lists every screen's keys) instead of Textual's key panel."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand(
                    "Keys", "Every key of every screen, in one place", self.action_help
                )
            else:
                yield command

    def _say_if_unconfined(self) -> None:
        """Once per start, where this system cannot confine learner code (no Landlock); the
        exercise panel's note repeats it where it matters. After the first paint: not on the
        startup path."""
        from tutor.childproc.spawn import confinement_status, landlock_abi

        if not landlock_abi():
            self.notify(confinement_status(), title="Learner code", severity="warning", timeout=15)

    def _remember_theme(self, theme: Theme) -> None:
        self.store.progress.set_setting("theme", theme.name)

    def action_open_interview_drill(self) -> None:
        """Every open interview question of the course, in random order, in the Learn mode."""
        from tutor.ui.quiz.drill import InterviewDrillScreen

        if self.current_mode != "learn":
            self.switch_mode("learn")
        self.push_screen(InterviewDrillScreen())

    def open_lesson(self, reference: str, step: int | None = None) -> None:
        """Open a lesson by id or number in the Learn mode (at `step`, else where the learner
        left it), saying so if there is none; a checkpoint attempt under way is dropped only if
        the learner agrees."""
        self.leave_checkpoint_then(lambda: self._open_lesson(reference, step))

    def _open_lesson(self, reference: str, step: int | None) -> None:
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
        self.push_screen(LessonScreen(lesson, step))

    def action_help(self) -> None:
        from tutor.ui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))  # opened at this screen's keys

    def save_pending(self) -> None:
        for flush in list(self.pending_saves.values()):
            flush()
        self.pending_saves.clear()

    async def action_quit(self) -> None:
        """Quit, writing any edit still waiting for its debounced save."""
        self.leave_checkpoint_then(self._save_and_exit)

    def _save_and_exit(self) -> None:
        """When the store refuses the last write, the terminal the app leaves says so."""
        self.store_failure = None
        self.save_pending()
        if self.store_failure:
            message = f"tutor: your last edit was not saved: {self.store_failure}"
            self.exit(return_code=1, message=message)
        else:
            self.exit()

    def _store_failed(self, error: StoreError) -> None:
        """A write the store could not make (full disk, lock, read-only file): one line.

        May run on a worker thread: `notify` posts a message, which is safe from any thread.
        """
        self.store_failure = str(error)
        self.notify(str(error), title="Not saved", severity="error", timeout=20, markup=False)

    def leave_checkpoint_then(self, then: Callable[[], object]) -> None:
        """Do `then` now or, while a checkpoint attempt is under way, once the learner agrees to
        drop it: every way out of an attempt (escape, q, the palette) asks the same question."""
        if any(getattr(screen, "attempt_in_progress", bool)() for screen in self.screen_stack):
            from tutor.ui.lesson.player import LeaveCheckpoint

            def then_if_left(leave: bool | None) -> None:
                if leave:
                    then()

            self.push_screen(LeaveCheckpoint(), then_if_left)
        else:
            then()

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)  # runs before App's own handler records the new size

    def _check_size(self, size: Size) -> None:
        from tutor.ui.too_small import TooSmallScreen

        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.clear_notifications()
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif showing and not small:
            self.pop_screen()
            held, self.held_toasts = self.held_toasts, []
            for message, options in held:
                self.notify(message, **options)


def run_app(data_dir: str | None = None, place: str = "home", lesson: str | None = None) -> int:
    """Run the app in the terminal; the exit code for `python -m tutor`."""
    app = TutorApp(data_dir, place, lesson)  # a StoreError is one line from `tutor.cli.main`
    # Without a terminal (a pipe, cron, a script) Textual would wait on input it never gets;
    # a web driver (the browser) brings its own.
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and "TEXTUAL_DRIVER" not in os.environ:
        app.store.close()
        print(
            "tutor: the app needs a terminal, and this is not one (input or output is "
            "redirected). Run it in a terminal, or see `python -m tutor --help` for the "
            "commands that work without one.",
            file=sys.stderr,
        )
        return 2
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or 0
