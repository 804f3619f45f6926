"""One lesson's kernel, and which of the lesson's cells its namespace currently holds.

Plain Python, called from thread workers: a run first brings the namespace up to date by running
the cells above that this kernel has not run (after a restart, or when the learner resumed a
lesson halfway), so a cell always sees what the page above it defines.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tutor.protocol import Error, Event, Note, Origin

if TYPE_CHECKING:
    from tutor.lessons.kernel import CellResult, Kernel

OnEvent = Callable[[Event], None]


class KernelSession:
    def __init__(self) -> None:
        self._kernel: Kernel | None = None
        self._lock = threading.Lock()
        self.ran: set[str] = set()  # ids of the cells whose last run in this kernel succeeded
        self.failed: set[str] = set()  # ids of the cells whose last run failed: not re-run alone
        self._runs = 0
        self._run_number: dict[str, int] = {}  # cell id -> which run of this session last ran it

    def kernel(self) -> Kernel:
        """The running kernel, started on first use."""
        with self._lock:
            if self._kernel is None:
                from tutor.lessons.kernel import Kernel  # not on the first screen's path

                kernel = Kernel()
                kernel.start()
                self._kernel = kernel
            return self._kernel

    def catch_up(self, cells_above: Sequence[tuple[str, str, float]], on_event: OnEvent) -> bool:
        """Run the cells above (id, code, timeout) that this kernel has not run; False if one
        of them fails, with an error event naming it.

        A cell whose last run failed is left for the learner to fix and run: re-running it here
        would only repeat the failure (or the endless loop) in front of a different cell."""
        missing = [
            cell for cell in cells_above if cell[0] not in self.ran and cell[0] not in self.failed
        ]
        if not missing:
            return True
        names = ", ".join(cell_id for cell_id, _, _ in missing)
        on_event(Note(f"Running the cells above first: {names}"))
        for cell_id, code, timeout in missing:
            result = self.kernel().run(code, timeout=timeout, name=cell_id)
            self._after(cell_id, result)
            if not result.ok:
                why = result.error.summary() if result.error else result.status
                fix = "Fix and run that cell, then this one."
                message = f"The cell above, {cell_id}, failed: {why}\n{fix}"
                on_event(Error(message, Origin.CELL_ABOVE))
                return False
        return True

    def run(self, cell_id: str, code: str, timeout: float, on_event: OnEvent) -> CellResult:
        result = self.kernel().run(code, timeout=timeout, on_event=on_event, name=cell_id)
        self._after(cell_id, result)
        if result.restarted:
            on_event(Note("Your next run will first run the cells above again, automatically."))
        return result

    def trace(
        self,
        view: str,
        model_expr: str,
        x_expr: str,
        y_expr: str | None = None,
        threshold: str | None = None,
    ) -> dict[str, Any]:
        """An under-the-hood view's data, as `Kernel.trace` evaluates it in this kernel."""
        return self.kernel().trace(view, model_expr, x_expr, y_expr, threshold)

    def state_of(self, cell_ids: Sequence[str]) -> tuple[int | None, ...]:
        """Which run last ran each of these cells in this kernel (None: not since it started).

        A view drawn from the namespace these cells left is out of date once this changes: a
        cell ran again (the learner's drill, or a catch-up), or the kernel was replaced."""
        return tuple(self._run_number.get(cell_id) for cell_id in cell_ids)

    def _after(self, cell_id: str, result: CellResult) -> None:
        self._runs += 1
        self._run_number[cell_id] = self._runs
        if result.ok:
            self.ran.add(cell_id)
            self.failed.discard(cell_id)
        else:
            self.ran.discard(cell_id)
            self.failed.add(cell_id)
        if result.restarted:
            self.ran.clear()  # a fresh kernel: its namespace is empty
            self._run_number.clear()

    def interrupt(self) -> None:
        if self._kernel is not None:
            self._kernel.interrupt()

    def close(self) -> None:
        with self._lock:
            if self._kernel is not None:
                self._kernel.stop()
                self._kernel = None
