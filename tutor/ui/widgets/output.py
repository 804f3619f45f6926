"""What a cell printed and displayed, its training plot and its errors, in the order they came."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from tutor.ui.widgets.training import TrainingView

STATUS_LINES = {
    "interrupted": "Stopped by you.",
    "timeout": "",  # the kernel's own error event explains a timeout
    "crashed": "",
}


class CellOutput(Vertical):
    """Output pieces mounted in arrival order; consecutive printed text shares one block."""

    def clear(self) -> None:
        self.remove_children()
        self._stream: Static | None = None
        self._stream_text = Text()
        self.training: TrainingView | None = None

    def on_mount(self) -> None:
        self.clear()

    async def add_event(self, event: dict[str, Any]) -> None:
        """Show one kernel event; returns once any new piece is mounted (and can be scrolled to)."""
        kind = event["event"]
        if kind == "stdout":
            await self._print(event["text"], "red" if event.get("stream") == "stderr" else "")
            return
        self._stream = None
        if kind == "display":
            await self._show(display_text(event), "display")
        elif kind == "error":
            await self._show(error_text(event), "error")
        elif kind == "note":
            await self._show(Text(event["text"], style="italic"), "note")
        elif kind == "fit_begin":
            self.training = TrainingView()
            self.training.begin(event["epochs"], event["metrics"])
            await self.mount(self.training)
        elif kind == "epoch" and self.training is not None:
            self.training.add_epoch(event["epoch"], event["logs"])
        elif kind == "fit_end" and self.training is not None:
            self.training.finish(fit_end_message(event))
        elif kind == "done" and STATUS_LINES.get(event["status"]):
            await self._show(Text(STATUS_LINES[event["status"]], style="italic"), "note")

    async def _print(self, text: str, style: str) -> None:
        if self._stream is None:
            self._stream_text = Text()
            self._stream = Static(self._stream_text, classes="stdout")
            await self.mount(self._stream)
        self._stream_text.append(text, style=style)
        shown = self._stream_text.copy()
        shown.rstrip()  # print's final newline would show as an empty line
        self._stream.update(shown)

    async def _show(self, renderable, classes: str) -> None:
        await self.mount(Static(renderable, classes=classes))


def display_text(event: dict[str, Any]) -> Text:
    """A displayed value; arrays carry their shape, as `x.shape` would print it."""
    text = Text()
    if event.get("kind") == "array":
        shape = tuple(event.get("shape", ()))
        text.append(f"array  shape={shape}  dtype={event.get('dtype')}\n", style="dim")
    text.append(event["text"])
    return text


def error_text(event: dict[str, Any]) -> Text:
    """An error as the learner needs it: what, where, and their own frames only."""
    where = f" (line {event['line']})" if event.get("line") else ""
    name = event.get("ename", "")
    text = Text()
    if name in ("", "Timeout", "KernelDied", "CellAboveFailed"):
        text.append(event["message"], style="bold red")
    else:
        text.append(f"{name}{where}: ", style="bold red")
        text.append(event["message"])
    trace = event.get("traceback", "").rstrip().splitlines()
    if trace and trace[-1].startswith(f"{name}:"):
        trace.pop()  # the same "Name: message" line as above
    if trace:
        text.append("\n" + "\n".join(trace), style="dim")
    return text


def fit_end_message(event: dict[str, Any]) -> str:
    """The training view's last line; the engine's reason is long (the cell prints all of it),
    its first sentence says when and why."""
    if event.get("reason"):
        return event["reason"].split(". ", 1)[0].rstrip(".") + "."
    epochs = event["epochs_run"]
    if event.get("stopped"):
        return f"Stopped after {epochs} epoch{'s' * (epochs != 1)}."
    return f"Trained {epochs} epoch{'s' * (epochs != 1)}."
