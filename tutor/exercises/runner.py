"""Run the learner's code in a child process with limits and judge what comes back.

`check_source(exercise_id, source)` returns a `Verdict`; it blocks, so the UI calls it from a
thread worker. The child (`tutor.exercises.child`, started by `tutor.childproc`) runs in a scratch
folder with CPU, memory and file-size limits and, where Landlock exists, confined to reading
Python and tutor and writing that folder; here it gets a wall-clock timeout. Its reports arrive on
a pipe of their own, read within a cap, each tagged with a random per-run token; lines without the
token are ignored, and a run without a final `done` is a failure. What this does and does not
guard against: SAFETY_NOTE.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import selectors
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tutor.childproc.spawn import (
    Child,
    Limits,
    confinement_status,
    kill_group,
    landlock_abi,
    signal_name,
)
from tutor.childproc.streams import CHUNK, CappedLines, CappedText, describe_size, widen_pipe
from tutor.exercises.checks import Called, Case
from tutor.exercises.wire import decode, encode
from tutor.protocol import (
    Done,
    Event,
    Exit,
    LearnerError,
    Loaded,
    LoadError,
    Missing,
    Raised,
    Result,
    Syntax,
)

MEMORY_LIMIT = 1 << 30  # bytes of address space for the child
FILE_LIMIT = 10_000_000  # bytes of the largest file the child may write (in its scratch folder)
OUTPUT_CAP = 8_000  # bytes of the learner's printed output kept per stream
REPORT_CAP = 4 << 20  # bytes of reports kept; past it the run has no verdict, and says why
POLL_SECONDS = 0.1  # how often the reading loop looks whether the child has exited
DRAIN_SECONDS = 1.0  # how long its pipes are read after it exits

SAFETY_NOTE = (
    "Your code runs in a separate process with time and memory limits, in a scratch folder that "
    "is deleted afterwards, and every process it starts ends with the check. Where Linux offers "
    "Landlock it can read only Python, tutor's own files and the system's libraries and settings, "
    "write only that folder, and open no TCP connection. This protects your progress and files "
    "from mistakes such as a wrong path or an endless loop, not from deliberately malicious code."
)

# What the exercise shows under the code: short enough to read whole at 60 columns; the help
# screen and `exercise check` give safety_note() in full.
SHORT_SAFETY_NOTE = "Checks run apart, with limits: safe from mistakes, not malice (? says more)."


def safety_note() -> str:
    """SAFETY_NOTE, followed where this system cannot confine learner code by a line saying so."""
    if landlock_abi():
        return SAFETY_NOTE
    return f"{SAFETY_NOTE} {confinement_status()}"


@dataclass
class ChildRun:
    """What a child process sent back: its tagged events in order, and everything else it did."""

    events: list[Event] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    returncode: int | None = None
    timed_out: bool = False
    seconds: float = 0.0
    reports_dropped: int = 0  # bytes of reports past REPORT_CAP, thrown away unread

    @property
    def finished(self) -> bool:
        return bool(self.events) and isinstance(self.events[-1], Done)

    @property
    def output(self) -> str:
        return (self.stdout + self.stderr).strip()


def run_child(
    request: dict[str, Any],
    timeout: float,
    started: Callable[[subprocess.Popen], None] | None = None,
) -> ChildRun:
    """Start the child, hand it the request and collect its reports until it ends or times out.

    `started` receives the process, so that a caller leaving early can `stop_child` it."""
    token = secrets.token_hex(16)
    read_fd, write_fd = os.pipe()
    widen_pipe(read_fd)
    limits = Limits(MEMORY_LIMIT, FILE_LIMIT, cpu_seconds=int(timeout) + 1)
    begun = time.monotonic()
    try:
        child = Child("exercise", "tutor.exercises.child", [], limits, pass_fds=(write_fd,))
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    try:
        process = child.process
        if started is not None:
            started(process)
        message = {"token": token, "fd": write_fd, **request}
        try:
            child.stdin.write(json.dumps(message).encode() + b"\n")
            child.stdin.close()
        except BrokenPipeError:
            pass
        run = _collect(child, read_fd, token, begun + timeout)
    finally:
        child.end()  # whatever it forked ends with the check
    run.returncode = process.returncode
    run.seconds = time.monotonic() - begun
    return run


def _collect(child: Child, read_fd: int, token: str, deadline: float) -> ChildRun:
    """Read the three pipes within their caps until they close, the deadline passes, or the child
    has exited and its pipes are drained (what it forked is killed then, so it cannot hold them)."""
    run = ChildRun()
    process = child.process
    outputs = {child.stdout.fileno(): CappedText(OUTPUT_CAP)}
    outputs[child.stderr.fileno()] = CappedText(OUTPUT_CAP)
    reports = CappedLines(REPORT_CAP, REPORT_CAP)
    lines: list[bytes] = []
    exited = None
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        selector.register(child.stderr, selectors.EVENT_READ)
        selector.register(read_fd, selectors.EVENT_READ)
        while selector.get_map():
            now = time.monotonic()
            if now >= deadline:
                run.timed_out = True
                break
            if exited is None and process.poll() is not None:
                kill_group(process)
                exited = now
            elif exited is not None and now - exited > DRAIN_SECONDS:
                break  # something that left the group still holds a pipe; it is killed below
            for key, _ in selector.select(min(deadline - now, POLL_SECONDS)):
                chunk = os.read(key.fd, CHUNK)
                if not chunk:
                    selector.unregister(key.fileobj)
                elif key.fd == read_fd:
                    lines.extend(reports.feed(chunk))
                else:
                    outputs[key.fd].feed(chunk)
    lines.extend(reports.close())
    os.close(read_fd)
    run.stdout, run.stderr = (output.text() for output in outputs.values())
    run.events = _tagged(lines, token)
    run.reports_dropped = reports.dropped
    return run


def stop_child(process: subprocess.Popen) -> None:
    """Kill the child and anything it started, if it is still running."""
    kill_group(process)


def _tagged(lines: list[bytes], token: str) -> list[Event]:
    """The reports carrying this run's token, in order; anything else on the pipe is ignored."""
    events = []
    for line in lines:
        with contextlib.suppress(ValueError):
            event, tags = Event.from_json(line)
            if tags.get("token") == token:
                events.append(event)
    return events


class Status(StrEnum):
    """How a check ended."""

    PASSED = "passed"
    FAILED = "failed"  # an answer the checks explain
    ERROR = "error"  # the learner's code raised
    SYNTAX = "syntax"
    TIMEOUT = "timeout"
    CRASHED = "crashed"  # the process ended without a verdict


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check."""

    status: Status
    message: str
    case: str | None = None
    cases_passed: int = 0
    cases_total: int = 0
    output: str = ""

    @property
    def passed(self) -> bool:
        return self.status == Status.PASSED

    @property
    def headline(self) -> str:
        if self.passed and self.cases_total == 1:
            return "Passed."
        if self.passed:
            return f"Passed: all {self.cases_total} checks agree with the engine."
        where = (
            f" (check {self.cases_passed + 1} of {self.cases_total}: {self.case})"
            if self.case
            else ""
        )
        return f"{_HEADLINES[self.status]}{where}"


_HEADLINES: dict[Status, str] = {
    Status.FAILED: "Not yet",
    Status.ERROR: "Your code raised an error",
    Status.SYNTAX: "Python cannot read your file",
    Status.TIMEOUT: "Stopped: your code ran too long",
    Status.CRASHED: "The checking process ended without a verdict",
}


def check_source(
    exercise_id: str,
    source: str,
    function: str | None = None,
    filename: str | None = None,
    timeout: float | None = None,
    seed: int | None = None,
    started: Callable[[subprocess.Popen], None] | None = None,
) -> Verdict:
    """Run the hidden checks of `exercise_id` on the learner's `source` (within the exercise's
    own time limit unless `timeout` is given)."""
    from tutor.exercises.catalog import find_exercise
    from tutor.exercises.checks import cases_for

    if function is None or filename is None or timeout is None:
        exercise = find_exercise(exercise_id)
        function, filename = function or exercise.function, filename or exercise.file_name
        timeout = exercise.timeout if timeout is None else timeout
    cases = cases_for(exercise_id, seed)
    request = {
        "source": source,
        "filename": filename,
        "function": function,
        "cases": [encode(list(case.args)) for case in cases],
        "then": [
            None if case.then is None else [case.then[0], encode(list(case.then[1]))]
            for case in cases
        ],
    }
    run = run_child(request, timeout, started)
    return judge(run, cases, function, timeout)


def judge(run: ChildRun, cases: list[Case], function: str, timeout: float) -> Verdict:
    total = len(cases)

    def verdict(status: Status, message: str, index: int | None = None) -> Verdict:
        title = cases[index].title if index is not None and index < total else None
        return Verdict(status, message, title, index or 0, total, run.output)

    events = list(run.events)
    praises = []
    for event in events:
        match event:
            case Syntax(error=error):
                return verdict(Status.SYNTAX, _located(error, "") + _SYNTAX_ADVICE)
            case LoadError(error=error):
                return verdict(
                    Status.ERROR,
                    _located(error, f"{error.type} while your file was loaded")
                    + "\nCode outside your function runs as soon as the file is loaded.",
                )
            case Missing(defined=defined):
                return verdict(
                    Status.FAILED,
                    f"your file has no function named `{function}` (it defines: "
                    f"{', '.join(defined) or 'no functions'}). "
                    "Keep the name and the parameters the exercise gives.",
                )
            case Exit(error=error, case=index):
                return verdict(
                    Status.FAILED,
                    f"your code called sys.exit() or exit(){_at_line(error)}, so the checks "
                    "could not finish. Return a value from your function instead.",
                    index,
                )
            case Raised(error=error, case=int(index)):
                explain_error = cases[index].explain_error if index < total else None
                if explain_error and (problem := explain_error(error)):
                    return verdict(
                        Status.FAILED, _sentence(f"{error.type}{_at_line(error)}: {problem}"), index
                    )
                return verdict(Status.ERROR, _raised_text(error), index)
            case Result(case=index, value=value):
                value = decode(value)
                if event.returned is not None:
                    value = Called(event.returned, bool(event.answered), value)
                problem = cases[index].explain(value)
                if problem:
                    return verdict(Status.FAILED, _sentence(problem), index)
                praise = cases[index].praise
                if praise:
                    praises.append(praise(value))
    answered = sum(1 for event in events if isinstance(event, Result))
    if run.finished and answered == total:
        return Verdict(Status.PASSED, " ".join(praises), None, total, total, run.output)
    loaded = any(isinstance(event, Loaded) for event in events)
    if run.timed_out:
        if not loaded:
            return verdict(
                Status.TIMEOUT,
                f"your file did not finish loading within {timeout:g} s and was stopped. "
                "Code at the top level of the file runs on load: is there a loop that never ends?",
            )
        return verdict(
            Status.TIMEOUT,
            f"your function did not return within {timeout:g} s and was stopped: "
            "is there a loop that never ends, or far more work than the task needs?",
            answered,
        )
    return verdict(Status.CRASHED, _crash_text(run), answered if loaded else None)


_SYNTAX_ADVICE = (
    "\nLook for a missing colon, bracket or quote, or wrong indentation, on that line or the one "
    "before it."
)


def _at_line(error: LearnerError) -> str:
    return f" at line {error.line}" if error.line else ""


def _located(error: LearnerError, what: str) -> str:
    head = f"{what}: " if what else ""
    where = f"line {error.line}: " if error.line else ""
    text = f"\n    {error.text}" if error.text else ""
    return f"{head}{where}{error.message}{text}"


def _raised_text(error: LearnerError) -> str:
    if error.type == "MemoryError":
        return (
            f"your code ran out of memory{_at_line(error)}: the checks allow "
            f"{MEMORY_LIMIT >> 30} GiB, far more than this exercise needs."
        )
    return _located(error, error.type) + (
        "\nThe check's title above gives the shapes your function was called with."
    )


def _crash_text(run: ChildRun) -> str:
    if run.reports_dropped:
        return (
            f"your code's results came to more than {describe_size(REPORT_CAP)}, so the last "
            f"{describe_size(run.reports_dropped)} were dropped unread. Return a smaller value."
        )
    code = run.returncode
    if code is not None and code < 0:
        name = signal_name(-code)
        if -code == signal.SIGXCPU:
            return "your code used more CPU time than the check allows and was stopped."
        return (
            f"the process running your code was killed by {name} (it may have run out of memory)."
        )
    return (
        f"the process running your code ended early (exit code {code}) before reporting. "
        "Does your code call os._exit(), sys.exit() or exit()? Remove it and return a value."
    )


def _sentence(text: str) -> str:
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
