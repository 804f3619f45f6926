"""A lesson's kernel: one child Python process whose namespace the lesson's cells share.

The parent never blocks on the child without a deadline: a reader thread turns the child's JSON
lines into a queue, and every wait on that queue has a timeout. A cell that outlives its timeout is
interrupted, then killed if it does not stop; a cell that kills the child is reported; either way
the next cell finds a working kernel. The events: `tutor.protocol`.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from io import BufferedIOBase
from typing import Any

from tutor.childproc.spawn import Child, Limits, describe_exit
from tutor.childproc.streams import CappedLines, describe_size, read_chunks, read_lines
from tutor.lessons.model import DEFAULT_CELL_TIMEOUT, Cell
from tutor.protocol import Display, Done, Error, Event, Origin, Ready, Stdout, Tagged, Trace

OnEvent = Callable[[Event], None]

MEMORY_MB = 2048
FILE_BYTES = 64 * 1024 * 1024  # the largest file a cell may write (in its scratch folder)
START_TIMEOUT = 60.0
INTERRUPT_GRACE = 1.0  # seconds a timed-out cell gets to stop by itself before it is killed
EVENT_LINE_CAP = 4 * 1024 * 1024  # bytes of one event line; a longer one is dropped with a note
STDERR_LINE_CAP = 2000  # bytes of one line kept in the stderr tail


class KernelError(Exception):
    """The kernel could not do what was asked; the message is fit to show the learner."""


class CellStatus(StrEnum):
    """How running a cell ended (the kernel's `Done.status`, or the app's own verdict)."""

    OK = "ok"
    ERROR = "error"
    INTERRUPTED = "interrupted"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    STOPPED = "stopped"


@dataclass
class CellResult:
    """What running one cell produced: every event, in order, and how it ended."""

    status: CellStatus
    events: list[Event] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == CellStatus.OK

    @property
    def stdout(self) -> str:
        return "".join(e.text for e in self.events if isinstance(e, Stdout))

    @property
    def displays(self) -> list[Display]:
        return [e for e in self.events if isinstance(e, Display)]

    @property
    def error(self) -> Error | None:
        return next((e for e in self.events if isinstance(e, Error)), None)

    @property
    def restarted(self) -> bool:
        last = self.events[-1] if self.events else None
        return isinstance(last, Done) and last.restarted


class _Child:
    """One running child process, its event queue and the tail of its stderr."""

    def __init__(self, memory_mb: int) -> None:
        limits = Limits(memory_bytes=memory_mb * 1024 * 1024, file_bytes=FILE_BYTES)
        self.child = Child("kernel", "tutor.lessons.kernel_main", [], limits)
        self.process = self.child.process
        self.events: queue.Queue[Tagged | None] = queue.Queue()
        self.stderr_tail: deque[str] = deque(maxlen=20)
        self.seq: list[int | None] = [None]  # the request being answered, for the reader's notes
        # The readers hold the streams, not this object, so a dropped kernel's child is killed.
        reader = threading.Thread(
            target=_read_events, args=(self.child.stdout, self.events, self.seq)
        )
        tail = threading.Thread(target=_read_lines, args=(self.child.stderr, self.stderr_tail))
        for thread in (reader, tail):
            thread.daemon = True
            thread.start()

    def send(self, request: dict[str, Any]) -> None:
        self.seq[0] = request.get("seq")
        self.child.stdin.write((json.dumps(request) + "\n").encode())
        self.child.stdin.flush()

    def interrupt(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it may end in between
                os.kill(self.process.pid, signal.SIGINT)

    def kill(self) -> None:
        self.child.end()

    def exit_description(self) -> str:
        return describe_exit(self.process.wait())


def _read_events(
    stream: BufferedIOBase, events: queue.Queue[Tagged | None], seq: list[int | None]
) -> None:
    """The child's JSON lines as events; None when it closes its end (it has exited). A line too
    long to hold is dropped, and the request it belonged to gets a note instead."""
    lines = CappedLines(EVENT_LINE_CAP)
    noted = 0
    for chunk in read_chunks(stream):
        for raw in lines.feed(chunk):
            with contextlib.suppress(ValueError):  # not an event: dropped
                events.put(Event.from_json(raw))
        if lines.dropped > noted and not lines.overlong:
            text = f"[the kernel sent {describe_size(lines.dropped - noted)} at once; dropped]\n"
            events.put(Tagged(Stdout(text, "stderr"), {"seq": seq[0]}))
            noted = lines.dropped
    events.put(None)


def _read_lines(stream: BufferedIOBase, tail: deque[str]) -> None:
    lines = CappedLines(STDERR_LINE_CAP)
    for raw in read_lines(stream, lines):
        tail.append(raw.decode("utf-8", "replace") + "\n")


class Kernel:
    """A lesson's kernel. `run` blocks: call it from a worker thread, never the UI thread."""

    def __init__(self, memory_mb: int = MEMORY_MB, start_timeout: float = START_TIMEOUT) -> None:
        self.memory_mb = memory_mb
        self.start_timeout = start_timeout
        self._child: _Child | None = None
        self._lock = threading.RLock()
        self._seq = 0
        self._stopping = False

    def __enter__(self) -> Kernel:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def alive(self) -> bool:
        child = self._child
        return child is not None and child.process.poll() is None

    def start(self) -> None:
        """Start the child if it is not running, and wait until it is ready."""
        with self._lock:
            if not self.alive:
                self._spawn()

    def restart(self) -> None:
        """A fresh kernel with an empty namespace."""
        with self._lock:
            self._discard()
            self._spawn()

    def stop(self) -> None:
        """End the child now, from any thread; a `run` in progress returns with status "stopped"."""
        self._stopping = True
        self._discard()

    def interrupt(self) -> None:
        """Any thread: a running fit stops after its batch; other code gets KeyboardInterrupt."""
        child = self._child
        if child is not None:
            child.interrupt()

    def run(
        self,
        code: str,
        timeout: float = DEFAULT_CELL_TIMEOUT,
        on_event: OnEvent | None = None,
        name: str | None = None,
    ) -> CellResult:
        """Run `code` in the shared namespace, passing each event to `on_event` as it arrives;
        tracebacks call it `<cell NAME>` (the cell's id), or `<cell N>` by a run counter."""
        request = {"op": "run", "code": code, "timeout": timeout, "name": name}
        with self._lock:
            return self._request(request, timeout, on_event)

    def rerun(
        self, cells: Iterable[Cell | str], on_event: OnEvent | None = None
    ) -> list[CellResult]:
        """Run cells in order to rebuild the namespace, stopping at the first that does not pass."""
        results = []
        for cell in cells:
            if isinstance(cell, Cell):
                code, timeout, name = (
                    cell.code,
                    cell.timeout or DEFAULT_CELL_TIMEOUT,
                    cell.id or None,
                )
            else:
                code, timeout, name = cell, DEFAULT_CELL_TIMEOUT, None
            result = self.run(code, timeout, on_event, name)
            results.append(result)
            if not result.ok:
                break
        return results

    def trace(
        self,
        view: str,
        model_expr: str,
        x_expr: str,
        y_expr: str | None = None,
        threshold: str | float | None = None,
        timeout: float = DEFAULT_CELL_TIMEOUT,
    ) -> dict[str, Any]:
        """The data of an under-the-hood view, evaluated in the namespace (KernelError if not)."""
        request = {
            "op": "trace",
            "view": view,
            "model": model_expr,
            "x": x_expr,
            "y": y_expr,
            "threshold": None if threshold is None else str(threshold),
            "timeout": timeout,
        }
        with self._lock:
            result = self._request(request, timeout, None)
        for event in result.events:
            if isinstance(event, Trace):
                return event.data
        error = result.error or Error("no data came back", Origin.APP)
        if error.ename == "HoodError":  # already names the expression and its error
            raise KernelError(error.message)
        raise KernelError(error.summary())

    # -- the exchange ----------------------------------------------------------------------------

    def _spawn(self) -> _Child:
        """Start a child and wait until it is ready; it becomes the kernel's child."""
        self._stopping = False
        child = _Child(self.memory_mb)
        self._child = child
        try:
            ready = child.events.get(timeout=self.start_timeout)
        except queue.Empty:
            ready = None
        if ready is None or not isinstance(ready.event, Ready):
            detail = "".join(child.stderr_tail).strip()[-500:]
            child.kill()
            self._child = None
            raise KernelError(f"the lesson's kernel could not start. {detail}".strip())
        return child

    def _discard(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.kill()

    def _request(
        self, request: dict[str, Any], timeout: float, on_event: OnEvent | None
    ) -> CellResult:
        events: list[Event] = []

        def deliver(event: Event) -> None:
            events.append(event)
            if on_event is not None:
                on_event(event)

        if self._child is not None and not self.alive:  # it died between requests
            how = self._child.exit_description()
            self._discard()
            self._spawn()
            message = (
                f"The kernel had stopped before this cell ran ({how}). A fresh kernel was started "
                "with no variables: run the cells above again, then this one."
            )
            return self._finish(
                deliver, events, CellStatus.CRASHED, Origin.KERNEL_DIED, message, True
            )
        child = self._child if self._child is not None else self._spawn()
        self._seq += 1
        request["seq"] = seq = self._seq
        with contextlib.suppress(OSError):  # a child that is gone is found out by the read below
            child.send(request)
        deadline = time.monotonic() + timeout
        while True:
            try:
                tagged = child.events.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                return self._time_out(child, seq, timeout, deliver, events)
            if tagged is None:
                return self._lost(child, deliver, events)
            if tagged.tags.get("seq") != seq:
                continue  # left over from a request whose reader gave up
            event = tagged.event
            deliver(event)
            if isinstance(event, Done):
                return CellResult(CellStatus(event.status), events)

    def _time_out(
        self, child: _Child, seq: int, timeout: float, deliver: OnEvent, events: list[Event]
    ) -> CellResult:
        """Interrupt the cell; if it will not stop, kill the kernel and start a fresh one."""
        child.interrupt()
        stopped = False
        deadline = time.monotonic() + INTERRUPT_GRACE
        while not stopped and (remaining := deadline - time.monotonic()) > 0:
            try:
                tagged = child.events.get(timeout=remaining)
            except queue.Empty:
                break
            if tagged is None:
                break
            if tagged.tags.get("seq") != seq:
                continue
            if isinstance(tagged.event, Done):
                stopped = True
            elif not isinstance(tagged.event, Error):  # its KeyboardInterrupt gives way to ours
                deliver(tagged.event)
        stopped_at = f"This cell ran longer than {timeout:g} s and was stopped."
        if stopped:
            message = f"{stopped_at} Your variables from earlier cells are kept."
            return self._finish(deliver, events, CellStatus.TIMEOUT, Origin.TIMEOUT, message, False)
        self._discard()
        self._spawn()
        message = (
            f"{stopped_at} The kernel was restarted with no variables: run the cells above again "
            "to rebuild them."
        )
        return self._finish(deliver, events, CellStatus.TIMEOUT, Origin.TIMEOUT, message, True)

    def _lost(self, child: _Child, deliver: OnEvent, events: list[Event]) -> CellResult:
        """The child ended in the middle of a request."""
        if self._stopping:
            message = "The kernel was stopped."
            return self._finish(deliver, events, CellStatus.STOPPED, Origin.STOPPED, message, False)
        how = child.exit_description()
        self._discard()
        self._spawn()
        message = (
            f"The kernel process ended while running this cell ({how}): something in the cell "
            "stopped Python, like os._exit(), a crash in native code or running out of memory. "
            "A fresh kernel was started with no variables: run the cells above again."
        )
        return self._finish(deliver, events, CellStatus.CRASHED, Origin.KERNEL_DIED, message, True)

    @staticmethod
    def _finish(
        deliver: OnEvent,
        events: list[Event],
        status: CellStatus,
        origin: Origin,
        message: str,
        restarted: bool,
    ) -> CellResult:
        """End a request the app ended: its own error, then Done."""
        deliver(Error(message, origin))
        deliver(Done(status, None, restarted))
        return CellResult(status, events)
