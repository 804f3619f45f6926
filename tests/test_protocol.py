"""The events between the app and its children: each reads back as what was written, and only
`tutor/protocol.py` defines them."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tutor import protocol
from tutor.protocol import (
    Disagree,
    Display,
    Done,
    Epoch,
    Error,
    Event,
    Exit,
    FitBegin,
    FitEnd,
    FitOutcome,
    LearnerError,
    Loaded,
    LoadError,
    Missing,
    Note,
    Origin,
    Raised,
    Ready,
    Result,
    Stdout,
    Syntax,
    Trace,
    Trained,
)

MISTAKE = LearnerError("ValueError", "shapes (2,3) and (2,1) not aligned", 4, "z = a @ W")
EXAMPLES = [
    Ready(1234),
    Stdout("hello\n"),
    Stdout("careful\n", "stderr"),
    Display("array([1., 2.])", "array", [2], "float64"),
    Display("1.5", "scalar"),
    Trace({"view": "dense", "forward": {"layers": []}}),
    Error("name 'x' is not defined", ename="NameError", line=2, traceback="  File ...\n"),
    Error("This cell ran longer than 5 s and was stopped.", Origin.TIMEOUT),
    Note("Running the cells above first: setup"),
    FitBegin(10, 5, 160, 32, ["loss", "accuracy", "val_loss", "val_accuracy"]),
    Epoch(3, {"loss": 0.25, "accuracy": 0.875}),
    FitEnd(4, FitOutcome.DIVERGED, "Training stopped in epoch 5 at batch 1: the loss became nan."),
    FitEnd(10, FitOutcome.FINISHED),
    Done("ok", 0.125),
    Done("crashed", None, restarted=True),
    Loaded(),
    Result(0, [[1.0, 2.0]]),
    Result(2, 0.5, "Sequential", True),
    Raised(MISTAKE, case=1),
    Raised(MISTAKE, exercise="dense"),
    Exit("0", MISTAKE, case=3),
    Missing("dense", ["Dense", "helper"]),
    Syntax(MISTAKE),
    LoadError(MISTAKE, "bce"),
    Disagree(12, 0.003),
    Trained([0.7, 0.6], [0.7, 0.6], 0.9, 0.9),
]


def test_every_kind_has_an_example():
    types = [cls for cls in vars(protocol).values() if isinstance(cls, type)]
    kinds = {cls.kind for cls in types if issubclass(cls, Event) and cls is not Event}
    assert kinds == {event.kind for event in EXAMPLES}


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: e.kind)
def test_an_event_reads_back_as_written_with_its_tags(event):
    line = event.to_json(seq=7)
    assert "\n" not in line
    read = Event.from_json(line.encode())
    assert read.event == event and type(read.event) is type(event)
    assert read.tags == {"seq": 7}


def test_enums_and_nested_errors_come_back_typed():
    assert Event.from_json(Error("x", Origin.KERNEL_DIED).to_json()).event.origin is (
        Origin.KERNEL_DIED
    )
    raised = Event.from_json(Raised(MISTAKE, case=0).to_json()).event
    assert isinstance(raised.error, LearnerError) and raised.error.line == 4


def test_values_json_cannot_hold_are_written_as_their_repr_and_nan_survives():
    logs = Event.from_json(Epoch(0, {"loss": math.nan}).to_json()).event.logs
    assert math.isnan(logs["loss"])
    assert Event.from_json(Trace({"odd": {1, 2}}).to_json()).event.data == {"odd": "{1, 2}"}


@pytest.mark.parametrize(
    "line",
    [
        "not json",
        "[1, 2]",
        '{"text": "no kind"}',
        '{"kind": "nonsense"}',
        '{"kind": "epoch", "epoch": 1}',  # logs missing
        '{"kind": "error", "message": "m", "origin": "elsewhere"}',
        '{"kind": "raised", "error": {"type": "E"}}',  # the error has no message
    ],
)
def test_a_line_that_is_no_event_is_a_value_error(line):
    with pytest.raises(ValueError):
        Event.from_json(line)


def test_the_app_says_its_own_errors_without_an_exception_name():
    assert Error("The kernel was stopped.", Origin.STOPPED).summary() == "The kernel was stopped."
    assert Error("division by zero", ename="ZeroDivisionError").summary() == (
        "ZeroDivisionError: division by zero"
    )


def test_the_protocol_loads_without_numpy():
    code = "import sys, tutor.protocol; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_other_module_builds_an_event_by_hand():
    """Events are built from the types: a dict tagged "event"/"kind", or an error recognised by
    a magic name, would be a second, unchecked definition of the protocol."""
    root = Path(protocol.__file__).parent
    kinds = "|".join(re.escape(event.kind) for event in EXAMPLES)
    hand_built = re.compile(
        rf"""["'](event|kind)["']\s*:\s*["']({kinds})["']"""
        r"""|["'](KernelDied|CellAboveFailed|Timeout)["']"""
    )
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path.name != "protocol.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if hand_built.search(line)
    ]
    assert found == []
