"""Every event that crosses the boundary between the app and its child processes, as types.

A child writes one JSON line per event, `{"kind": ..., <fields>, <tags>}`: `to_json` writes it and
`Event.from_json` reads it back into the same frozen dataclass. Tags are the envelope, not the
event: the lesson kernel tags each event with the `seq` of the request it answers, the exercise
child with its run's random `token`.

The lesson kernel (`tutor.lessons.kernel_main`) sends Ready, then per request Stdout, Display,
Trace, FitBegin / Epoch / FitEnd and Error, and always Done last. The app adds Error events of its
own (a timeout, a kernel that died, a cell above that failed), told apart by `Error.origin`, and
Note. The exercise child (`tutor.exercises.child`, `your_engine`) reports Loaded, Result, Raised,
Exit, Missing, Syntax, LoadError, Disagree, Trained and Done.

Standard library only: the UI imports this before NumPy is loaded.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple


class Origin(enum.StrEnum):
    """Where an error came from: only the learner's own code has a Python exception to show."""

    CODE = "code"  # the learner's code raised (ename, line, traceback are set)
    TIMEOUT = "timeout"  # the cell ran past its time limit
    KERNEL_DIED = "kernel-died"  # the kernel process ended, or could not start
    CELL_ABOVE = "cell-above"  # a cell run first to rebuild the namespace failed
    APP = "app"  # the app could not do what was asked (e.g. draw an under-the-hood view)
    STOPPED = "stopped"  # the app ended the kernel (it is closing the lesson)


class FitOutcome(enum.StrEnum):
    """How a `fit` ended."""

    FINISHED = "finished"  # every epoch ran, or a callback such as EarlyStopping ended it
    STOPPED = "stopped"  # the learner pressed the stop key
    DIVERGED = "diverged"  # the engine stopped on a NaN or infinite loss


# Bound at import, before any learner code runs in a child: patching `json.dumps` there cannot
# change what the child reports.
_dumps = json.dumps
_asdict = dataclasses.asdict


class Tagged(NamedTuple):
    """An event read from a line, and the tags the sender put beside it."""

    event: Event
    tags: dict[str, Any]


_KINDS: dict[str, type[Event]] = {}


@dataclass(frozen=True)
class Event:
    """Base of every event; `kind` is the tag on the wire."""

    kind: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            _KINDS[cls.kind] = cls

    def to_json(self, **tags: Any) -> str:
        """One line (without the newline); values JSON cannot hold are written as their repr."""
        body = {"kind": self.kind, **_asdict(self), **tags}
        return _dumps(body, default=repr)

    @staticmethod
    def from_json(line: str | bytes) -> Tagged:
        """The event a line holds; ValueError if it is not one (the caller drops such lines)."""
        data = json.loads(line)
        if not isinstance(data, dict):
            raise ValueError("an event is a JSON object")
        cls = _KINDS.get(data.pop("kind", None))
        if cls is None:
            raise ValueError("no such event kind")
        names = {f.name for f in dataclasses.fields(cls)}
        values = {name: data.pop(name) for name in list(data) if name in names}
        try:
            for name, typed in _TYPED_FIELDS.items():
                if name in values:
                    value = values[name]
                    values[name] = typed(**value) if isinstance(value, dict) else typed(value)
            return Tagged(cls(**values), data)
        except TypeError as error:  # a field missing or of the wrong shape
            raise ValueError(str(error)) from None


# -- the lesson kernel ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ready(Event):
    kind = "ready"
    pid: int


@dataclass(frozen=True)
class Stdout(Event):
    """Printed text; `stream` is "stdout" or "stderr"."""

    kind = "stdout"
    text: str
    stream: str = "stdout"


@dataclass(frozen=True)
class Display(Event):
    """The value of a cell's last expression; `form` is "array", "scalar" or "repr"."""

    kind = "display"
    text: str
    form: str = "repr"
    shape: list[int] | None = None
    dtype: str | None = None


@dataclass(frozen=True)
class Trace(Event):
    """The data of an under-the-hood view."""

    kind = "trace"
    data: dict[str, Any]


@dataclass(frozen=True)
class Error(Event):
    """Something went wrong; with `origin` CODE, `ename` is the exception's name and `line` the
    line of the cell at fault. Any other origin is the app's own sentence, in `message`."""

    kind = "error"
    message: str
    origin: Origin = Origin.CODE
    ename: str = ""
    line: int | None = None
    traceback: str = ""

    def summary(self) -> str:
        """`Name: message` for an exception, the message alone for the app's own errors."""
        return f"{self.ename}: {self.message}" if self.ename else self.message


@dataclass(frozen=True)
class Note(Event):
    """A line the app adds between events, e.g. that the cells above run first."""

    kind = "note"
    text: str


@dataclass(frozen=True)
class FitBegin(Event):
    """A fit starts: the engine's `Callback.params`."""

    kind = "fit_begin"
    epochs: int
    steps: int
    samples: int
    batch_size: int
    metrics: list[str]


@dataclass(frozen=True)
class Epoch(Event):
    kind = "epoch"
    epoch: int
    logs: dict[str, float]


@dataclass(frozen=True)
class FitEnd(Event):
    """A fit returned; `summary` is the engine's one-sentence reason when it diverged."""

    kind = "fit_end"
    epochs_run: int
    outcome: FitOutcome
    summary: str | None = None

    def message(self) -> str:
        """The training view's last line."""
        if self.summary:
            return self.summary
        verb = "Stopped after" if self.outcome is FitOutcome.STOPPED else "Trained"
        return f"{verb} {self.epochs_run} epoch{'s' * (self.epochs_run != 1)}."


@dataclass(frozen=True)
class Done(Event):
    """The last event of a request. `status` for a cell: ok, error, interrupted, timeout, crashed
    or stopped; `restarted` when the kernel had to be replaced (its namespace is empty)."""

    kind = "done"
    status: str = "ok"
    seconds: float | None = None
    restarted: bool = False


# -- the exercise child --------------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerError:
    """An exception in the learner's file: its type, message, and the line of their file."""

    type: str
    message: str
    line: int | None = None
    text: str = ""  # that line's source


@dataclass(frozen=True)
class Loaded(Event):
    """The learner's file was executed without an error."""

    kind = "loaded"


@dataclass(frozen=True)
class Result(Event):
    """A case's return value (wire-encoded); for a case that calls a method on what the function
    returned, `returned` is its type name and `answered` whether it had the method."""

    kind = "result"
    case: int
    value: Any
    returned: str | None = None
    answered: bool | None = None


@dataclass(frozen=True)
class Raised(Event):
    """The learner's function raised on a case (`exercise` names it in the engine run)."""

    kind = "raised"
    error: LearnerError
    case: int | None = None
    exercise: str | None = None


@dataclass(frozen=True)
class Exit(Event):
    """The learner's code called exit() while loading (no case) or on a case."""

    kind = "exit"
    code: str
    error: LearnerError
    case: int | None = None
    exercise: str | None = None


@dataclass(frozen=True)
class Missing(Event):
    """The file defines no function by the exercise's name; `defined` lists what it does define."""

    kind = "missing"
    function: str
    defined: list[str] = field(default_factory=list)
    exercise: str | None = None


@dataclass(frozen=True)
class Syntax(Event):
    kind = "syntax"
    error: LearnerError
    exercise: str | None = None


@dataclass(frozen=True)
class LoadError(Event):
    """Code at the top level of the learner's file raised."""

    kind = "load-error"
    error: LearnerError
    exercise: str | None = None


@dataclass(frozen=True)
class Disagree(Event):
    """Your engine: the learner's sgd_step and backprop gave different output-layer gradients."""

    kind = "disagree"
    epoch: int
    gap: float


@dataclass(frozen=True)
class Trained(Event):
    """Your engine: the loss per epoch and the accuracy, with the learner's functions and the
    engine's."""

    kind = "trained"
    yours: list[float]
    engine: list[float]
    accuracy_yours: float
    accuracy_engine: float


LearnerFailure = Syntax | LoadError | Raised | Exit | Missing

# Fields that JSON holds as a plain value or object, by name, and the type they are read back as.
_TYPED_FIELDS: dict[str, Any] = {"origin": Origin, "outcome": FitOutcome, "error": LearnerError}
