"""The sandbox's Probe tab: one input's forward pass, layer by layer, and the model's summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tutor.ui.sandbox.model_tab import FieldInput
from tutor.ui.widgets.hood import network_view, neuron_lines

if TYPE_CHECKING:
    from tutor.sandbox.session import TrainingSession


class ProbeTab(Vertical):
    """Numbers typed in (enter), or the View's cursor point, through the model."""

    summarised: tuple[TrainingSession, bool] | None = None  # the summary shown, to redraw

    def on_resize(self) -> None:
        """The summary's table follows the window's width."""
        if self.summarised is not None:
            self.summarise(*self.summarised)

    def compose(self) -> ComposeResult:
        yield FieldInput(
            placeholder="inputs: 0.5, -1.2 or #12 (example 12); esc leaves",  # whole at 60
            id="probe-input",
        )
        with VerticalScroll(id="probe-scroll"):
            yield Static(id="probe-result")
            yield Static(id="summary")

    def probe(self, session: TrainingSession, text: str) -> None:
        """The forward pass for typed numbers, or `#n` for example n, or why not."""
        from tutor.sandbox.session import SessionError

        result = self.query_one("#probe-result", Static)
        try:
            if text.strip().startswith("#"):
                probe = session.probe(index=int(text.strip()[1:]))
            else:
                probe = session.probe(session.parse_input(text))
        except (SessionError, ValueError) as error:
            result.update(Text(str(error), style="red"))
            return
        heading = Text.assemble(
            ("x = ", "bold"),
            f"({', '.join(f'{v:.4g}' for v in probe.x[:8])}{', …' * (len(probe.x) > 8)})",
            ("  →  ", "bold"),
            (probe.decision, "bold"),
        )
        if probe.label is not None:
            heading.append(f"   (label {probe.label:g})", style="dim")
        parts = [heading, Text(""), network_view(probe.trace), Text("")]
        for layer in probe.trace["layers"]:
            parts.append(Text(f"{layer['name']}: {layer['activation']}", style="bold underline"))
            parts.append(neuron_lines(layer))
        result.update(Group(*parts))

    def summarise(self, session: TrainingSession, changed: bool) -> None:
        """`model.summary()` of the model being probed (built for the data's width); `changed`:
        the choices on screen are no longer the ones it was built from."""
        note = (
            "The model trained last; your changes apply when you train again (t).\n"
            if changed
            else ""
        )
        from tutor.engine.summary import DEFAULT_LINE_LENGTH

        self.summarised = (session, changed)
        # As wide as the tab's text, less its scrollbar's gutter (sandbox.tcss): wider, its
        # rows wrap into a tangle.
        room = self.size.width - 2
        table = session.summary(min(DEFAULT_LINE_LENGTH, room) if room > 20 else None)
        self.query_one("#summary", Static).update(
            Text.assemble(("model.summary()\n", "bold"), (note, "dim"), table)
        )
