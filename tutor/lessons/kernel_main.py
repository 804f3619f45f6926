"""The child side of a lesson kernel: runs cells in one namespace and reports JSON-line events.

Started by `tutor.lessons.kernel.Kernel` (see docs/architecture.md, "The kernel"); the protocol
channel is a private copy of the original stdout, so nothing a cell prints can corrupt it.
"""

from __future__ import annotations

import ast
import builtins
import io
import json
import linecache
import os
import signal
import sys
import time
import traceback
from typing import Any

from tutor.childproc.inside import allow_cpu
from tutor.protocol import (
    Display,
    Done,
    Epoch,
    Error,
    Event,
    FitBegin,
    FitEnd,
    FitOutcome,
    Note,
    Ready,
    Stdout,
    Trace,
)

OUTPUT_CAP = 20_000  # characters of printed output kept per cell
TEXT_CAP = 10_000  # characters of one displayed value
FLUSH_SECONDS = 0.05
CPU_GRACE_SECONDS = 10  # CPU seconds past a cell's timeout before SIGXCPU ends the kernel


class Channel:
    """Events to the parent, tagged with the request they answer."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream = stream
        self.seq: int | None = None

    def emit(self, event: Event) -> None:
        self.stream.write(event.to_json(seq=self.seq) + "\n")
        self.stream.flush()


class Output:
    """What a cell prints: coalesced into `stdout` events, capped per cell."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.used = 0
        self.dropped = 0
        self.pending: list[tuple[str, str]] = []
        self.last_flush = time.monotonic()

    def reset(self) -> None:
        """Start a cell: nothing printed yet, and fresh `sys.stdout` / `sys.stderr` even if the
        last cell closed or replaced them."""
        self.used = self.dropped = 0
        sys.stdout = StreamProxy(self, "stdout")
        sys.stderr = StreamProxy(self, "stderr")

    def write(self, stream: str, text: str) -> None:
        room = OUTPUT_CAP - self.used
        if len(text) > room:
            self.dropped += len(text) - max(room, 0)
            text = text[: max(room, 0)]
        if text:
            self.used += len(text)
            self.pending.append((stream, text))
        if "\n" in text and time.monotonic() - self.last_flush > FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        while self.pending:
            stream = self.pending[0][0]
            parts = []
            while self.pending and self.pending[0][0] == stream:
                parts.append(self.pending.pop(0)[1])
            self.channel.emit(Stdout("".join(parts), stream))
        self.last_flush = time.monotonic()

    def finish(self) -> None:
        if self.dropped:
            note = f"\n[output truncated: {self.dropped} more characters]\n"
            self.pending.append(("stdout", note))
        self.flush()


class StreamProxy(io.TextIOBase):
    """`sys.stdout` / `sys.stderr` inside the kernel."""

    def __init__(self, output: Output, name: str) -> None:
        self.output = output
        self.name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.output.write(self.name, str(text))
        return len(text)

    def flush(self) -> None:
        self.output.flush()


class Kernel:
    """The namespace the cells share, and the work of running one request."""

    def __init__(self, channel: Channel, output: Output) -> None:
        self.channel = channel
        self.output = output
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        self.count = 0
        self.running = False
        self.fits: list[Any] = []  # the streaming callbacks of the fits now running

    # -- interrupts ------------------------------------------------------------------------------

    def on_interrupt(self, signum: int, frame: Any) -> None:
        """SIGINT: a running fit stops after its batch and returns; other code is interrupted."""
        if not self.running:
            return
        if self.fits:
            for stream in self.fits:
                stream.stop_requested = True
            return
        raise KeyboardInterrupt

    # -- cells -----------------------------------------------------------------------------------

    def run(self, code: str, timeout: float, name: str | None = None) -> None:
        """Run a cell; tracebacks name it `<cell NAME>`, else `<cell N>` by a run counter."""
        self.count += 1
        filename = f"<cell {name or self.count}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        started = time.monotonic()
        status = "ok"
        self.output.reset()
        allow_cpu(timeout + CPU_GRACE_SECONDS)
        try:
            self.running = True
            try:
                value, has_value = self._execute(code, filename)
            finally:
                self.running = False
            self.output.flush()
            if has_value and value is not None:
                self.channel.emit(describe(value))
        except BaseException as error:  # the learner's error, reported; the kernel goes on
            self.running = False
            self.output.flush()
            status = "interrupted" if isinstance(error, KeyboardInterrupt) else "error"
            self.channel.emit(explain(error, filename))
        self.output.finish()
        self.channel.emit(Done(status, round(time.monotonic() - started, 3)))

    def _execute(self, code: str, filename: str) -> tuple[Any, bool]:
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tail := tree.body[-1], ast.Expr):
            tree.body.pop()
            last = ast.Expression(tail.value)
        exec(compile(tree, filename, "exec"), self.namespace)
        if last is None:
            return None, False
        return eval(compile(last, filename, "eval"), self.namespace), True

    # -- under the hood --------------------------------------------------------------------------

    def trace(self, request: dict[str, Any]) -> None:
        started = time.monotonic()
        allow_cpu(float(request.get("timeout", 30)) + CPU_GRACE_SECONDS)
        self.output.reset()
        status = "ok"
        try:
            self.running = True
            try:
                data = self._trace(request)
            finally:
                self.running = False
            self.output.flush()
            self.channel.emit(Trace(data))
        except BaseException as error:
            self.running = False
            self.output.flush()
            status = "error"
            self.channel.emit(explain(error, "<hood>"))
        self.output.finish()
        self.channel.emit(Done(status, round(time.monotonic() - started, 3)))

    def _trace(self, request: dict[str, Any]) -> dict[str, Any]:
        view = request["view"]
        model = self._evaluate("model", request["model"])
        x = self._evaluate("x", request["x"])

        from tutor.engine import Sequential
        from tutor.engine.trace import trace_forward, trace_train_step

        if not hasattr(model, "layers"):  # a single layer, shown as a one-layer model
            model = Sequential([model], name="hood")
        if view in ("network", "dense"):
            return {"view": view, "forward": trace_forward(model, x).to_dict()}
        if view == "step":
            y = self._evaluate("y", request.get("y") or "")
            return {"view": view, "step": trace_train_step(model, x, y).to_dict()}
        if view == "predict":
            return self._predict_trace(model, x, request.get("threshold"))
        raise ValueError(f'unknown view "{view}": use network, dense, step or predict')

    def _predict_trace(self, model: Any, x: Any, threshold: str | None) -> dict[str, Any]:
        """predict's output and the decisions made from it, as the model's output calls for.

        One column, or several independent sigmoids: each probability against the threshold.
        Several softmax probabilities, or several logits (a linear output, trained with
        from_logits=True): one class per example, the argmax. Logits are also turned into
        probabilities with softmax, which keeps their order, so both give the same class."""
        import numpy as np

        from tutor.engine.activations import softmax
        from tutor.engine.trace import trace_forward

        forward = trace_forward(model, x).to_dict()
        output = np.asarray(forward["output"], dtype=np.float64)
        activation = forward["layers"][-1]["activation"]
        data: dict[str, Any] = {"view": "predict", "forward": forward, "activation": activation}
        if output.shape[-1] > 1 and activation in ("softmax", "linear"):
            probabilities = output if activation == "softmax" else softmax(output)
            return {
                **data,
                "decide": "argmax",
                "logits": output.tolist() if activation == "linear" else None,
                "probabilities": np.asarray(probabilities).tolist(),
                "decisions": output.argmax(axis=-1).tolist(),
            }
        cut = float(self._evaluate("threshold", threshold or "0.5"))
        return {
            **data,
            "decide": "threshold",
            "threshold": cut,
            "probabilities": output.tolist(),
            "decisions": (output >= cut).astype(int).tolist(),
        }

    def _evaluate(self, name: str, expression: str) -> Any:
        if not expression.strip():
            raise ValueError(f"this view needs {name}=...")
        try:
            return eval(compile(expression, f"<{name}>", "eval"), self.namespace)
        except Exception as error:
            raise HoodError(f"{name}={expression}: {type(error).__name__}: {error}") from None


class HoodError(Exception):
    """An under-the-hood expression could not be evaluated; the message names it."""


def describe(value: Any) -> Display:
    """A displayed value, as a notebook shows the last expression of a cell."""
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        with numpy.printoptions(precision=4, suppress=True, threshold=200, linewidth=76):
            text = repr(value)
        return Display(_cap(text), "array", list(value.shape), str(value.dtype))
    if isinstance(value, bool | int | float | complex) or (
        numpy is not None and isinstance(value, numpy.generic)
    ):
        return Display(_cap(str(value)), "scalar")
    try:
        text = repr(value)
    except Exception as error:
        text = f"<{type(value).__name__} object; its repr failed: {error}>"
    return Display(_cap(text))


def _cap(text: str) -> str:
    if len(text) <= TEXT_CAP:
        return text
    return text[:TEXT_CAP] + f"\n[{len(text) - TEXT_CAP} more characters]"


def explain(error: BaseException, filename: str) -> Error:
    """The error as a learner should see it: the learner's frames only, and the line at fault."""
    if isinstance(error, KeyboardInterrupt):
        return Error("stopped: the cell was interrupted", ename="KeyboardInterrupt")
    if isinstance(error, SystemExit):
        message = f"the cell called exit({error.code!r}); the kernel ignores it and keeps going"
        return Error(message, ename="SystemExit")
    summary = traceback.TracebackException.from_exception(error)
    frames = [frame for frame in summary.stack if frame.filename.startswith("<cell ")]
    here = [frame.lineno for frame in frames if frame.filename == filename]
    line = here[-1] if here else None  # in this cell, even when the fault is in an earlier one
    message = _cap(str(error))
    if isinstance(error, SyntaxError):
        message = error.msg
        if error.filename == filename:
            line = error.lineno
    ename = public_name(type(error))
    shown = traceback.StackSummary.from_list(frames).format() if frames else []
    if isinstance(error, SyntaxError):
        shown += summary.format_exception_only()
    else:
        shown.append(f"{ename}: {message}\n" if message else f"{ename}\n")
    text = "".join(shown)
    if len(text) > 2 * TEXT_CAP:  # keep the end: the line at fault and the error
        text = f"[{len(text) - 2 * TEXT_CAP} earlier characters]\n" + text[-2 * TEXT_CAP :]
    return Error(message, ename=ename, line=line, traceback=text)


def public_name(kind: type) -> str:
    """The name a learner knows: NumPy's private `_ArrayMemoryError` is a `MemoryError`."""
    return next(k.__name__ for k in kind.__mro__ if not k.__name__.startswith("_"))


def install_fit_stream(kernel: Kernel) -> None:
    """Make every fit stream `FitBegin` / `Epoch` / `FitEnd` events, and stop when asked.

    A wrapper around `Sequential.fit`, because the stream must reach fits the learner calls with
    their own callbacks list, or none; the events themselves come from the engine's
    `Callback.params` and the model's `stop_summary`, so the kernel computes nothing fit does.

    The live chart they draw is the app's form of the progress Keras prints by default, so a fit
    called with verbose=0 streams nothing, as Keras prints nothing: it can still be stopped, and
    a stop is then said in one line."""
    import functools
    import inspect

    from tutor.engine import Sequential
    from tutor.engine.callbacks import Callback

    channel = kernel.channel
    original = Sequential.fit

    signature = inspect.signature(original)

    class Stream(Callback):
        def __init__(self, quiet: bool) -> None:
            super().__init__()
            self.quiet = quiet  # verbose=0: no chart, nothing streamed
            self.stop_requested = False
            self.epochs_run = 0
            self.summary: str | None = None  # the engine's, when it stopped on a NaN/inf loss

        def on_train_begin(self, logs: dict | None = None) -> None:
            if self.quiet:
                return
            kernel.output.flush()
            params = self.params
            channel.emit(
                FitBegin(
                    params["epochs"],
                    params["steps"],
                    params["samples"],
                    params["batch_size"],
                    params["metrics"],
                )
            )

        def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
            if self.stop_requested:
                self.model.stop_training = True

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            self.epochs_run += 1
            if not self.quiet:
                kernel.output.flush()
                channel.emit(Epoch(epoch, _floats(logs or {})))
            if self.stop_requested:
                self.model.stop_training = True

        def on_train_end(self, logs: dict | None = None) -> None:
            self.summary = self.model.stop_summary

        def fit_end(self) -> FitEnd:
            if self.summary:
                return FitEnd(self.epochs_run, FitOutcome.DIVERGED, self.summary)
            outcome = FitOutcome.STOPPED if self.stop_requested else FitOutcome.FINISHED
            return FitEnd(self.epochs_run, outcome)

    @functools.wraps(original)
    def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError:  # arguments fit cannot take: let fit itself say so
            return original(self, *args, **kwargs)
        given = bound.arguments
        verbose = given.get("verbose", "auto")
        given["verbose"] = verbose if "verbose" in given else 0  # the app draws the progress
        stream = Stream(quiet=not verbose)
        given["callbacks"] = [*(given.get("callbacks") or ()), stream]
        kernel.fits.append(stream)
        try:
            return original(*bound.args, **bound.kwargs)
        finally:
            kernel.fits.remove(stream)
            kernel.output.flush()
            end = stream.fit_end()
            if not stream.quiet:
                channel.emit(end)
            elif end.outcome is FitOutcome.STOPPED:
                channel.emit(Note(end.message()))

    Sequential.fit = fit  # type: ignore[method-assign]  # the one hook into every fit


def _floats(logs: dict[str, Any]) -> dict[str, float]:
    return {name: float(value) for name, value in logs.items()}


def main(argv: list[str]) -> None:
    """Serve requests until the app closes stdin. Limits and confinement are already in place
    (`tutor.childproc.inside`, run by the boot line before this module is imported)."""
    # The protocol keeps private copies of stdin/stdout; the real fds 0/1 are pointed away so that
    # neither input() nor a C-level write can touch it.
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    channel = Channel(os.fdopen(os.dup(1), "w", encoding="utf-8"))
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the kernel
    output = Output(channel)
    kernel = Kernel(channel, output)
    signal.signal(signal.SIGINT, kernel.on_interrupt)
    install_fit_stream(kernel)
    channel.emit(Ready(os.getpid()))
    for line in requests:
        request = json.loads(line)
        channel.seq = request.get("seq")
        if request.get("op") == "run":
            kernel.run(request["code"], float(request.get("timeout", 30)), request.get("name"))
        elif request.get("op") == "trace":
            kernel.trace(request)


if __name__ == "__main__":
    main(sys.argv[1:])
