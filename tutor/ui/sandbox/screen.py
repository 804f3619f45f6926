"""The Sandbox mode: type or build a model, choose the data, train it live, look inside.

Six tabs keep it readable at 80x24: Model (code and form, in sync), Data (data and training
choices), Train (the live training view), View (the decision boundary, each hidden layer's unit
maps in turn (m), or misclassified images), Probe (one input's forward pass, layer by layer, and
the summary), Saved (presets, saved models, export). Each tab is a widget of its own module
(model_tab, train_tab, view_tab, probe_tab, saved_tab); this screen holds the session and the
choices, and hands each tab what to show.

Training runs in a thread worker at the engine's pace (w slows it to watch, and the next start
remembers it); the worker posts its epochs as messages, as the lesson player's does, at most
every `STATUS_SECONDS` (at once at a pause or a step), so a fast fit cannot flood the screen and
keys are answered throughout. The session's state is the one place that says whether training
is on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from rich.text import Text
from textual import events, getters, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Input,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)
from textual.worker import Worker, WorkerState

from tutor.sandbox.state import State
from tutor.ui.app import TutorApp
from tutor.ui.footer import TutorFooter
from tutor.ui.sandbox.boundary import LEGEND_WIDTH, BoundaryView
from tutor.ui.sandbox.layers_form import LayerForm
from tutor.ui.sandbox.model_tab import DataTab, ModelTab
from tutor.ui.sandbox.probe_tab import ProbeTab
from tutor.ui.sandbox.saved_tab import SavedTab
from tutor.ui.sandbox.settings import SettingsForm
from tutor.ui.sandbox.train_tab import SandboxTrainingView, TrainTab
from tutor.ui.sandbox.view_tab import ViewTab
from tutor.ui.widgets.training import TrainingView

if TYPE_CHECKING:
    from rich.console import Console

    from tutor.sandbox.config import TrainConfig
    from tutor.sandbox.presets import Preset
    from tutor.sandbox.session import EpochEvent, Outcome, PausedView, TrainingSession
    from tutor.sandbox.spec import SpecError

    # What is done with a session once it is ready (built in a worker, or the one at hand).
    OnSession: TypeAlias = Callable[[TrainingSession], None]

STATUS_SECONDS = 0.1  # the status line is redrawn at most this often while training
STATUS_LINES = 3  # the status's height at most (sandbox.tcss)
WATCH_PACE = 0.05  # w: a pause after each epoch, so the boundary can be watched as it moves
LAST_CONFIG = "sandbox.last_config"
WATCHING = "sandbox.watching"  # "on" while w paces training, remembered as the theme is
TABS = ("model", "data", "train", "view", "probe", "saved")


class SandboxScreen(Screen):
    """Sandbox."""

    app = getters.app(TutorApp)  # typed: `self.app.store`, `self.app.data_dir`
    CSS_PATH = "sandbox.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t,f5", "train", "Train", id="sandbox-train"),
        Binding("space,f6", "pause", "Pause", id="sandbox-pause"),
        Binding("s,f7", "step", "Step", id="sandbox-step"),
        Binding("x,f8", "stop", "Stop", id="sandbox-stop"),
        Binding("r", "reset", "Reset", id="sandbox-reset"),
        Binding("e", "edit", "Edit the code", show=False, id="sandbox-edit"),
        Binding("k", "export", "Export", show=False, id="sandbox-export"),
        Binding("m", "units", "Unit maps", show=False, id="sandbox-units"),
        Binding("w", "watch", "Watch slowly", show=False, id="sandbox-watch"),
        Binding("h", "app.switch_mode('learn')", "Home", id="sandbox-home"),
        Binding("escape", "leave_field", "Leave the field", show=False),
        *(
            Binding(str(n), f"tab('{tab}')", f"{tab.title()} tab", show=False)
            for n, tab in enumerate(TABS, start=1)
        ),
    ]

    # Classes the layout reads: `-narrow` below 80 columns, `-short` below 24 rows. (Textual
    # declares these as instance attributes, so they cannot be ClassVars.)
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (80, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-short"), (24, "-tall")]  # noqa: RUF012

    # For the help screen: the screen's keys, then those of its form, boundary and editor.
    HELP_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1,2,3,4,5,6", "", "Model, Data, Train, View, Probe, Saved tabs"),
        Binding("t,f5", "", "Train (or resume)"),
        Binding("space,f6", "", "Pause / resume"),
        Binding("s,f7", "", "One epoch, then pause"),
        Binding("x,f8", "", "Stop training"),
        Binding("f5,f6,f7,f8", "", "The same in the code editor and fields, where letters type"),
        Binding("r", "", "Reset the weights"),
        Binding("w", "", "Watch: slow training down to see it move (w again: full speed)"),
        Binding("e", "", "Edit the model's code (Model tab)"),
        Binding("ctrl+a", "", "Code editor: select all, so what you type replaces the model"),
        Binding("k", "", "Export to TensorFlow/Keras code (Saved tab name)"),
        Binding("m", "", "View: each hidden layer's unit maps in turn, then the boundary"),
        Binding("escape", "", "Leave the editor or a field (esc then a key: that key)"),
        Binding("h", "", "Home"),
        Binding("up,down", "", "Form: choose a layer"),
        Binding("left,right", "", "Form: activation; View: move the cursor"),
        Binding("plus,minus", "", "Form: units +1 / -1"),
        Binding("left_square_bracket,right_square_bracket", "", "Form: halve / double units"),
        Binding("a", "", "Form: add a layer"),
        Binding("d", "", "Form: remove the layer"),
        Binding("enter", "", "View: probe the cursor's point; lists: load"),
    ]

    class EpochsTrained(Message):
        """The worker's news since its last message: epochs trained (`EpochEvent`s), and the
        view once paused (`PausedView`), in order."""

        def __init__(self, events: list[EpochEvent | PausedView]) -> None:
            super().__init__()
            self.events = events

    class TrainingEnded(Message):
        def __init__(self, outcome: Outcome) -> None:
            super().__init__()
            self.outcome = outcome

    class SessionBuilt(Message):
        """A session built in a worker (or why not), and what to do with it next."""

        def __init__(self, session: TrainingSession | None, error: str, then: OnSession) -> None:
            super().__init__()
            self.session, self.error, self.then = session, error, then

    def __init__(self) -> None:
        super().__init__()
        from tutor.sandbox.config import TrainConfig
        from tutor.sandbox.spec import parse_spec

        self.config = TrainConfig()
        self.spec = parse_spec(self.config.model)
        self.session: TrainingSession | None = None  # none until the first train or load
        self.problems: list[str] = []
        self._setting_code = False
        self.watching = False  # w: training paced for watching, not at the engine's speed
        self._building = False  # a session (and its data) is being built in a worker
        self.message: tuple[str, bool] = ("", False)
        self.preset: Preset | None = None  # the preset loaded last, while its note is shown
        # The saved model loaded last (name, epochs, config), while its note is shown.
        self.saved: tuple[str, int, TrainConfig] | None = None
        self.refused: SpecError | None = None  # why the code on screen is not a model, if not

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._restore()
        with TabbedContent(id="tabs", initial="model-tab"):
            with TabPane("1 Model", id="model-tab"):
                yield ModelTab(self.config.model, self.spec)
            with TabPane("2 Data", id="data-tab"):
                yield DataTab(self.config)
            with TabPane("3 Train", id="train-tab"):
                yield TrainTab()
            with TabPane("4 View", id="view-tab"):
                yield ViewTab()
            with TabPane("5 Probe", id="probe-tab"):
                yield ProbeTab()
            with TabPane("6 Saved", id="saved-tab"):
                yield SavedTab()
        yield Static(id="status")
        yield TutorFooter()

    def on_mount(self) -> None:
        from tutor.sandbox.presets import PRESETS

        self.query_one(SavedTab).list_presets(PRESETS)
        self._list_saved()
        self._show_spec_status()
        # On the form, as 1 would leave it: here every key the status and the tab bar name
        # works; in the editor letters and digits would type into the code (e edits it).
        self.query_one(LayerForm).focus()
        self._forget_session()

    def _restore(self) -> None:
        """Start from the last configuration and pace (w), before the fields are made: filled in
        later, a select's own first value would arrive after it and be remembered instead."""
        from tutor.sandbox.config import TrainConfig
        from tutor.sandbox.spec import SpecError, parse_spec

        settings = self.app.store.progress
        if settings.setting(WATCHING) == "on":
            self.watching = True
            self.message = (self._pace_words(), False)
        saved = settings.setting(LAST_CONFIG)
        if saved:
            with suppress(ValueError, TypeError, SpecError):  # from another version: the default
                config = TrainConfig.from_json(saved)
                self.spec, self.config = parse_spec(config.model), config

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.stop()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = f"{tab}-tab"
        self._focus_tab(tab)

    def action_edit(self) -> None:
        """e: the Model tab, in its code editor (esc leaves it for the form)."""
        self.query_one(TabbedContent).active = "model-tab"
        self.query_one("#code", TextArea).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The status names the keys that work where the focus now is."""
        self._show_state()

    def action_leave_field(self) -> None:
        """Escape in a field: focus the tab bar, where the number keys and t, s, x work."""
        self.query_one(TabbedContent).query_one(Tabs).focus()

    def _focus_tab(self, tab: str) -> None:
        focus = {
            "model": "#layers",
            "data": "#dataset",
            "train": "#training",
            "view": "#boundary",
            "probe": "#probe-input",
            "saved": "#presets",
        }[tab]
        widget = self.query_one(focus)
        if widget.display:
            widget.focus()
        else:  # images: nothing to move a cursor over
            self.action_leave_field()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "view-tab":
            self._draw_view()
        elif event.pane.id == "probe-tab":
            self._show_summary()

    # --- the model: code and form in sync -------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._setting_code:
            self._setting_code = False
            return
        from tutor.sandbox.spec import SpecError, parse_spec

        code = event.text_area.text
        try:
            spec = parse_spec(code)
        except SpecError as error:
            self.refused = error
            self.query_one(ModelTab).refuse(error)
            # The next train uses the code on screen, so it refuses this with the same message;
            # only valid code is remembered for the next start.
            self._choose(self.config.with_changes(model=code))
            return
        self.spec, self.refused = spec, None
        self._choose(self.config.with_changes(model=code))
        self.query_one(LayerForm).show(spec)
        self._show_spec_status()
        self._remember()
        if self.message[1]:  # an error about code that has since changed is no longer true
            self._say("")

    def on_layer_form_edited(self, event: LayerForm.Edited) -> None:
        self.spec = event.spec
        code = event.spec.to_code()
        self._choose(self.config.with_changes(model=code))
        self._set_code(code)
        self._show_spec_status()
        self._remember()

    def _set_code(self, code: str) -> None:
        editor = self.query_one("#code", TextArea)
        if editor.text != code:
            self._setting_code = True
            editor.text = code

    def _show_spec_status(self) -> None:
        """The model's check: valid, and able to read the chosen data (said in the Model tab
        and the Data tab as soon as either changes, not when training starts)."""
        mismatch = self._input_mismatch()
        if self.refused is not None:  # the code on screen, not the last model that read
            self.query_one(ModelTab).refuse(self.refused)
        else:
            self.query_one(ModelTab).show_check(self.spec, mismatch)
        self.query_one(DataTab).show_check(self.problems + [mismatch] * bool(mismatch))

    def _input_mismatch(self) -> str:
        from tutor.sandbox.data import input_mismatch

        session = self.session
        width = None  # the data's width, known once the current data is loaded
        if session is not None and session.config.data == self.config.data:
            width = session.data.X.shape[1]
        return input_mismatch(self.spec, self.config.data, width)

    # --- data and training settings ---------------------------------------------------------

    def on_settings_form_changed(self, event: SettingsForm.Changed) -> None:
        self._choose(event.config.with_changes(model=self.config.model))
        self.problems = event.problems
        self._show_spec_status()
        if not self.problems:
            self._remember()

    def _remember(self) -> None:
        self.app.store.progress.set_setting(LAST_CONFIG, self.config.to_json())

    def _choose(self, config: TrainConfig) -> None:
        """New choices (model, data, training): the trained model, which no longer is the one
        on screen, is put aside, so that the status, the Train tab and the View describe what
        is chosen (not built yet) rather than the model before; while training, the model
        being trained stays until it ends. A loaded preset's note says when it was changed."""
        if config == self.config:
            return
        self.config = config
        if self.session is not None and not self.training and self.session.config != config:
            self._forget_session()
            if not self.message[1]:  # news of the model put aside (its training, its loading)
                self._say("")
        if self.preset is not None:
            self.query_one(SavedTab).explain(self.preset, changed=config != self.preset.config)
        elif self.saved is not None:
            name, epochs, loaded = self.saved
            self.query_one(SavedTab).explain_saved(name, epochs, changed=config != loaded)

    def _forget_session(self) -> None:
        """No model built for the choices yet: every tab says so, and t builds one."""
        self.session = None
        self.query_one(TrainTab).describe_choices(self.config)
        epochs = self.config.epochs
        self.query_one(SandboxTrainingView).show_idle(
            0, epochs, f"Not trained yet: t trains {epochs} epochs."
        )
        self.query_one(ViewTab).receive((), None)
        self._draw_view()
        self._show_state()

    def load_config(self, config: TrainConfig) -> None:
        """Show a config everywhere (code, form, settings); the next train uses it."""
        from tutor.sandbox.spec import SpecError, parse_spec

        try:
            self.spec = parse_spec(config.model)
        except SpecError:
            return
        self.preset, self.saved, self.refused = None, None, None
        self._choose(config)
        self.problems = []
        self._set_code(config.model)
        self.query_one(LayerForm).show(self.spec, loaded=True)
        self.query_one(SettingsForm).fill(config)
        self._show_spec_status()
        self._remember()  # what was loaded is what the next start of the app comes back to

    # --- training ---------------------------------------------------------------------------

    @property
    def training(self) -> bool:
        """Whether a fit is under way: the session says (it is marked before its thread runs)."""
        return self.session is not None and self.session.state.training

    def _session(self, then: OnSession) -> None:
        """Call `then(session)` with the session for the current choices, built anew when they
        changed; nothing (the reason shown) when they cannot be used."""
        from tutor.sandbox.session import TrainingSession

        if self.problems:
            self._say("; ".join(self.problems), error=True)
            return
        if self.session is not None and self.session.config == self.config:
            then(self.session)
            return
        config = self.config

        def install(session: TrainingSession) -> None:
            session.pace = WATCH_PACE if self.watching else 0.0
            session.grid = self._grid_size()
            self.session = session
            self._describe_session(session)
            self.query_one(TrainingView).begin(self.config.epochs, [])
            self._draw_view()
            then(session)

        self._build_session(lambda: TrainingSession(config), install)

    def _build_session(self, build: Callable[[], TrainingSession], then: OnSession) -> None:
        """Run `build` (a session loads its data: a big CSV takes seconds) in a worker, so the
        screen keeps answering; `then(session)` runs here once it is built."""
        if self._building:
            self._say("Still loading the data…")
            return
        self._building = True
        self._say("Loading the data…")
        self._build_in_worker(build, then)

    @work(thread=True, group="sandbox-loading", exit_on_error=False)
    def _build_in_worker(self, build: Callable[[], TrainingSession], then: OnSession) -> None:
        from tutor.engine.errors import EngineError

        session, error = None, ""
        try:
            session = build()
        except (ValueError, EngineError) as problem:  # SpecError, DataError, SessionError
            error = problem.one_line() if hasattr(problem, "one_line") else str(problem)
        except Exception as problem:  # a MemoryError or a bug: said, and the app goes on
            error = f"Loading failed unexpectedly: {problem!r}"
        self.post_message(self.SessionBuilt(session, error, then))

    def on_sandbox_screen_session_built(self, event: SessionBuilt) -> None:
        self._building = False
        if event.session is None:
            self._say(event.error, error=True)
            return
        self.message = ("", False)
        event.then(event.session)
        self._show_spec_status()  # the data is loaded: a CSV's width is known now
        self._show_state()

    def _grid_size(self) -> tuple[int, int]:
        """The boundary grid that fits the View tab beside its legend: 60x20 at most."""
        width, height = self.size
        return max(10, min(60, width - LEGEND_WIDTH - 5)), max(5, min(20, height - 6))

    def on_resize(self, event: events.Resize) -> None:
        """The boundary's grid follows the window (while training, from the next drawing); the
        status is fitted to the new width."""
        self._show_state()
        if self.session is not None and self.session.grid != self._grid_size():
            self.session.grid = self._grid_size()
            if not self.training:
                self._draw_view()

    def _start(self, paused: bool) -> None:
        self._session(lambda session: self._train(session, paused))

    def _train(self, session: TrainingSession, paused: bool) -> None:
        session.grid = self._grid_size()
        view = self.query_one(TrainingView)
        epochs = self.config.epochs
        view.begin(session.epochs_done + epochs, list(session.history))
        for epoch, logs in enumerate(_epoch_logs(session.history), start=session.epochs_before):
            view.add_epoch(epoch, logs)
        self.query_one(ViewTab).receive((), None)  # until this fit's first drawing
        session.begin(paused)  # at once, so that a key pressed next sees training on
        self.message = ("", False)
        self._run(session, epochs)
        self._show_state()

    @work(thread=True, group="sandbox-training", exit_on_error=False)
    def _run(self, session: TrainingSession, epochs: int) -> None:
        """Train, posting the epochs at most every `STATUS_SECONDS`: one message an epoch
        would take the event loop's time (and the GIL) from a fit of thousands a second. An
        event with a boundary goes at once: it comes at a pause, a step or a drawing's turn."""
        from tutor.sandbox.session import EpochEvent

        pending: list[EpochEvent | PausedView] = []
        posted = time.monotonic()

        def post(event: EpochEvent | PausedView) -> None:
            nonlocal posted
            pending.append(event)
            now = time.monotonic()
            if event.boundary is not None or not isinstance(event, EpochEvent):
                pass
            elif now - posted < STATUS_SECONDS:
                return
            self.post_message(self.EpochsTrained(pending.copy()))
            pending.clear()
            posted = now

        outcome = session.train(epochs=epochs, on_epoch=post)
        if pending:
            self.post_message(self.EpochsTrained(pending))
        self.post_message(self.TrainingEnded(outcome))

    def action_train(self) -> None:
        if self.session is not None and self.session.state == State.PAUSED:
            self.session.resume()
        elif not self.training:
            self._start(paused=False)
        self._show_state()

    def action_pause(self) -> None:
        if self.session is None:
            return
        if self.session.state == State.RUNNING:
            self.session.pause()
        elif self.session.state == State.PAUSED:
            self.session.resume()
        self._show_state()

    def action_step(self) -> None:
        if self.session is not None and self.session.state == State.PAUSED:
            self.session.step()
        elif not self.training:
            self._start(paused=True)
        self._show_state()

    def action_stop(self) -> None:
        if self.session is not None and self.training:
            self.session.stop()

    def on_training_view_stop_requested(self, event: TrainingView.StopRequested) -> None:
        self.action_stop()

    def action_reset(self) -> None:
        if self.training:
            self._say("Stop training (x) before resetting the weights.", error=True)
            return
        self._session(self._reset)

    def _reset(self, session: TrainingSession) -> None:
        session.reset_weights()
        self.query_one(SandboxTrainingView).show_idle(0, self.config.epochs, session.message)
        self._say(session.message)
        self._draw_view()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A training worker that died of an unexpected error: say so, keep the app."""
        if event.worker.group == "sandbox-training" and event.state == WorkerState.ERROR:
            self.query_one(TrainingView).finish("Training failed.")
            self._say(f"Training failed unexpectedly: {event.worker.error!r}", error=True)

    def on_sandbox_screen_training_ended(self, event: TrainingEnded) -> None:
        if self.training:  # a new fit began before this news of the last one arrived
            return
        outcome = event.outcome
        self.query_one(TrainingView).finish(outcome.message)
        self._say(outcome.message, error=outcome.state == State.FAILED)
        self._draw_view()

    def on_sandbox_screen_epochs_trained(self, message: EpochsTrained) -> None:
        """Epochs from the worker: recorded in the training view (which redraws on its own
        clock); the latest boundary among them drawn; the status line."""
        from tutor.sandbox.session import EpochEvent

        view, drawn = self.query_one(TrainingView), None
        for event in message.events:
            if isinstance(event, EpochEvent):
                view.add_epoch(event.epoch, event.logs)
            if event.boundary is not None:
                drawn = event
        if drawn is not None and self.session is not None:
            self.query_one(ViewTab).receive(drawn.units, drawn.boundary)
            if self.query_one(TabbedContent).active == "view-tab":  # else drawn when shown
                self._draw_view()
        self._show_state()

    def action_watch(self) -> None:
        """w: train slowly enough to watch the boundary move, or at the engine's full speed."""
        self.watching = not self.watching
        self.app.store.progress.set_setting(WATCHING, "on" if self.watching else "off")
        if self.session is not None:
            self.session.pace = WATCH_PACE if self.watching else 0.0
        self._say(self._pace_words())

    def _pace_words(self) -> str:
        if self.watching:
            return f"Watching: {WATCH_PACE:g} s after each epoch; w for full speed."
        return "Full speed: the engine's pace; w slows it to watch."

    def _draw_view(self) -> None:
        self.query_one(ViewTab).draw(self.session, self.training)

    @property
    def view_layer(self) -> int | None:
        """The hidden layer whose unit maps the View shows, or None for the boundary."""
        return self.query_one(ViewTab).hidden_layer

    def action_units(self) -> None:
        """m: the View tab turns to the next hidden layer's unit maps, after the last one back
        to the boundary; from another tab, m opens the View tab on unit maps."""
        tabs = self.query_one(TabbedContent)
        session = self.session
        hidden = len(session.model.layers if session else self.spec.layers) - 1
        self.query_one(ViewTab).turn(hidden, here=tabs.active == "view-tab")
        tabs.active = "view-tab"
        self._draw_view()
        self._focus_tab("view")

    def _show_state(self) -> None:
        """The status line under every tab: where training is (the losses first), then the
        keys that work where the focus is, if letters type there, and the last message, fitted
        to the status's lines (`fit_status`)."""
        session = self.session
        typing = self._typing_keys()
        if session is None:
            line = Text(f"{self.config.data}: not built yet")
            if not typing:  # one line at 60 columns
                line.append("; t trains it, ? lists every key.")
        else:
            done = session.epochs_done
            state = _STATE_WORDS[session.state]
            if typing and session.state == State.PAUSED:  # space and s would type here
                state = "paused (f6 resumes, f7 steps)"
            line = Text(f"{session.data.name}: {state}, {done} epoch{'s' * (done != 1)}")
            history = session.history
            for name in sorted(history, key=lambda name: not name.endswith("loss")):
                if history[name]:
                    line.append(f" · {name} {history[name][-1]:.4f}")
        message, error = self.message
        parts = [Text(typing, style="bold")] if typing else []
        if message:
            parts.append(Text(message, style="bold red" if error else "italic"))
        said = Text(" ").join(parts) if parts else None
        width = max(20, self.app.size.width - 2)  # the status's padding: one column each side
        self.query_one("#status", Static).update(fit_status(line, said, width, self.app.console))

    def _typing_keys(self) -> str:
        """Where the focus types (the code editor, a field): the keys that still work there."""
        focused = self.focused
        if isinstance(focused, TextArea):
            return "Typing code: f5 trains, f6 pauses, f7 steps, f8 stops; esc leaves."
        if isinstance(focused, Input):
            return "Typing: enter; f5-f8 train, pause, step, stop; esc leaves."
        return ""

    def _describe_session(self, session: TrainingSession) -> None:
        self.query_one(TrainTab).describe(session)

    def _say(self, message: str, error: bool = False) -> None:
        """The message in the status line, an error in bold red with the terminal's bell: not
        also in a toast, which at 60 columns covered the status line (and so the message) for
        8 seconds."""
        self.message = (message, error)
        self._show_state()
        if error:
            self.app.bell()

    # --- probing ----------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "probe-input":
            self._probe_typed(event.value)
        elif event.input.id == "save-name":
            self._save(event.value)

    def on_boundary_view_probe_requested(self, event: BoundaryView.ProbeRequested) -> None:
        text = f"{event.x:.4g}, {event.y:.4g}"
        self.query_one("#probe-input", Input).value = text
        self.action_tab("probe")
        self._probe_typed(text)

    def _model_session(self, then: OnSession) -> None:
        """`then(session)` with the session whose model the learner has trained (even if the
        choices changed since), or a new one when there is none yet."""
        if self.session is not None:
            then(self.session)
        else:
            self._session(then)

    def _probe_typed(self, text: str) -> None:
        self._model_session(lambda session: self._probe(session, text))

    def _probe(self, session: TrainingSession, text: str) -> None:
        self.query_one(ProbeTab).probe(session, text)
        self._summarise(session)

    def _show_summary(self) -> None:
        self._model_session(self._summarise)

    def _summarise(self, session: TrainingSession) -> None:
        self.query_one(ProbeTab).summarise(session, changed=session.config != self.config)

    # --- presets, saved models, export ------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.training:
            self._say("Stop training (x) before loading another model.", error=True)
            return
        option = event.option.id
        if option is None:  # every preset and saved model is listed with its name as its id
            return
        if event.option_list.id == "presets":
            from tutor.sandbox.presets import preset_named

            preset = preset_named(option)
            self.load_config(preset.config)
            if self.session is not None:  # the same choices as the model trained last: anew
                self._forget_session()
            self.preset = preset
            self.query_one(SavedTab).explain(preset)
            self._say(f"Loaded the preset “{preset.title}”. t trains it.")
        elif event.option_list.id == "saved-models":
            self._load_saved(option)

    def _list_saved(self) -> None:
        self.query_one(SavedTab).list_saved(self.app.store.sandbox.names())

    def _save(self, name: str) -> None:
        if self.training:
            # Said in the name field, where x would type: f8 stops from here too. In the status
            # only: a toast would cover the status, and the "Saved" that comes next.
            self._say("Training is on: f8 stops it, then enter saves.")
            return
        self._model_session(lambda session: self._save_session(session, name))

    def _save_session(self, session: TrainingSession, name: str) -> None:
        from tutor.sandbox.export import save_session

        try:
            save_session(self.app.store, name, session)
        except ValueError as error:
            self._say(str(error), error=True)
            return
        self._list_saved()
        # Said in the status, not a toast: at 60 columns a toast covers the status for seconds.
        done = session.epochs_done
        self._say(f"Saved “{name.strip()}” with its weights ({done} epoch{'s' * (done != 1)}).")

    def _load_saved(self, name: str) -> None:
        from tutor.sandbox.export import load_session

        store = self.app.store
        self._build_session(
            lambda: load_session(store, name), lambda session: self._install_saved(session, name)
        )

    def _install_saved(self, session: TrainingSession, name: str) -> None:
        session.pace = WATCH_PACE if self.watching else 0.0
        session.grid = self._grid_size()
        self.load_config(session.config)
        self.session = session
        self._describe_session(session)
        done = session.epochs_done
        self.query_one(SandboxTrainingView).show_idle(
            done,
            done,
            # One line at 60 columns, where a second went under the plot. The curve is not saved.
            f"Loaded weights of {done} epoch{'s' * (done != 1)}; t trains "
            f"{session.config.epochs} more.",
        )
        self.saved = (name, done, session.config)
        self.query_one(SavedTab).explain_saved(name, done)
        self.query_one("#save-name", Input).value = name
        self._say(f"Loaded “{name}” with its saved weights ({done} epoch{'s' * (done != 1)}).")
        self._draw_view()

    def action_export(self) -> None:
        if self.training:
            self._say("Stop training (x) before exporting.", error=True)
            return
        self._model_session(self._export)

    def _export(self, session: TrainingSession) -> None:
        from tutor.sandbox.export import export_session
        from tutor.sandbox.session import SessionError

        name = self.query_one("#save-name", Input).value.strip() or "model"
        folder = Path(self.app.data_dir) / "exports" / _folder_name(name)
        try:
            exported = export_session(session, folder)
        except SessionError as error:
            self._say(str(error), error=True)
            return
        code, weights, data = exported.code.name, exported.weights.name, exported.data.name
        self._say(f"Exported {code}, {weights} and {data} to {folder}")


_STATE_WORDS = {
    State.READY: "ready",
    State.RUNNING: "training",
    State.PAUSED: "paused (space resumes, s steps)",
    State.STOPPED: "stopped",
    State.DONE: "done",
    State.FAILED: "failed",
}


def fit_status(state: Text, message: Text | None, width: int, console: Console) -> Text:
    """At most `STATUS_LINES` lines of `width`: the message, as it is the news, and the state
    in the lines left (one at least), each cut with an ellipsis if it must be; the status's
    height would otherwise cut the message off the bottom (at 60 columns a state with
    validation metrics takes all three lines)."""
    said = _first_lines(message, width, STATUS_LINES - 1, console) if message else []
    lines = _first_lines(state, width, STATUS_LINES - len(said), console)
    return Text("\n").join([*lines, *said])


def _first_lines(text: Text, width: int, most: int, console: Console) -> list[Text]:
    lines = list(text.wrap(console, width))
    for line in lines:
        line.rstrip()
    if len(lines) > most:
        lines = lines[:most]
        lines[-1].truncate(width - 1)
        lines[-1].append("…")
    return lines


def _epoch_logs(history: dict[str, list[float]]) -> list[dict[str, float]]:
    epochs = len(history.get("loss", []))
    return [{name: values[i] for name, values in history.items()} for i in range(epochs)]


def _folder_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    return cleaned.strip("_") or "model"
