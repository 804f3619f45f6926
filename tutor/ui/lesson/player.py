"""The lesson player: the steps on one scrolling page, revealed as the learner moves on.

n / p move between steps (the page reveals the next one and scrolls to it); n first scrolls
through a step taller than the screen, so nothing is skipped unseen. The step reached is
written to the store at once, so a killed app resumes there. Cells and under-the-hood views run
in the lesson's kernel from a thread worker; its events come back as messages.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any, ClassVar

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Markdown, Static, TextArea

from tutor.lessons.progress import finish_lesson, resume_step
from tutor.protocol import Epoch, Error, Event, Origin
from tutor.ui.app import TutorApp
from tutor.ui.footer import TutorFooter
from tutor.ui.lesson.cell import CellView
from tutor.ui.lesson.hood_step import HoodStepView
from tutor.ui.lesson.prose import ProseView
from tutor.ui.lesson.session import KernelSession
from tutor.ui.lesson.steps import step_view
from tutor.ui.widgets.training import TrainingView

EPOCH_POST_SECONDS = 0.1  # epochs arriving faster than this travel to the UI in batches


class StepFrame(Vertical, can_focus=True):
    """One step on the page; focusing it makes it the current step."""

    def __init__(self, index: int, view) -> None:
        super().__init__(id=f"step-{index}", classes="step")
        self.index = index
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view


class KernelEvent(Message):
    def __init__(self, target, events: list[Event]) -> None:
        super().__init__()
        self.target = target
        self.events = events


class RunFinished(Message):
    def __init__(self, target, result: Any = None) -> None:
        super().__init__()
        self.target = target
        self.result = result


class EventRelay:
    """Called in the worker thread for each kernel event; posts them to the screen in order,
    batching epochs so that a fast fit sends at most one message per EPOCH_POST_SECONDS."""

    def __init__(self, screen: Screen, target) -> None:
        self.screen, self.target = screen, target
        self.pending: list[Event] = []
        self.last_post = 0.0

    def __call__(self, event: Event) -> None:
        self.pending.append(event)
        now = time.monotonic()
        if not isinstance(event, Epoch) or now - self.last_post >= EPOCH_POST_SECONDS:
            self.flush()
            self.last_post = now

    def flush(self) -> None:
        if self.pending:
            self.screen.post_message(KernelEvent(self.target, self.pending))
            self.pending = []


class LeaveCheckpoint(ModalScreen[bool]):
    """Asks before escape drops a checkpoint attempt that is not finished."""

    DEFAULT_CSS = """
    LeaveCheckpoint { align: center middle; }
    LeaveCheckpoint > Static { width: 60; height: auto; padding: 1 2; border: round $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "dismiss(True)", "Leave"),
        Binding("n,escape", "dismiss(False)", "Stay"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            "Your checkpoint is not finished. Leave now and this attempt is dropped, not "
            "scored (the questions you missed are already flashcards).\n\n"
            "y: leave   n or escape: stay"
        )
        yield TutorFooter(join_keys=True)  # its keys, not the lesson's beneath


class LessonScreen(Screen):
    CSS_PATH = "lesson.tcss"
    app = getters.app(TutorApp)  # typed: `self.app.store`
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,right,enter,space", "next", "Next", id="next-step"),
        Binding("p,left", "previous", "Prev", id="previous-step"),
        Binding("e", "edit", "Edit", id="edit-cell"),
        Binding("ctrl+r", "run", "Run", id="run-cell"),
        Binding("ctrl+g", "stop", "Stop", id="stop-cell"),
        Binding("ctrl+o", "reset", "Reset", id="reset-cell"),
        Binding("escape", "home", "Back", id="lessons"),
    ]

    def __init__(self, lesson, start: int | None = None) -> None:
        super().__init__()
        self.lesson = lesson
        self.start = start  # the step to open at; None: where the learner left off
        self.session = KernelSession()
        self.current = 0
        self.busy: Any = None  # the cell or view whose kernel call is in flight

    # -- layout and moving between steps -------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="lesson-bar")
        with VerticalScroll(id="page"):
            # Room below the last step, so that the current step can always scroll to the top.
            yield Static(id="page-end")
        yield TutorFooter()

    async def on_mount(self) -> None:
        self.sub_title = f"Lesson {self.lesson.number}"
        start = self.start
        if start is None:
            start = resume_step(self.app.store.progress, self.lesson)
        await self.go_to(start)
        self._warm_kernel()

    @property
    def frames(self) -> list[StepFrame]:
        return list(self.query(StepFrame))

    async def go_to(self, index: int) -> None:
        """Make step `index` current: reveal it, scroll to it, focus it, remember it.

        Steps are mounted when first reached, so opening a lesson builds only what is shown."""
        page = self.query_one("#page", VerticalScroll)
        shown = len(self.frames)
        if index >= shown:
            await page.mount_all(
                [
                    StepFrame(i, step_view(self.lesson, self.lesson.steps[i]))
                    for i in range(shown, index + 1)
                ],
                before="#page-end",
            )
        self._make_current(index)
        frame = self.frames[index]
        frame.focus(scroll_visible=False)
        self.call_after_refresh(self._scroll_to_current)
        if isinstance(frame.view, HoodStepView) and not frame.view.shown and self.busy is None:
            self.run_view(frame.view)

    def _scroll_to_current(self) -> None:
        page = self.query_one("#page", VerticalScroll)
        page.scroll_to_widget(self.frames[self.current], top=True, animate=False)

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated):
        """A step's Markdown finished laying out, which moves what is below it: scroll again."""
        self.call_after_refresh(self._scroll_to_current)

    def _make_current(self, index: int) -> None:
        """Mark the step, say where the learner is, and write it down at once."""
        self.current = index
        for frame in self.frames:
            frame.set_class(frame.index == index, "-current")
        self.query_one("#lesson-bar", Static).update(
            Text.assemble(
                (f"Lesson {self.lesson.number}: {self.lesson.title}", "bold"),
                f"   step {index + 1}/{len(self.lesson.steps)}",
            )
        )
        self.app.store.progress.reach_step(self.lesson.id, index)
        self.refresh_bindings()

    def on_descendant_focus(self, event) -> None:
        """Tab or a click into a step makes it the current one."""
        frame = self._frame_of(event.widget)
        if frame is not None and frame.index != self.current:
            self._make_current(frame.index)

    def on_resize(self) -> None:
        """Keep the current step in view when the terminal changes size."""
        self.call_after_refresh(self._scroll_to_current)

    def _reveal_rest_of_step(self) -> bool:
        """Scroll on through the current step while part of it is below the screen (keeping two
        lines of what was read in sight); True if it scrolled."""
        page = self.query_one("#page", VerticalScroll)
        height = page.scrollable_content_region.height
        bottom = self.frames[self.current].virtual_region.bottom
        seen_to = round(page.scroll_y) + height
        if bottom <= seen_to:
            return False
        page.scroll_to(y=min(seen_to - 2, bottom - height), animate=False)
        return True

    async def action_next(self) -> None:
        if self._reveal_rest_of_step():
            return
        if self.current + 1 < len(self.lesson.steps):
            await self.go_to(self.current + 1)
        else:
            self.app.notify(finish_lesson(self.app.store, self.lesson))
            self.app.pop_screen()

    async def action_previous(self) -> None:
        if self.current > 0:
            await self.go_to(self.current - 1)

    def action_home(self) -> None:
        self.app.leave_checkpoint_then(self._leave)

    def _leave(self) -> None:
        self.app.save_pending()
        self.app.pop_screen()

    def attempt_in_progress(self) -> bool:
        """Whether the current step is a checkpoint (any view with `in_progress`) being taken."""
        return bool(getattr(self._current_view(), "in_progress", False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Page keys hide while typing in an editor, and n / p while a checkpoint is taken;
        cell keys show only on a cell (e also on prose that follows one)."""
        typing = isinstance(self.focused, TextArea)
        on_cell = self._current_cell() is not None
        moving = not typing and not self.attempt_in_progress()
        enabled = {
            "next": moving,
            "previous": moving,
            "home": not typing,
            "edit": not typing and self._cell_to_edit() is not None,
            "reset": on_cell,
            "run": isinstance(self._current_view(), CellView | HoodStepView),
            "stop": self.busy is not None,
        }
        return enabled.get(action, True)

    # -- cells and views -----------------------------------------------------------------------

    @staticmethod
    def _frame_of(node) -> StepFrame | None:
        while node is not None and not isinstance(node, StepFrame):
            node = node.parent
        return node

    def _current_view(self):
        """The view of the step holding the focus, else of the current step."""
        frame = self._frame_of(self.focused)
        if frame is None:
            frames = self.frames
            frame = frames[self.current] if self.current < len(frames) else None
        return None if frame is None else frame.view

    def _current_cell(self) -> CellView | None:
        view = self._current_view()
        return view if isinstance(view, CellView) else None

    def _cell_to_edit(self) -> CellView | None:
        """The current cell or, on a prose step, the nearest cell above it: a drill's prose
        follows the cell it asks the learner to change, so `e` reaches that cell."""
        cell = self._current_cell()
        if cell is not None or not isinstance(self._current_view(), ProseView):
            return cell
        above = (frame.view for frame in reversed(self.frames[: self.current]))
        return next((view for view in above if isinstance(view, CellView)), None)

    def action_edit(self) -> None:
        cell = self._cell_to_edit()
        if cell is not None:
            cell.editor.focus()  # scrolls to it, and makes it the current step

    def action_reset(self) -> None:
        cell = self._current_cell()
        if cell is not None:
            cell.reset()
            self.notify(f"Cell {cell.step.id} is back to the lesson's code.")

    def on_cell_view_editor_left(self, event: CellView.EditorLeft) -> None:
        self.frames[self.current].focus(scroll_visible=False)

    def _cells_above(self, index: int) -> list[tuple[str, str, float]]:
        return [
            (frame.view.step.id, frame.view.code, frame.view.step.timeout)
            for frame in self.frames[:index]
            if isinstance(frame.view, CellView)
        ]

    def action_run(self) -> None:
        view = self._current_view()
        if isinstance(view, CellView | HoodStepView):
            self.run_view(view)

    def run_view(self, view: CellView | HoodStepView) -> None:
        """Run a cell, or draw an under-the-hood view, in the kernel (one at a time)."""
        if self.busy is not None:
            self.notify("A cell is still running: ctrl+g stops it.", severity="warning")
            return
        frame = self._frame_of(view)
        if frame is None:  # not a step of this page
            return
        self.busy = view
        index = frame.index
        view.begin_run()
        self.refresh_bindings()
        if isinstance(view, CellView):
            view.save()
            self._run_cell(view, self._cells_above(index), view.code)
        else:
            self._trace(view, self._cells_above(index))

    def action_stop(self) -> None:
        if self.busy is not None:
            self.session.interrupt()  # a signal to the kernel: returns at once

    def on_training_view_stop_requested(self, event: TrainingView.StopRequested) -> None:
        self.action_stop()

    @work(thread=True, exclusive=True, group="kernel")
    def _warm_kernel(self) -> None:
        """Start the kernel while the learner reads, so the first run does not wait for it."""
        with contextlib.suppress(Exception):  # the first run starts it again and reports why
            self.session.kernel()

    @work(thread=True, exclusive=True, group="kernel")
    def _run_cell(self, view: CellView, above: list[tuple[str, str, float]], code: str) -> None:
        relay = EventRelay(self, view)
        result = None
        try:
            if self.session.catch_up(above, relay):
                result = self.session.run(view.step.id, code, view.step.timeout, relay)
        except Exception as error:  # a kernel that cannot start: say so in the cell
            relay(Error(str(error), Origin.KERNEL_DIED))
        finally:
            relay.flush()
            self.post_message(RunFinished(view, result))

    @work(thread=True, exclusive=True, group="kernel")
    def _trace(self, view: HoodStepView, above: list[tuple[str, str, float]]) -> None:
        relay = EventRelay(self, view)
        result = None
        try:
            if self.session.catch_up(above, relay):
                result = self.session.trace(**view.expressions())
        except Exception as error:
            relay(Error(str(error), Origin.APP))
        finally:
            relay.flush()
            self.post_message(RunFinished(view, result))

    async def on_kernel_event(self, message: KernelEvent) -> None:
        for event in message.events:
            await message.target.output.add_event(event)
        self._follow(message.target)

    def on_run_finished(self, message: RunFinished) -> None:
        self.busy = None
        message.target.end_run(message.result)
        self.refresh_bindings()
        self._follow(message.target)

    def _follow(self, view) -> None:
        """Keep a running cell's newest output in sight, if it is the current step."""
        if isinstance(view, CellView) and view is self._current_view():
            page = self.query_one("#page", VerticalScroll)
            self.call_after_refresh(page.scroll_to_widget, view.output, animate=False)

    def on_unmount(self) -> None:
        threading.Thread(target=self.session.close, daemon=True).start()
