"""What a cell printed and displayed, its training plot and its errors, in the order they came."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from tutor.protocol import (
    Display,
    Done,
    Epoch,
    Error,
    Event,
    FitBegin,
    FitEnd,
    Note,
    Origin,
    Stdout,
)
from tutor.ui.widgets.training import TrainingView

STATUS_LINES = {
    "interrupted": "Stopped by you.",
    "timeout": "",  # the app's own error event explains a timeout
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

    async def add_event(self, event: Event) -> None:
        """Show one kernel event; returns once any new piece is mounted (and can be scrolled to)."""
        if isinstance(event, Stdout):
            await self._print(event.text, "red" if event.stream == "stderr" else "")
            return
        self._stream = None
        if isinstance(event, Display):
            await self._show(display_text(event), "display")
        elif isinstance(event, Error):
            await self._show(error_text(event), "error")
        elif isinstance(event, Note):
            await self._show(Text(event.text, style="italic"), "note")
        elif isinstance(event, FitBegin):
            self.training = TrainingView()
            self.training.begin(event.epochs, event.metrics)
            await self.mount(self.training)
        elif isinstance(event, Epoch) and self.training is not None:
            self.training.add_epoch(event.epoch, event.logs)
        elif isinstance(event, FitEnd) and self.training is not None:
            self.training.finish(event.message())
        elif isinstance(event, Done) and STATUS_LINES.get(event.status):
            await self._show(Text(STATUS_LINES[event.status], style="italic"), "note")

    async def _print(self, text: str, style: str) -> None:
        if self._stream is None:
            self._stream_text = Text()
            self._stream = Static(self._stream_text, classes="stdout")
            await self.mount(self._stream)
        self._stream_text.append(text, style=style)
        shown = self._stream_text.copy()
        shown.rstrip()  # print's final newline would show as an empty line
        self._stream.update(shown)

    async def _show(self, renderable: Text, classes: str) -> None:
        await self.mount(Static(renderable, classes=classes))


def display_text(event: Display) -> Text:
    """A displayed value; arrays carry their shape, as `x.shape` would print it."""
    text = Text()
    if event.form == "array":
        shape = tuple(event.shape or ())
        text.append(f"array  shape={shape}  dtype={event.dtype}\n", style="dim")
    text.append(event.text)
    return text


def error_text(event: Error) -> Text:
    """An error as the learner needs it: what, where, and their own frames only. The app's own
    errors (a timeout, a kernel that died, ...) are a sentence, without a name or frames."""
    text = Text()
    if event.origin is not Origin.CODE:
        text.append(event.message, style="bold red")
    else:
        where = f" (line {event.line})" if event.line else ""
        text.append(f"{event.ename}{where}: ", style="bold red")
        text.append(event.message)
    trace = event.traceback.rstrip().splitlines()
    if trace and trace[-1].startswith(f"{event.ename}:"):
        trace.pop()  # the same "Name: message" line as above
    if trace:
        text.append("\n" + "\n".join(trace), style="dim")
    return text
