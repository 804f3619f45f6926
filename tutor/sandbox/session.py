"""A sandbox training session: one model on one dataset, trained epoch by epoch under control.

    session = TrainingSession(config)          # parses, loads, builds and compiles; may raise
    session.train(on_epoch=print)              # blocking: run it in a worker thread
    session.pause(); session.resume(); session.step(); session.stop()   # from any thread
    session.boundary()                         # 2-D data: the decision boundary as a grid
    session.unit_maps()                        # 2-D data: each hidden unit over the same grid
    session.probe([0.2, -1.0])                 # the forward pass, layer by layer

`train` runs one Keras `fit` for the chosen epochs; a callback records each epoch, and waits
there while the session is paused, so pausing and stepping never change what `fit` computes.
Calling `train` again continues from the current weights (`fit` with `initial_epoch`), as
calling `fit` again does in Keras. A stop ends `fit` after the batch it is on; an epoch cut short
that way is left out of the history (its loss is over part of the data, and would plot as a
spike), and the outcome's message says so.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tutor.engine import Sequential, activations, utils
from tutor.engine.callbacks import Callback
from tutor.engine.errors import EngineError
from tutor.engine.summary import format_summary
from tutor.sandbox.config import TrainConfig
from tutor.sandbox.data import (
    LossChoice,
    fitting_loss,
    load_data,
    loss_named,
    optimizer_code,
    optimizer_named,
)
from tutor.sandbox.spec import ModelSpec, parse_spec
from tutor.sandbox.state import State
from tutor.sandbox.units import UnitMaps

BOUNDARY_COLUMNS = 60
BOUNDARY_ROWS = 20
BOUNDARY_SECONDS = 0.25  # at most this often while training runs: a grid is 1,200 predictions
MAX_PARAMS = 2_000_000  # 8 MB of float32 weights, 24 MB with Adam's two slots
PAUSE_POLL = 0.05  # seconds between looks at the pause flag while waiting
MARGIN = 0.1  # the grid reaches this fraction of the data's range beyond its extremes


class SessionError(ValueError):
    """A session cannot do what was asked right now; the message says why."""


@dataclass(frozen=True)
class EpochEvent:
    """One finished epoch: its number in the session (from 0), its logs, and (at most every
    `BOUNDARY_SECONDS`, for 2-D data) the boundary and the hidden units' maps."""

    epoch: int
    logs: dict[str, float]
    boundary: Boundary | None = None
    units: tuple[UnitMaps, ...] = ()


@dataclass(frozen=True)
class PausedView:
    """The model as it stands once training waits, paused after epoch `epoch`: sent when that
    epoch's event carried no boundary (they are drawn at most every `BOUNDARY_SECONDS`), so
    that what is shown while paused is never older than the weights."""

    epoch: int
    boundary: Boundary | None
    units: tuple[UnitMaps, ...] = ()


@dataclass(frozen=True)
class Boundary:
    """What the model predicts over a grid covering 2-D data, top row first (highest x2).

    `values[row][col]` is the probability of class 1 for binary labels, the predicted class for
    several classes, the predicted number for regression; `points` are the data, (x1, x2, label).
    """

    kind: str  # "probability", "class" or "value"
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    values: tuple[tuple[float, ...], ...]
    points: tuple[tuple[float, float, float], ...]

    @property
    def rows(self) -> int:
        return len(self.values)

    @property
    def columns(self) -> int:
        return len(self.values[0])

    def cell(self, x: float, y: float) -> tuple[int, int]:
        """The (row, column) of the cell holding the point (x, y)."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        col = int((x - x0) / (x1 - x0) * self.columns)
        row = int((y1 - y) / (y1 - y0) * self.rows)
        return min(max(row, 0), self.rows - 1), min(max(col, 0), self.columns - 1)


@dataclass(frozen=True)
class Misclassified:
    index: int
    label: int
    predicted: int
    confidence: float
    drawing: str


@dataclass(frozen=True)
class Probe:
    """One input's trip through the model: the trace (JSON-ready) and the decision it makes."""

    x: tuple[float, ...]
    output: tuple[float, ...]
    decision: str
    trace: dict[str, Any]
    label: float | None = None


@dataclass
class Outcome:
    """How a call of `train` ended (done, stopped or failed), with a sentence."""

    state: State
    message: str
    epochs: int = 0
    logs: dict[str, float] = field(default_factory=dict)


class TrainingSession:
    def __init__(self, config: TrainConfig) -> None:
        problems = config.problems()
        if problems:
            raise SessionError("; ".join(problems))
        self.config = config
        self.spec: ModelSpec = parse_spec(config.model)
        self.data = load_data(config.data, noise=config.noise, seed=config.seed)
        self.loss: LossChoice = (
            loss_named(config.loss) if config.loss else fitting_loss(self.data.task, self.spec)
        )
        optimizer_named(config.optimizer, config.learning_rate)  # refuse a bad choice now
        params = self.spec.count_params(self.data.X.shape[1])
        if params > MAX_PARAMS:
            raise SessionError(
                f"this model has {params:,} parameters; the sandbox trains at most "
                f"{MAX_PARAMS:,} (NumPy on your CPU, with the optimizer's state beside them)"
            )
        self.history: dict[str, list[float]] = {}
        self.epochs_before = 0  # epochs the weights had when loaded, not in this history
        self.resets = 0
        self.state = State.READY
        self.message = ""
        self._lock = threading.Lock()
        self._go = threading.Event()
        self._go.set()
        self._stop = False
        self._claimed = False  # `begin` was called for the next `train`
        self._pause_after_epoch = False
        self._last_boundary = 0.0
        self._planes: dict[tuple[int, int], _Plane] = {}
        self.grid = (BOUNDARY_COLUMNS, BOUNDARY_ROWS)  # the boundary's size while training
        self.pace = 0.0  # seconds to wait after each epoch, so that a learner can watch
        self.model = self._build()

    # --- the model ----------------------------------------------------------------------------

    def _build(self) -> Sequential:
        utils.set_random_seed(self.config.seed + self.resets)
        # A Normalization is adapted to the training part only, as a Keras user would.
        model = self.spec.build(self.data.X.shape[1], adapt=self.data.X[: self.split_at])
        model.compile(
            loss=self.loss.build(),
            optimizer=optimizer_named(self.config.optimizer, self.config.learning_rate),
            metrics=None if self.data.task == "regression" else ["accuracy"],
        )
        return model

    def optimizer_code(self) -> str:
        return optimizer_code(self.config.optimizer, self.config.learning_rate)

    def reset_weights(self) -> None:
        """New starting weights and a fresh optimizer; the history starts again."""
        if self.state.training:
            raise SessionError("stop training before resetting the weights")
        self.resets += 1
        self.model = self._build()
        self.history = {}
        self.epochs_before = 0
        self.state, self.message = State.READY, "New starting weights; the history is cleared."

    @property
    def epochs_done(self) -> int:
        """Epochs the weights have been trained for, counting those before a load."""
        return self.epochs_before + len(self.history.get("loss", []))

    def summary(self, line_length: int | None = None) -> str:
        """The model's `summary()` table as text, with the weights built for the data;
        `line_length` as in Keras (a narrower table for a narrow window)."""
        self.ensure_built()
        return format_summary(self.model, line_length)

    def ensure_built(self) -> None:
        """Create the weights for the data's width, as the first `fit` would."""
        if not self.model.built:
            self.model.build((None, self.data.X.shape[1]))

    @property
    def fits_data(self) -> bool:
        """Whether the model's declared input width (if any) is the data's."""
        return self.model.input_width in (None, self.data.X.shape[1])

    # --- training -----------------------------------------------------------------------------

    @property
    def split_at(self) -> int:
        """Where the validation part starts: `fit` holds out the last `validation_split`."""
        return math.floor(len(self.data.X) * (1 - self.config.validation_split))

    def begin(self, paused: bool = False) -> None:
        """Mark the session as training for a `train` call about to start in another thread,
        so that the state is right from the moment of asking (a key pressed before the thread
        runs sees training), and is the one place that says whether training is on."""
        with self._lock:
            if self.state.training:
                raise SessionError("training is already running")
            self.state = State.RUNNING
            self._stop = False
            self._pause_after_epoch = paused
            self._go.set()
            self._claimed = True

    def train(
        self,
        epochs: int | None = None,
        on_epoch: Callable[[EpochEvent | PausedView], None] | None = None,
        verbose: int = 0,
        paused: bool = False,
    ) -> Outcome:
        """Run `fit` for `epochs` (the config's by default). Blocking: call from a worker thread.

        `paused=True` starts paused after the first epoch (one step); after `begin`, its
        `paused` holds instead.
        """
        if not self._claimed:
            self.begin(paused)
        self._claimed = False
        start = self.epochs_done
        recorder = _Recorder(self, start, on_epoch)
        try:
            self.model.fit(
                self.data.X,
                self.data.y,
                batch_size=self.config.batch_size,
                epochs=start + (epochs or self.config.epochs),
                initial_epoch=start,
                verbose=verbose,
                callbacks=[recorder],
                validation_split=self.config.validation_split,
                shuffle=True,
                seed=self.config.seed + start,
            )
        except EngineError as error:
            return self._finish(State.FAILED, str(error))
        except BaseException as error:  # never leave the session marked as running
            self._finish(State.FAILED, f"training failed unexpectedly: {error!r}")
            raise
        ran = self.epochs_done - start
        if self.model.stop_reason:  # the engine stopped on a NaN or infinite loss, and says why
            return self._finish(State.FAILED, self.model.stop_reason)
        epochs_said = f"{ran} epoch{'s' * (ran != 1)}"
        if recorder.cut_short:
            return self._finish(
                State.STOPPED,
                f"Stopped after {epochs_said}; the epoch cut short is left out of the curve.",
            )
        if self._stop:
            return self._finish(State.STOPPED, f"Stopped after {epochs_said}.")
        return self._finish(State.DONE, f"Trained {epochs_said}.")

    def _finish(self, state: State, message: str) -> Outcome:
        with self._lock:
            self.state, self.message = state, message
        logs = {name: values[-1] for name, values in self.history.items() if values}
        return Outcome(state, message, self.epochs_done, logs)

    def pause(self) -> None:
        with self._lock:
            if self.state == State.RUNNING:
                self._go.clear()
                self.state = State.PAUSED

    def resume(self) -> None:
        with self._lock:
            if self.state == State.PAUSED:
                self._pause_after_epoch = False
                self.state = State.RUNNING
                self._go.set()

    def step(self) -> None:
        """While paused: run one more epoch, then pause again."""
        with self._lock:
            if self.state == State.PAUSED:
                self._pause_after_epoch = True
                self.state = State.RUNNING
                self._go.set()

    def stop(self) -> None:
        """End training after the current batch: `fit` checks `stop_training` after each one."""
        with self._lock:
            self._stop = True
            self.model.stop_training = True
            self._go.set()

    def _after_epoch(self, epoch: int, logs: dict[str, float]) -> EpochEvent:
        """Record an epoch (called by `fit`, in the training thread) and wait while paused."""
        for name, value in logs.items():
            self.history.setdefault(name, []).append(float(value))
        boundary: Boundary | None = None
        units: tuple[UnitMaps, ...] = ()
        now = time.monotonic()
        with self._lock:
            if self._pause_after_epoch and not self._stop:
                self._go.clear()
                self.state = State.PAUSED
            waiting = not self._go.is_set()
        if waiting or now - self._last_boundary >= BOUNDARY_SECONDS:
            boundary, units = self.boundary(*self.grid), self.unit_maps(*self.grid)
            self._last_boundary = now
        return EpochEvent(epoch, dict(logs), boundary, units)

    def _wait_while_paused(
        self, epoch: int, drawn: bool, send: Callable[[PausedView], None] | None
    ) -> None:
        """Wait while paused. Once waiting has begun after an epoch whose event had no boundary
        (`drawn` false), `send` the current view first, so the picture is never older than the
        weights. Checked every `PAUSE_POLL` seconds, so a pause that lands at any moment of
        the epoch's end is seen."""
        while not self._go.wait(PAUSE_POLL):
            if not drawn and send is not None:
                self._last_boundary = time.monotonic()
                send(PausedView(epoch, self.boundary(*self.grid), self.unit_maps(*self.grid)))
                drawn = True

    # --- looking at the model ---------------------------------------------------------------

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        """The model's outputs as probabilities (logits go through sigmoid or softmax)."""
        out = np.asarray(self.model.predict(np.asarray(X, dtype=np.float32), verbose=0))
        if not self.loss.from_logits:
            return out
        return activations.sigmoid(out) if out.shape[1] == 1 else activations.softmax(out)

    def predicted_classes(self, probabilities: np.ndarray) -> np.ndarray:
        if probabilities.shape[1] == 1:
            return (probabilities[:, 0] >= 0.5).astype(int)
        return probabilities.argmax(axis=1)

    def boundary(
        self, columns: int = BOUNDARY_COLUMNS, rows: int = BOUNDARY_ROWS
    ) -> Boundary | None:
        """For 2-D data: the prediction in every cell of a grid over the data; else None (also
        when the model was declared for another width)."""
        if self.data.X.shape[1] != 2 or not self.fits_data:
            return None
        plane = self._plane(columns, rows)
        probabilities = self.probabilities(plane.points)
        if self.data.task == "regression":
            kind, values = "value", probabilities[:, 0]
        elif probabilities.shape[1] == 1:
            kind, values = "probability", probabilities[:, 0]
        else:
            kind, values = "class", probabilities.argmax(axis=1).astype(float)
        values = np.nan_to_num(values.astype(float), nan=0.5).reshape(rows, columns)
        table = tuple(map(tuple, values.tolist()))
        return Boundary(kind, plane.x_range, plane.y_range, table, self._points)

    def unit_maps(
        self, columns: int = BOUNDARY_COLUMNS, rows: int = BOUNDARY_ROWS
    ) -> tuple[UnitMaps, ...]:
        """For 2-D data: every hidden layer's units over the boundary's grid, from one forward
        pass; empty for other data, a model declared for another width, or no hidden layer."""
        from tutor.engine.trace import trace_forward

        if self.data.X.shape[1] != 2 or not self.fits_data or len(self.model.layers) < 2:
            return ()
        self.ensure_built()
        traced = trace_forward(self.model, self._plane(columns, rows).points)
        return tuple(
            UnitMaps(
                index,
                layer.name,
                layer.activation,
                np.ascontiguousarray(layer.a.T.reshape(-1, rows, columns), dtype=float),
            )
            for index, layer in enumerate(traced.layers[:-1])
        )

    def _plane(self, columns: int, rows: int) -> _Plane:
        """The grid's cell centres over the data (plus a margin), top row first; made once per
        size, since the data never changes within a session."""
        if (columns, rows) not in self._planes:
            X = self.data.X
            low, high = X.min(axis=0), X.max(axis=0)
            pad = (high - low) * MARGIN + 1e-6
            low, high = low - pad, high + pad
            xs = low[0] + (np.arange(columns) + 0.5) * (high[0] - low[0]) / columns
            ys = high[1] - (np.arange(rows) + 0.5) * (high[1] - low[1]) / rows
            points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2).astype(np.float32)
            self._planes[(columns, rows)] = _Plane(
                (float(low[0]), float(high[0])), (float(low[1]), float(high[1])), points
            )
        return self._planes[(columns, rows)]

    @functools.cached_property
    def _points(self) -> tuple[tuple[float, float, float], ...]:
        """The data as (x1, x2, label), the same in every boundary: made once, not per epoch."""
        return tuple(map(tuple, np.c_[self.data.X, self._labels].astype(float).tolist()))

    @property
    def _labels(self) -> np.ndarray:
        """One label per example, whether y is (m, 1) or (m,)."""
        return self.data.y.reshape(len(self.data.X), -1)[:, 0]

    @property
    def is_images(self) -> bool:
        """Whether the features are pixels (the digits sets), so examples can be drawn."""
        return bool(self.data.feature_names) and self.data.feature_names[0].startswith("pixel_")

    def misclassified(self, limit: int = 6) -> list[Misclassified]:
        """For image data: the first examples the model gets wrong, drawn in characters."""
        if not self.is_images or self.data.task == "regression" or not self.fits_data:
            return []
        from tutor.engine.datasets import draw_digit

        probabilities = self.probabilities(self.data.X)
        predicted = self.predicted_classes(probabilities)
        labels = self._labels.astype(int)
        wrong = np.flatnonzero(predicted != labels)[:limit]
        return [
            Misclassified(
                int(i),
                int(labels[i]),
                int(predicted[i]),
                float(_confidence(probabilities[i], int(predicted[i]))),
                draw_digit(self.data.X[i]),
            )
            for i in wrong
        ]

    def parse_input(self, text: str) -> list[float]:
        """Numbers typed for a probe, one per feature, separated by commas or spaces."""
        width = self.data.X.shape[1]
        values = []
        for part in text.replace(",", " ").split():
            try:
                values.append(float(part))
            except ValueError:
                raise SessionError(f"{part!r} is not a number; type {width} numbers") from None
        if len(values) != width:
            raise SessionError(
                f"the model reads {width} feature{'s' * (width != 1)} "
                f"({', '.join(self.data.feature_names[:4])}{', ...' * (width > 4)}); "
                f"{len(values)} {'was' if len(values) == 1 else 'were'} typed"
            )
        if not all(math.isfinite(v) for v in values):
            raise SessionError("the numbers must be finite (no inf or nan)")
        return values

    def probe(self, values: Sequence[float] | None = None, index: int | None = None) -> Probe:
        """The forward pass for typed `values` or for example `index`, layer by layer."""
        from tutor.engine.trace import trace_forward

        if index is not None:
            if not 0 <= index < len(self.data.X):
                raise SessionError(f"choose an example from 0 to {len(self.data.X) - 1}")
            x = self.data.X[index : index + 1]
            label = float(self._labels[index])
        else:
            x = np.asarray([values], dtype=np.float32)
            label = None
        self.ensure_built()
        trace = trace_forward(self.model, x).to_dict()
        probabilities = self.probabilities(x)[0]
        return Probe(
            tuple(float(v) for v in x[0]),
            tuple(float(v) for v in probabilities),
            self._decision(probabilities),
            trace,
            label,
        )

    def _decision(self, probabilities: np.ndarray) -> str:
        names = self.data.class_names
        if self.data.task == "regression":
            return f"predicts {probabilities[0]:.4g}"
        if len(probabilities) == 1:
            p = float(probabilities[0])
            chosen = int(p >= 0.5)
            name = names[chosen] if len(names) == 2 else str(chosen)
            return f"p = {p:.4f} → {'≥' if chosen else '<'} 0.5 → {name}"
        chosen = int(probabilities.argmax())
        name = names[chosen] if chosen < len(names) else str(chosen)
        return f"largest probability {probabilities[chosen]:.4f} → class {name}"

    def evaluate(self) -> dict[str, float]:
        """Loss and accuracy on the training part, and on the validation part if there is one."""
        X, y, cut = self.data.X, self.data.y, self.split_at
        results = {
            name: float(value)
            for name, value in self.model.evaluate(X[:cut], y[:cut], return_dict=True).items()
        }
        if cut < len(X):
            held_out = self.model.evaluate(X[cut:], y[cut:], return_dict=True)
            results.update({f"val_{name}": float(value) for name, value in held_out.items()})
        return results


@dataclass(frozen=True, eq=False)
class _Plane:
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    points: np.ndarray  # (columns * rows, 2), row by row from the top


class _Recorder(Callback):
    """Hands each whole epoch to the session (numbered across `train` calls) and waits while it
    is paused; a stop reaches `fit` through `stop_training`, set by `TrainingSession.stop`.

    `fit` is given epochs counted from 0 of this call plus `initial_epoch`, which is the
    session's `epochs_done`; `start` is that count, so `epoch` arrives already numbered across
    calls. The last batch begun tells a whole epoch from one a stop cut short."""

    def __init__(
        self,
        session: TrainingSession,
        start: int,
        on_epoch: Callable[[EpochEvent | PausedView], None] | None,
    ) -> None:
        super().__init__()
        self.session = session
        self.start = start
        self.on_epoch = on_epoch
        self.last_batch = -1
        self.cut_short = False

    def on_epoch_begin(self, epoch: int, logs: dict[str, float] | None = None) -> None:
        self.last_batch = -1

    def on_train_batch_begin(self, batch: int, logs: dict[str, float] | None = None) -> None:
        self.last_batch = batch

    def on_epoch_end(self, epoch: int, logs: dict[str, float] | None = None) -> None:
        if self.last_batch + 1 < self.params["steps"]:  # a stop ended `fit` mid-epoch
            self.cut_short = True
            return
        event = self.session._after_epoch(epoch, dict(logs or {}))
        if self.on_epoch:
            self.on_epoch(event)
        if self.session.pace and not self.session._stop:
            time.sleep(self.session.pace)
        self.session._wait_while_paused(epoch, event.boundary is not None, self.on_epoch)

    def on_train_begin(self, logs: dict[str, float] | None = None) -> None:
        if self.session._stop:  # stopped before `fit` began, which clears `stop_training`
            self.model.stop_training = True


def _confidence(probabilities: np.ndarray, chosen: int) -> float:
    if len(probabilities) == 1:
        return float(probabilities[0] if chosen else 1 - probabilities[0])
    return float(probabilities[chosen])
