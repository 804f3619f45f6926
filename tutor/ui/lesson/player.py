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
from textual import events, getters, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Header, Markdown, Static, TextArea

from tutor.lessons.model import Cell, Lesson, Prose
from tutor.lessons.progress import finish_lesson, resume_step
from tutor.protocol import Epoch, Error, Event, Origin
from tutor.ui.app import TutorApp
from tutor.ui.footer import TutorFooter
from tutor.ui.lesson.cell import CellView
from tutor.ui.lesson.hood_step import HoodStepView, RunState
from tutor.ui.lesson.session import KernelSession
from tutor.ui.lesson.steps import step_view
from tutor.ui.widgets.training import TrainingView

EPOCH_POST_SECONDS = 0.1  # epochs arriving faster than this travel to the UI in batches

RunTarget = CellView | HoodStepView  # a step that runs in the kernel, with output below


class StepFrame(Vertical, can_focus=True):
    """One step on the page; focusing it makes it the current step."""

    def __init__(self, index: int, view: Widget) -> None:
        super().__init__(id=f"step-{index}", classes="step")
        self.index = index
        self.view = view

    class Resized(Message):
        """The step's height changed: the steps below it moved."""

        def __init__(self, frame: StepFrame) -> None:
            super().__init__()
            self.frame = frame

    def compose(self) -> ComposeResult:
        yield self.view

    def on_resize(self) -> None:
        self.post_message(self.Resized(self))


class KernelEvent(Message):
    def __init__(self, target: RunTarget, events: list[Event]) -> None:
        super().__init__()
        self.target = target
        self.events = events


class RunFinished(Message):
    def __init__(
        self, target: RunTarget, result: Any = None, drawn_from: RunState | None = None
    ) -> None:
        super().__init__()
        self.target = target
        self.result = result
        self.drawn_from = drawn_from  # a view's: the state of the cells above it was drawn from


class EventRelay:
    """Called in the worker thread for each kernel event; posts them to the screen in order,
    batching epochs so that a fast fit sends at most one message per EPOCH_POST_SECONDS."""

    def __init__(self, screen: Screen, target: RunTarget) -> None:
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

    def __init__(self, lesson: Lesson, start: int | None = None) -> None:
        super().__init__()
        self.lesson = lesson
        self.start = start  # the step to open at; None: where the learner left off
        self.session = KernelSession()
        self.current = 0
        self.busy: RunTarget | None = None  # the cell or view whose kernel call is in flight
        self.back_to: int | None = None  # the drill step that e left for a cell above it

    # -- layout and moving between steps -------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="lesson-bar")
        with VerticalScroll(id="page"):
            # Said when the page opens part-way down: the steps above are built when p reaches them.
            yield Static(id="page-start")
            # Room below the last step, so that the current step can always scroll to the top.
            yield Static(id="page-end")
        yield TutorFooter()

    async def on_mount(self) -> None:
        self.sub_title = f"Lesson {self.lesson.number}"
        start = self.start
        if start is None:
            start = resume_step(self.app.store.progress, self.lesson)
        await self.go_to(start)
        if self.busy is None:  # else a view opened at is being drawn: its worker starts the kernel
            self._warm_kernel()  # (an exclusive worker: starting it would cancel that one)

    @property
    def frames(self) -> list[StepFrame]:
        """The steps built so far, in page order: a run of consecutive indexes."""
        return list(self.query(StepFrame))

    def frame(self, index: int) -> StepFrame:
        return self.query_one(f"#step-{index}", StepFrame)

    async def go_to(self, index: int) -> None:
        """Make step `index` current: build it, scroll to it, focus it, remember it.

        Steps are built when first reached, so opening a lesson (even at step 20) builds only
        the step shown and draws it first; p builds the steps above one at a time."""
        await self._build_through(index)
        self._make_current(index)
        frame = self.frame(index)
        frame.focus(scroll_visible=False)
        self.call_after_refresh(self._scroll_to_current)
        view = frame.view
        if (
            isinstance(view, HoodStepView)
            and self.busy is None
            and (not view.shown or self._ran_again_since(view))
        ):
            self.run_view(view)  # drawn on arrival, and again if a cell above ran since

    async def _build_through(self, index: int) -> None:
        """Mount the steps between those built and `index`, above or below them."""
        built = [frame.index for frame in self.frames]
        if not built:
            wanted, before = range(index, index + 1), "#page-end"
        elif index > built[-1]:
            wanted, before = range(built[-1] + 1, index + 1), "#page-end"
        elif index < built[0]:
            wanted, before = range(index, built[0]), f"#step-{built[0]}"
        else:
            return
        steps = self.lesson.steps
        page = self.query_one("#page", VerticalScroll)
        await page.mount_all(
            [StepFrame(i, step_view(self.lesson, steps[i])) for i in wanted], before=before
        )
        first = min(wanted[0], built[0]) if built else wanted[0]
        above = self.query_one("#page-start", Static)
        above.display = first > 0
        if first > 0:
            steps_above = "Step 1 is" if first == 1 else f"Steps 1–{first} are"
            above.update(Text(f"↑ {steps_above} above: p goes back.", style="dim"))

    def _scroll_to_current(self) -> None:
        """The current step at the top; the first step built keeps the line above it in sight,
        which says that the earlier steps are there."""
        page = self.query_one("#page", VerticalScroll)
        above = self.query_one("#page-start", Static)
        first = self.frames[0].index == self.current and above.display
        target = above if first else self.frame(self.current)
        page.scroll_to_widget(target, top=True, animate=False)

    def on_step_frame_resized(self, event: StepFrame.Resized) -> None:
        """A step above the current one changed height (a view drawn while the learner moved
        on, code boxes re-wrapped to a new terminal width): it pushed their step along the
        page, so scroll back to it."""
        if event.frame.index < self.current:
            self.call_after_refresh(self._scroll_to_current)

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        """A step's Markdown finished laying out, which moves what is below it: scroll again."""
        self.call_after_refresh(self._scroll_to_current)

    def _make_current(self, index: int) -> None:
        """Mark the step, say where the learner is, and write it down at once."""
        self.current = index
        for frame in self.frames:
            frame.set_class(frame.index == index, "-current")
        self.query_one("#lesson-bar", Static).update(
            Text.assemble(  # the place first: a narrow screen cuts the title, not the step
                (f"Lesson {self.lesson.number}", "bold"),
                f", step {index + 1}/{len(self.lesson.steps)}:  ",
                (self.lesson.title, "bold"),
            )
        )
        self.app.store.progress.reach_step(self.lesson.id, index)
        self.refresh_bindings()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
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
        bottom = self.frame(self.current).virtual_region.bottom
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
    def _frame_of(node: DOMNode | None) -> StepFrame | None:
        while node is not None and not isinstance(node, StepFrame):
            node = node.parent
        return node

    def _current_view(self) -> Widget | None:
        """The view of the step holding the focus, else of the current step."""
        frame = self._frame_of(self.focused)
        if frame is None:
            frame = next(iter(self.query(f"#step-{self.current}").results(StepFrame)), None)
        return None if frame is None else frame.view

    def _current_cell(self) -> CellView | None:
        view = self._current_view()
        return view if isinstance(view, CellView) else None

    def _cell_to_edit(self) -> int | None:
        """The index of the current cell or, on a prose step, of the cell it names (`edits=`),
        else of the nearest cell above: a drill's prose follows the cell it asks the learner
        to change, so `e` reaches that cell."""
        if self._current_cell() is not None:
            return self.current
        steps = self.lesson.steps
        prose = steps[self.current]
        if not isinstance(prose, Prose):
            return None
        cells = {i: step for i, step in enumerate(steps[: self.current]) if isinstance(step, Cell)}
        named = [i for i, cell in cells.items() if cell.id == prose.edits]
        return max(named or cells, default=None)

    async def action_edit(self) -> None:
        index = self._cell_to_edit()
        if index is not None:
            await self._build_through(index)
            view = self.frame(index).view
            assert isinstance(view, CellView)
            self.back_to = self.current if index != self.current else None
            view.editor.focus()  # scrolls to it, and makes it the current step

    def action_reset(self) -> None:
        cell = self._current_cell()
        if cell is not None:
            back = f"Cell {cell.step.id} is back to the lesson's code"
            if cell.reset():  # the kernel holds what the edit made: say how to replace it
                self.notify(f"{back}; ctrl+r runs it (until then, your edit's run counts).")
            else:
                self.notify(f"{back}.")

    async def on_cell_view_editor_left(self, event: CellView.EditorLeft) -> None:
        """Escape from an editor: the page takes the keys back, at the drill the learner came
        from if e opened a cell above it (they were reading there)."""
        back_to, self.back_to = self.back_to, None
        if back_to is not None:
            await self.go_to(back_to)
        else:
            self.frame(self.current).focus(scroll_visible=False)

    def _ran_again_since(self, view: HoodStepView) -> list[str]:
        """The cells above a drawn view that ran again after it was drawn."""
        frame = self._frame_of(view)
        if frame is None:
            return []
        ids = [cell_id for cell_id, _, _ in self._cells_above(frame.index)]
        return view.changed_since_drawn(ids, self.session.state_of(ids))

    def _check_views(self) -> None:
        """After a run: a view on the current step whose cells above ran again is redrawn at
        once; any other such view says that it is old until it is revisited or redrawn."""
        for frame in self.frames:
            view = frame.view
            if not isinstance(view, HoodStepView):
                continue
            changed = self._ran_again_since(view)
            if changed and frame.index == self.current and self.busy is None:
                self.run_view(view)
            else:
                view.mark_old(changed)

    def _cells_above(self, index: int) -> list[tuple[str, str, float]]:
        """The cells above step `index` as the learner left them (id, code, timeout): the code
        in its editor if the step is built, else the saved edit, else the lesson's code."""
        editors = {f.view.step.id: f.view for f in self.frames if isinstance(f.view, CellView)}
        progress = self.app.store.progress
        cells = []
        for step in self.lesson.steps[:index]:
            if not isinstance(step, Cell):
                continue
            code = editors[step.id].code if step.id in editors else None
            if code is None:
                code = progress.cell_code(self.lesson.id, step.id)
            cells.append((step.id, step.code if code is None else code, step.timeout))
        return cells

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
        """Draw a view from the namespace the cells above leave. If one of them failed on its
        last run, the model it builds is not there (or is an older one): say so, draw nothing."""
        relay = EventRelay(self, view)
        result = drawn_from = None
        ids = [cell_id for cell_id, _, _ in above]
        try:
            caught_up = self.session.catch_up(above, relay)
            drawn_from = self.session.state_of(ids)  # tried from: a rerun above tries again
            if caught_up:
                failed = [cell_id for cell_id in ids if cell_id in self.session.failed]
                if failed:
                    message = (
                        f"The cell above, {failed[-1]}, failed on its last run, so this view "
                        "would show a model it did not build.\nFix and run that cell: coming "
                        "back here then draws it."
                    )
                    relay(Error(message, Origin.CELL_ABOVE))
                else:
                    result = self.session.trace(**view.expressions())
        except Exception as error:
            relay(Error(str(error), Origin.APP))
        finally:
            relay.flush()
            self.post_message(RunFinished(view, result, drawn_from))

    async def on_kernel_event(self, message: KernelEvent) -> None:
        for event in message.events:
            await message.target.output.add_event(event)
        self._follow(message.target)

    def on_run_finished(self, message: RunFinished) -> None:
        self.busy = None
        if isinstance(message.target, HoodStepView):
            message.target.end_run(message.result, message.drawn_from)
        else:
            message.target.end_run(message.result)
        self.refresh_bindings()
        self._follow(message.target)
        self._check_views()

    def _follow(self, view: RunTarget) -> None:
        """Keep a running cell's newest output in sight, if it is the current step."""
        if isinstance(view, CellView) and view is self._current_view():
            page = self.query_one("#page", VerticalScroll)
            self.call_after_refresh(page.scroll_to_widget, view.output, animate=False)

    def on_unmount(self) -> None:
        threading.Thread(target=self.session.close, daemon=True).start()
