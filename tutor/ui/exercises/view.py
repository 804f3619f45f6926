"""An exercise step: the prompt, a code editor, checks on a key, hints, the solution, your engine.

Checks run in a thread worker (the learner's code itself in a child process, see
`tutor.exercises.runner`), so the page answers keys while they run. The code is kept in the
store and in `data_dir/exercises/<file>`, which `o` opens in $EDITOR; once opened, the file is
watched and re-checked whenever it is saved, from any editor.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual import events, getters, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Markdown, Static, TextArea
from textual.worker import get_current_worker

from tutor.diagnostics import UnreadableText, read_text
from tutor.exercises import runner
from tutor.exercises.catalog import (
    Exercise,
    ExerciseNotFound,
    all_exercises,
    find_exercise,
    load_exercise,
)
from tutor.exercises.runner import SHORT_SAFETY_NOTE, Status, Verdict
from tutor.exercises.workspace import (
    current_code,
    engine_ready,
    record_verdict,
    resume_code,
    save_code,
)
from tutor.exercises.your_engine import ORDER as ENGINE_PIECES
from tutor.exercises.your_engine import EngineResult, comparison_table, run_your_engine
from tutor.lessons.model import Exercise as ExerciseStep
from tutor.lessons.model import Lesson
from tutor.ui.app import TutorApp
from tutor.ui.exercises.give_up import GiveUpScreen
from tutor.ui.lesson.cell import CodeEditor

EXERCISES_CSS = (Path(__file__).parent / "exercises.tcss").read_text(encoding="utf-8")
SAVE_AFTER_SECONDS = 0.5  # debounce: write the code once typing pauses
WATCH_SECONDS = 0.5  # how often the workspace file's modification time is looked at


def exercise_of(lesson: Lesson, step: ExerciseStep) -> Exercise:
    """The exercise beside the lesson, else the course's exercise with that id."""
    folder = lesson.path / "exercises" / step.id
    if (folder / "exercise.toml").exists():
        return load_exercise(folder)
    return find_exercise(step.id)


class ExerciseView(Vertical, can_focus=True):
    """A build-it-yourself exercise on the lesson page."""

    app = getters.app(TutorApp)  # typed: `self.app.store`, `self.app.data_dir`
    DEFAULT_CSS = EXERCISES_CSS
    SCOPED_CSS = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit code", id="exercise-edit", show=False),
        Binding("ctrl+r", "check", "Check", id="exercise-check"),
        Binding("ctrl+l", "hint", "Hint", id="exercise-hint"),
        Binding("ctrl+b", "give_up", "Solution", id="exercise-give-up"),
        Binding("o", "open_editor", "$EDITOR", id="exercise-open", show=False),
        Binding("f", "your_engine", "Your engine", id="exercise-engine"),
    ]

    # The same keys, described for the help screen.
    HELP_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit the code (escape leaves the editor)"),
        Binding("ctrl+r", "check", "Check the code, in a separate process"),
        Binding("ctrl+l", "hint", "Show the next hint"),
        Binding("ctrl+b", "give_up", "Give up and see the solution (asks first)"),
        Binding("o", "open_editor", "Open the file in $EDITOR; saving re-checks it"),
        Binding("f", "your_engine", "Your engine: fit with your own functions"),
    ]

    class Checked(Message):
        def __init__(self, verdict: Verdict) -> None:
            super().__init__()
            self.verdict = verdict

    class FileSaved(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class EngineTrained(Message):
        def __init__(self, result: EngineResult) -> None:
            super().__init__()
            self.result = result

    def __init__(self, lesson: Lesson, step: ExerciseStep) -> None:
        super().__init__()
        self.lesson, self.step = lesson, step
        self.problem = ""
        self._resume_note = ""  # why the workspace file could not be used, if it could not
        try:
            self.exercise: Exercise | None = exercise_of(lesson, step)
        except (ExerciseNotFound, OSError, ValueError, KeyError) as error:
            self.exercise, self.problem = None, f"This exercise cannot be shown: {error}"
        self.checking = self.training = self.watching = False
        self.solution_shown = False
        self.engine_unlocked = False  # all five exercises passed
        self._save_timer: Timer | None = None
        self._written: str | None = None  # the text this view last wrote to the file
        self._children: list[subprocess.Popen] = []  # checks and training in flight

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        exercise = self.exercise
        if exercise is None:
            yield Static(Text(self.problem), classes="exercise-problem")
            return
        state = self.app.store.exercises.state(exercise.id)
        yield Static(self._title_text(exercise), id="exercise-title")
        intro = self.step.body.strip()
        yield Markdown((intro + "\n\n" if intro else "") + exercise.prompt.strip())
        code, self._resume_note = resume_code(self.app.store, self.app.data_dir, exercise)
        self.editor = CodeEditor.python(code, id="exercise-editor")
        yield self.editor
        yield Static(self._keys_text(), id="exercise-keys")
        yield Static(id="exercise-verdict")
        with Vertical(id="exercise-hints"):
            for number in range(1, min(state.hints_shown, len(exercise.hints)) + 1):
                yield self._hint(exercise, number)
        yield Static(id="exercise-solution")
        yield Static(id="exercise-engine")
        yield Static(SHORT_SAFETY_NOTE, id="exercise-note")

    def on_mount(self) -> None:
        # The page focuses the step's frame; the exercise takes the keys from there.
        self.watch(self.screen, "focused", self._take_focus)
        exercise = self.exercise
        if exercise is None:
            return
        if self._resume_note:
            self.notify(self._resume_note, title="Your file", severity="warning", timeout=20)
        state = self.app.store.exercises.state(exercise.id)
        if state.passed or state.gave_up:
            self._show_solution(exercise)
        self._show_engine_offer()

    def _take_focus(self, focused: Widget | None) -> None:
        if focused is not None and focused is self.parent:
            self.focus(scroll_visible=False)

    def _title_text(self, exercise: Exercise) -> Text:
        state = self.app.store.exercises.state(exercise.id)
        text = Text.assemble(("▍exercise ", "dim"), (exercise.title, "bold"))
        if state.label != "new":
            style = "bold green" if state.passed else "italic"
            text.append(f"  [{state.label}]", style=style)
        return text

    def _keys_text(self) -> Text:
        editing = "esc leaves the editor" if self._editing() else "e edits"
        file = "your file" if self.app.is_web else "$EDITOR"
        editor = "" if self._editing() else f" · o {file}"
        return Text(f"{editing} · ^r check · ^l hint · ^b solution{editor}", style="dim")

    def _editing(self) -> bool:
        return self.exercise is not None and self.editor.has_focus

    def _hint(self, exercise: Exercise, number: int) -> Static:
        hints = exercise.hints
        label = f"Hint {number} of {len(hints)}: "
        return Static(Text.assemble((label, "bold"), hints[number - 1]), classes="exercise-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.exercise is None:
            return action not in {
                binding.action for binding in Binding.make_bindings(self.BINDINGS)
            }
        if action in ("edit", "open_editor", "your_engine") and self._editing():
            return False  # letters type in the editor
        if action == "give_up":
            return not self.solution_shown
        if action == "your_engine":
            return self.engine_unlocked
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._refresh_keys()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        if self.exercise is not None:
            self.query_one("#exercise-keys", Static).update(self._keys_text())
            self.screen.refresh_bindings()

    # -- the learner's code --------------------------------------------------------------------

    @property
    def code(self) -> str:
        return self.editor.text

    def action_edit(self) -> None:
        if self.exercise is not None:
            self.editor.focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER_SECONDS, self.save)
        self.app.pending_saves[self] = self.save

    def save(self) -> Path | None:
        """Write the code to the store and the workspace file now (also before quitting).

        Returns the workspace file, or None when no exercise loaded (there is no code then)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self.app.pending_saves.pop(self, None)
        if self.exercise is None:
            return None
        self._written = self.code
        return save_code(self.app.store, self.app.data_dir, self.exercise, self.code)

    def _started(self, process: subprocess.Popen) -> None:
        self._children = [child for child in self._children if child.poll() is None]
        self._children.append(process)

    def on_unmount(self) -> None:
        """Save, and stop any check still running: leaving (or quitting) never waits for it."""
        if self.app.pending_saves.get(self):
            self.save()
        for process in self._children:
            runner.stop_child(process)

    # -- checking ------------------------------------------------------------------------------

    def action_check(self) -> None:
        if self.exercise is None:
            return
        if self.checking:
            self.notify("Still checking your last version…")
            return
        self.save()
        self.checking = True
        verdict = self.query_one("#exercise-verdict", Static)
        verdict.update(Text("Checking… (your code runs in a separate process)", style="italic"))
        self._run_checks(self.code)

    @work(thread=True, exclusive=True, group="exercise-check")
    def _run_checks(self, code: str) -> None:
        exercise = self.exercise
        if exercise is None:
            return
        try:
            verdict = runner.check_source(
                exercise.id,
                code,
                exercise.function,
                exercise.file_name,
                timeout=exercise.timeout,
                started=self._started,
            )
        except Exception as error:  # the checker itself failed: say so, keep the app alive
            verdict = Verdict(Status.CRASHED, f"The checks could not run: {error}")
        self.post_message(self.Checked(verdict))

    def on_exercise_view_checked(self, message: Checked) -> None:
        message.stop()
        self.checking = False
        exercise = self.exercise
        if exercise is None:
            return
        verdict = message.verdict
        record_verdict(self.app.store, exercise.id, verdict)
        self.query_one("#exercise-verdict", Static).update(verdict_text(verdict))
        self.query_one("#exercise-title", Static).update(self._title_text(exercise))
        if verdict.passed:
            self._show_solution(exercise)
            self._show_engine_offer()
            self.notify(f"Passed: {exercise.title}.", title="Exercise")
        self.screen.refresh_bindings()
        self.call_after_refresh(self.query_one("#exercise-verdict").scroll_visible, animate=False)

    # -- help ----------------------------------------------------------------------------------

    def action_hint(self) -> None:
        exercise = self.exercise
        if exercise is None:
            return
        shown = len(self.query(".exercise-hint"))
        if shown >= len(exercise.hints):
            self.notify("That was the last hint. ctrl+b shows the solution.")
            return
        hint = self._hint(exercise, shown + 1)
        self.query_one("#exercise-hints").mount(hint)
        self.app.store.exercises.show_hint(exercise.id, shown + 1)
        self.call_after_refresh(hint.scroll_visible, animate=False)

    def action_give_up(self) -> None:
        exercise = self.exercise
        if exercise is None or self.solution_shown:
            return

        def decided(give_up: bool | None) -> None:
            if give_up:
                self.app.store.exercises.give_up(exercise.id)
                self._show_solution(exercise)
                self.query_one("#exercise-title", Static).update(self._title_text(exercise))
                self.screen.refresh_bindings()
                solution = self.query_one("#exercise-solution")
                # Its top at the top of the screen: the whole solution, not its first line.
                self.call_after_refresh(solution.scroll_visible, top=True, animate=False)

        self.app.push_screen(GiveUpScreen(exercise.title), decided)

    def _show_solution(self, exercise: Exercise) -> None:
        self.solution_shown = True
        solution = self.query_one("#exercise-solution", Static)
        solution.update(
            Group(
                Text("The reference solution:", style="bold"),
                Syntax(
                    exercise.solution.strip(),
                    "python",
                    theme="ansi_dark",
                    background_color="default",
                    word_wrap=True,
                    line_numbers=True,  # a wrapped line at 60 columns still reads as one line
                ),
            )
        )
        solution.add_class("-shown")

    # -- your own editor -----------------------------------------------------------------------

    def action_open_editor(self) -> None:
        path = self.save()
        if path is None:  # no exercise loaded
            return
        self._watch_file(path)
        if self.app.is_web:
            self.notify(
                f"A browser tab cannot open an editor. Your file is {path} on the computer "
                "running `tutor serve`: edit it there and tutor re-checks it on save.",
                title="Your editor",
                timeout=12,
            )
            return
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            self.notify(
                f"Your file is {path}: edit it in any editor and tutor re-checks it on save. "
                "Set $EDITOR (e.g. export EDITOR=nano) for o to open it here.",
                title="Your editor",
                timeout=12,
            )
            return
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(command), str(path)], check=False)
        except SuspendNotSupported:
            self.notify(f"This terminal cannot hand over to {command}; edit {path} there.")
            return
        except OSError as error:
            self.notify(f"Could not start {command}: {error}", severity="error")
            return
        self.refresh()
        try:
            self.on_exercise_view_file_saved(self.FileSaved(read_text(path)))
        except UnreadableText as error:
            self._unreadable(error)

    @work(thread=True, exclusive=True, group="exercise-watch")
    def _watch_file(self, path: Path) -> None:
        """Poll the file's modification time; post its text when it changes."""
        worker = get_current_worker()
        self.watching = True
        seen = _mtime(path)
        while not worker.is_cancelled:
            time.sleep(WATCH_SECONDS)
            changed = _mtime(path)
            if changed != seen:
                seen = changed
                if not path.exists():
                    continue  # deleted, or being replaced: the next change brings it back
                try:
                    self.post_message(self.FileSaved(read_text(path)))
                except UnreadableText as error:
                    self.app.call_from_thread(self._unreadable, error)

    def _unreadable(self, error: UnreadableText) -> None:
        """The learner's editor wrote something that is not UTF-8 text: say so, keep ours."""
        self.notify(
            f"{error}. The code here is unchanged; save your file as UTF-8 to use it.",
            title="Your file",
            severity="warning",
            timeout=15,
        )

    def on_exercise_view_file_saved(self, message: FileSaved) -> None:
        message.stop()
        if message.text in (self._written, self.code):
            return  # this view's own write, or nothing new
        self.editor.load_text(message.text)
        self.save()
        self.notify("Your file changed on disk: checking it.")
        self.action_check()

    def stop_watching(self) -> None:
        self.workers.cancel_group(self, "exercise-watch")
        self.watching = False

    # -- your engine ---------------------------------------------------------------------------

    def _show_engine_offer(self) -> None:
        self.engine_unlocked = not engine_ready(self.app.store, all_exercises())
        offer = self.query_one("#exercise-engine", Static)
        offer.display = self.engine_unlocked  # not two blank rows above the safety note
        if not self.engine_unlocked:
            return
        offer.update(
            Text(
                "All of your engine's exercises pass: f (when not editing) trains the "
                "coffee-roasting network with your functions alone, beside the engine.",
                style="bold",
            )
        )

    def action_your_engine(self) -> None:
        if self.training or not self.engine_unlocked:
            return
        self.training = True
        self.query_one("#exercise-engine", Static).update(
            Text("Training the coffee network with your functions and with the engine…")
        )
        self._train()

    @work(thread=True, exclusive=True, group="exercise-engine")
    def _train(self) -> None:
        store, data = self.app.store, self.app.data_dir
        sources = {
            ex.id: (current_code(store, data, ex), ex.file_name)
            for ex in all_exercises()
            if ex.id in ENGINE_PIECES
        }
        try:
            result = run_your_engine(sources, started=self._started)
        except Exception as error:
            result = EngineResult("crashed", f"Training could not run: {error}")
        self.post_message(self.EngineTrained(result))

    def on_exercise_view_engine_trained(self, message: EngineTrained) -> None:
        message.stop()
        self.training = False
        result = message.result
        self.app.store.exercises.record_attempt(
            "engine", result.agree, result.status, result.message
        )
        table = comparison_table(result)
        style = "green" if result.agree else "red"
        self.query_one("#exercise-engine", Static).update(
            Group(Text("Your engine", style="bold"), Text(table), Text(result.message, style=style))
        )
        self.call_after_refresh(self.query_one("#exercise-engine").scroll_visible, animate=False)


def verdict_text(verdict: Verdict) -> Group:
    style = "bold green" if verdict.passed else "bold red"
    parts = [Text(verdict.headline, style=style)]
    if verdict.message:  # why it failed; on a pass, what the code achieved, if anything
        parts.append(Text(verdict.message))
    if verdict.output:
        lines = verdict.output.splitlines()
        shown = "\n".join(lines[:8]) + ("\n…" if len(lines) > 8 else "")
        parts += [Text("Your code printed:", style="dim"), Text(shown, style="dim")]
    return Group(*parts)


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
