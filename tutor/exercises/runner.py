"""Run the learner's code in a child process with limits and judge what comes back.

`check_source(exercise_id, source)` returns a `Verdict`; it blocks, so the UI calls it from a
thread worker. The child (`tutor.exercises.child`) gets `python -I`, a temporary working
directory, CPU, memory and file-size limits it sets on itself before running the learner's code,
and a wall-clock timeout here. Its reports arrive on a pipe of their own, each tagged with a
random per-run token; lines without the token are ignored, and a run without a final `done` is a
failure. This guards against mistakes, not malice.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tutor.exercises.checks import Called
from tutor.exercises.wire import decode, encode

MEMORY_LIMIT = 1 << 30  # bytes of address space for the child
OUTPUT_CAP = 8_000  # characters of the learner's printed output kept per stream

SAFETY_NOTE = (
    "Your code runs in a separate process with time and memory limits. This protects tutor from "
    "mistakes such as endless loops, not from deliberately malicious code."
)


@dataclass
class ChildRun:
    """What a child process sent back: its tagged events in order, and everything else it did."""

    events: list[dict[str, Any]] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    returncode: int | None = None
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def finished(self) -> bool:
        return bool(self.events) and self.events[-1]["event"] == "done"

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
    with tempfile.TemporaryDirectory(prefix="tutor-exercise-") as workdir:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": workdir,
            "LANG": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        begun = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-I", "-m", "tutor.exercises.child"],
            cwd=workdir,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(write_fd,),
            start_new_session=True,
        )
        os.close(write_fd)
        if started is not None:
            started(process)
        limits = {"cpu_seconds": int(timeout) + 1, "memory_bytes": MEMORY_LIMIT}
        message = {"token": token, "fd": write_fd, **limits, **request}
        try:
            process.stdin.write(json.dumps(message).encode() + b"\n")
            process.stdin.close()
        except BrokenPipeError:
            pass
        run = _collect(process, read_fd, token, begun + timeout)
        run.seconds = time.monotonic() - begun
    return run


def _collect(process: subprocess.Popen, read_fd: int, token: str, deadline: float) -> ChildRun:
    run = ChildRun()
    buffers = {process.stdout.fileno(): bytearray(), process.stderr.fileno(): bytearray()}
    reports = bytearray()
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        selector.register(process.stderr, selectors.EVENT_READ)
        selector.register(read_fd, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                run.timed_out = True
                break
            for key, _ in selector.select(remaining):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                elif key.fd == read_fd:
                    reports += chunk
                elif len(buffers[key.fd]) < OUTPUT_CAP:
                    buffers[key.fd] += chunk
    if run.timed_out:
        stop_child(process)
    process.stdout.close()
    process.stderr.close()
    os.close(read_fd)
    run.returncode = process.wait()
    run.stdout, run.stderr = (_capped(buffer) for buffer in buffers.values())
    run.events = _tagged(reports, token)
    return run


def stop_child(process: subprocess.Popen) -> None:
    """Kill the child and anything it started, if it is still running."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def _capped(data: bytearray) -> str:
    text = data.decode(errors="replace")
    if len(text) > OUTPUT_CAP:
        text = text[:OUTPUT_CAP] + "\n[output truncated]"
    return text


def _tagged(reports: bytes, token: str) -> list[dict[str, Any]]:
    """The reports carrying this run's token, in order; anything else on the pipe is ignored."""
    events = []
    for line in reports.decode(errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and event.get("token") == token and "event" in event:
            events.append(event)
    return events


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: `status` is passed, failed, error, syntax, timeout or crashed."""

    status: str
    message: str
    case: str | None = None
    cases_passed: int = 0
    cases_total: int = 0
    output: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "passed"

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


_HEADLINES = {
    "failed": "Not yet",
    "error": "Your code raised an error",
    "syntax": "Python cannot read your file",
    "timeout": "Stopped: your code ran too long",
    "crashed": "The checking process ended without a verdict",
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


def judge(run: ChildRun, cases: list, function: str, timeout: float) -> Verdict:
    total = len(cases)

    def verdict(status: str, message: str, index: int | None = None) -> Verdict:
        title = cases[index].title if index is not None and index < total else None
        return Verdict(status, message, title, index or 0, total, run.output)

    events = list(run.events)
    praises = []
    for event in events:
        kind = event["event"]
        if kind == "syntax":
            return verdict("syntax", _located(event["error"], "") + _SYNTAX_ADVICE)
        if kind == "load-error":
            error = event["error"]
            return verdict(
                "error",
                _located(error, f"{error['type']} while your file was loaded")
                + "\nCode outside your function runs as soon as the file is loaded.",
            )
        if kind == "missing":
            defined = ", ".join(event["defined"]) or "no functions"
            return verdict(
                "failed",
                f"your file has no function named `{function}` (it defines: {defined}). "
                "Keep the name and the parameters the exercise gives.",
            )
        if kind == "exit":
            return verdict(
                "failed",
                f"your code called sys.exit() or exit(){_at_line(event['error'])}, so the checks "
                "could not finish. Return a value from your function instead.",
                event.get("case"),
            )
        if kind == "raised":
            index, error = event["case"], event["error"]
            explain_error = cases[index].explain_error if index < total else None
            if explain_error and (problem := explain_error(error)):
                return verdict(
                    "failed", _sentence(f"{error['type']}{_at_line(error)}: {problem}"), index
                )
            return verdict("error", _raised_text(error), index)
        if kind == "result":
            index = event["case"]
            value = decode(event["value"])
            if "returned" in event:
                value = Called(event["returned"], event["answered"], value)
            problem = cases[index].explain(value)
            if problem:
                return verdict("failed", _sentence(problem), index)
            if cases[index].praise:
                praises.append(cases[index].praise(value))
    answered = sum(1 for event in events if event["event"] == "result")
    if run.finished and answered == total:
        return Verdict("passed", " ".join(praises), None, total, total, run.output)
    loaded = any(event["event"] == "loaded" for event in events)
    if run.timed_out:
        if not loaded:
            return verdict(
                "timeout",
                f"your file did not finish loading within {timeout:g} s and was stopped. "
                "Code at the top level of the file runs on load: is there a loop that never ends?",
            )
        return verdict(
            "timeout",
            f"your function did not return within {timeout:g} s and was stopped: "
            "is there a loop that never ends, or far more work than the task needs?",
            answered,
        )
    return verdict("crashed", _crash_text(run), answered if loaded else None)


_SYNTAX_ADVICE = (
    "\nLook for a missing colon, bracket or quote, or wrong indentation, on that line or the one "
    "before it."
)


def _at_line(error: dict[str, Any]) -> str:
    return f" at line {error['line']}" if error.get("line") else ""


def _located(error: dict[str, Any], what: str) -> str:
    head = f"{what}: " if what else ""
    where = f"line {error['line']}: " if error.get("line") else ""
    text = f"\n    {error['text']}" if error.get("text") else ""
    return f"{head}{where}{error['message']}{text}"


def _raised_text(error: dict[str, Any]) -> str:
    if error["type"] == "MemoryError":
        return (
            f"your code ran out of memory{_at_line(error)}: the checks allow "
            f"{MEMORY_LIMIT >> 30} GiB, far more than this exercise needs."
        )
    return _located(error, f"{error['type']}") + (
        "\nThe check's title above gives the shapes your function was called with."
    )


def _crash_text(run: ChildRun) -> str:
    code = run.returncode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
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
