"""One lesson's kernel, and which of the lesson's cells its namespace currently holds.

Plain Python, called from thread workers: a run first brings the namespace up to date by running
the cells above that this kernel has not run (after a restart, or when the learner resumed a
lesson halfway), so a cell always sees what the page above it defines.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

Event = dict[str, Any]
OnEvent = Callable[[Event], None]


class KernelSession:
    def __init__(self, kernel_factory: Callable[[], Any] | None = None) -> None:
        self._factory = kernel_factory
        self._kernel = None
        self._lock = threading.Lock()
        self.ran: set[str] = set()  # ids of the cells whose last run in this kernel succeeded

    def kernel(self):
        """The running kernel, started on first use."""
        with self._lock:
            if self._kernel is None:
                if self._factory is None:
                    from tutor.lessons.kernel import Kernel

                    self._factory = Kernel
                kernel = self._factory()
                kernel.start()
                self._kernel = kernel
            return self._kernel

    def catch_up(self, cells_above: Sequence[tuple[str, str]], on_event: OnEvent) -> bool:
        """Run the cells above that this kernel has not run; False if one of them fails."""
        missing = [(cell_id, code) for cell_id, code in cells_above if cell_id not in self.ran]
        if not missing:
            return True
        names = ", ".join(cell_id for cell_id, _ in missing)
        on_event({"event": "note", "text": f"Running the cells above first: {names}"})
        results = self.kernel().rerun([code for _, code in missing])
        for (cell_id, _), result in zip(missing, results, strict=False):
            if result.status != "ok":
                self._after(cell_id, result.status)
                error = result.error or {}
                on_event(
                    {
                        "event": "error",
                        "ename": "CellAboveFailed",
                        "message": f"The cell above, {cell_id}, failed: "
                        f"{error.get('ename', result.status)}: {error.get('message', '')}\n"
                        "Fix and run that cell, then this one.",
                        "line": None,
                        "traceback": "",
                    }
                )
                return False
            self.ran.add(cell_id)
        return True

    def run(self, cell_id: str, code: str, timeout: float, on_event: OnEvent):
        result = self.kernel().run(code, timeout=timeout, on_event=on_event)
        self._after(cell_id, result.status)
        if result.status in ("timeout", "crashed"):
            on_event(
                {
                    "event": "note",
                    "text": "The kernel was restarted; the cells above will run again "
                    "before the next run.",
                }
            )
        return result

    def trace(self, **expressions):
        return self.kernel().trace(**expressions)

    def _after(self, cell_id: str, status: str) -> None:
        if status == "ok":
            self.ran.add(cell_id)
        elif status in ("timeout", "crashed"):
            self.ran.clear()  # the kernel restarted with an empty namespace
        else:
            self.ran.discard(cell_id)

    def interrupt(self) -> None:
        if self._kernel is not None:
            self._kernel.interrupt()

    def close(self) -> None:
        with self._lock:
            if self._kernel is not None:
                self._kernel.stop()
                self._kernel = None
