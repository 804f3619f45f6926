"""A live code cell: the lesson's code in an editor, the learner's edits kept, output below."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from tutor.lessons.model import Cell, Lesson
from tutor.ui.app import TutorApp
from tutor.ui.escape_keys import leave_then_key
from tutor.ui.widgets.output import CellOutput

SAVE_AFTER_SECONDS = 0.5  # debounce: write the edit once typing pauses
INDENT = "    "


def indent_after(line: str) -> str:
    """The indent a new line under `line` starts with: the same, one level more after a ':'."""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    code = line.split("#", 1)[0].rstrip()
    return indent + INDENT if code.endswith(":") else indent


class CodeEditor(TextArea):
    """The code editor, where Escape hands the keys back to the lesson page."""

    # The editing keys a learner needs, for the help screen (TextArea's own list is long).
    HELP_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "", "Leave the editor (n / p move again)"),
        Binding("ctrl+z", "", "Undo"),
        Binding("ctrl+y", "", "Redo"),
        Binding("ctrl+x", "", "Cut"),
        Binding("ctrl+c", "", "Copy"),
        Binding("ctrl+v", "", "Paste"),
        Binding("tab", "", "Indent"),
    ]

    # Shown in the footer; the key itself is caught in _on_key, before TextArea's own use of it.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "Done editing")]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self.action_leave()
            return
        # "escape, n" typed quickly leaves the editor and goes on rather than typing an n.
        if leave_then_key(self, event, self.action_leave, digits=False):
            return
        if event.key == "enter" and not self.read_only:
            # Keep the indent (one level more after `def …:`), so a block needs no typed spaces.
            event.stop()
            event.prevent_default()
            start, end = self.selection
            row, column = min(start, end)
            before = self.document.get_line(row)[:column]
            self._replace_via_keyboard("\n" + indent_after(before), start, end)
            return
        await super()._on_key(event)

    @classmethod
    def python(cls, code: str, id: str) -> CodeEditor:
        """Textual's code-editor settings for Python, soft-wrapped: a line wider than the screen
        wraps rather than hides its end. (Textual's `code_editor` is typed as returning a plain
        TextArea, though it builds `cls`; this says it is a CodeEditor.)"""
        editor = cls.code_editor(code, language="python", id=id, soft_wrap=True)
        assert isinstance(editor, cls)
        return editor

    def action_leave(self) -> None:
        self.post_message(CellView.EditorLeft())

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        self.call_after_refresh(self._keep_cursor_in_sight)

    def _keep_cursor_in_sight(self) -> None:
        """The box shows all of its code, so it never scrolls itself: the page it sits on
        scrolls instead, to keep the line being typed on screen."""
        page = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        if page is None or not self.has_focus:
            return
        cursor = self.cursor_screen_offset
        top = page.content_region.y
        line = Region(0, cursor.y - top + round(page.scroll_y), 1, 1)
        page.scroll_to_region(
            line, spacing=Spacing(1, 0, 1, 0), animate=False, x_axis=False, immediate=True
        )


class CellView(Vertical):
    """A code cell."""

    app = getters.app(TutorApp)  # typed: `self.app.store`, `self.app.pending_saves`

    class EditorLeft(Message):
        """Escape in the editor: the page takes the keys back."""

    def __init__(self, lesson: Lesson, step: Cell) -> None:
        super().__init__()
        self.lesson = lesson
        self.step = step
        self.running = False
        self._save_timer: Timer | None = None
        self._ran: str | None = None  # the code the output below came from

    def compose(self) -> ComposeResult:
        saved = self.app.store.progress.cell_code(self.lesson.id, self.step.id)
        yield Static(self._title(edited=saved is not None), classes="cell-title")
        self.editor = CodeEditor.python(saved if saved is not None else self.step.code, id="editor")
        yield self.editor
        yield CellOutput()

    @property
    def output(self) -> CellOutput:
        return self.query_one(CellOutput)

    @property
    def code(self) -> str:
        return self.editor.text

    def _title(self, edited: bool) -> Text:
        text = Text.assemble(("▍cell ", "dim"), (self.step.id, "bold"))
        if edited:
            text.append("  (edited; ctrl+o resets)", style="dim italic")
        if self.running:
            text.append("  running… ctrl+g stops", style="bold")
        elif self._ran is not None and self._ran != self.code:
            text.append("  output is from old code", style="italic")
        return text

    def _update_title(self) -> None:
        edited = self.code != self.step.code
        self.query_one(".cell-title", Static).update(self._title(edited))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER_SECONDS, self.save)
        self.app.pending_saves[self] = self.save
        self._update_title()

    def save(self) -> None:
        """Write the learner's code now (also called before quitting)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self.app.pending_saves.pop(self, None)
        progress = self.app.store.progress
        if self.code == self.step.code:
            progress.reset_cell_code(self.lesson.id, self.step.id)
        else:
            progress.save_cell_code(self.lesson.id, self.step.id, self.code)

    def reset(self) -> bool:
        """Back to the lesson's code; the saved edit is dropped. True if the edit had run, so
        that what it made is still in the kernel until the cell runs again."""
        self.editor.load_text(self.step.code)
        self.save()
        edit_ran = self._ran is not None and self._ran != self.code
        if edit_ran:
            self.output.clear()  # it came from the edit just dropped
            self._ran = None
        self._update_title()
        return edit_ran

    def begin_run(self) -> None:
        self.running = True
        self._ran = self.code
        self.output.clear()
        self._update_title()

    def end_run(self, result: object = None) -> None:
        self.running = False
        self._update_title()

    def on_unmount(self) -> None:
        if self.app.pending_saves.get(self):
            self.save()
