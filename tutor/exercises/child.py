"""The exercise child process: call the learner's function on the app's cases, report each result.

Started by `tutor.exercises.runner` through `tutor.childproc`, which sets the limits and the
confinement before this module is imported. The order is the point: the request (holding this
run's random token) is read from stdin and stdin is closed, the functions needed to report are
bound to locals, and only then is the learner's code executed. Every report goes to a dedicated
pipe, one JSON line tagged with the token, and the process ends with `os._exit` right after the
last one. The judging happens in the app, so patching NumPy, the checks or `sys.modules` here
changes nothing; exiting early leaves no verdict.
This guards against mistakes, not malice: code in this process could still dig the token out.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

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

Report = Callable[[Event], None]


def describe_error(error: BaseException, filename: str, source: str) -> LearnerError:
    """The error as the learner needs it: type, message, and the line of *their* file."""
    line = None
    if isinstance(error, SyntaxError) and error.filename == filename:
        line = error.lineno
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == filename:
            line = lineno
    lines = source.splitlines()
    text = lines[line - 1].strip() if line and 0 < line <= len(lines) else ""
    message = error.msg if isinstance(error, SyntaxError) else str(error)
    return LearnerError(type(error).__name__, message, line, text)


def load_module(
    source: str, filename: str, report: Report, exercise: str | None = None
) -> dict[str, Any] | None:
    """Execute the learner's file; report why if it cannot be loaded (naming `exercise` when
    several files are loaded)."""
    namespace: dict[str, Any] = {"__name__": "learner", "__file__": filename}
    try:
        code = compile(source, filename, "exec")
        exec(code, namespace)
    except SyntaxError as error:
        report(Syntax(describe_error(error, filename, source), exercise))
        return None
    except SystemExit as error:
        described = describe_error(error, filename, source)
        report(Exit(str(error.code), described, exercise=exercise))
        return None
    except BaseException as error:
        report(LoadError(describe_error(error, filename, source), exercise))
        return None
    return namespace


def run_cases(request: dict[str, Any], report: Report) -> None:
    source, filename, function = request["source"], request["filename"], request["function"]
    namespace = load_module(source, filename, report)
    if namespace is None:
        return
    report(Loaded())
    learner = namespace.get(function)
    if not callable(learner):
        defined = sorted(
            name for name, value in namespace.items() if callable(value) and name[0] != "_"
        )
        report(Missing(function, defined))
        return
    for index, (args, then) in enumerate(zip(request["cases"], request["then"], strict=True)):
        try:
            value = learner(*decode(args))
            if then is None:
                report(Result(index, encode(value)))
                continue
            method, method_args = then
            answered = callable(getattr(value, method, None))
            answer = getattr(value, method)(*decode(method_args)) if answered else value
        except SystemExit as error:
            report(Exit(str(error.code), describe_error(error, filename, source), index))
            return
        except BaseException as error:
            report(Raised(describe_error(error, filename, source), index))
            continue
        report(Result(index, encode(answer), type(value).__name__, answered))
    report(Done())


def main(argv: list[str]) -> None:
    """Run the request read from stdin (`argv` is unused: everything comes with the request)."""
    request = json.loads(sys.stdin.readline())
    sys.stdin.close()
    os.close(0)
    token, fd = request.pop("token"), request.pop("fd")
    write, flush_out, flush_err = os.write, sys.stdout.flush, sys.stderr.flush
    to_json = Event.to_json

    def report(event: Event) -> None:
        data = (to_json(event, token=token) + "\n").encode()
        while data:
            data = data[write(fd, data) :]

    try:
        if request.get("mode") == "engine":
            from tutor.exercises.your_engine import run_in_child

            run_in_child(request, report)
        else:
            run_cases(request, report)
    finally:
        for flush in (flush_out, flush_err):
            with contextlib.suppress(BaseException):
                flush()
        os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
