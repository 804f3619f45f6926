"""The lesson kernel: shared state, output, errors, and every way a cell can go wrong."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from tests.waiting import wait_until
from tutor.childproc.spawn import TEMP_ROOT
from tutor.lessons.kernel import Kernel, KernelError
from tutor.protocol import FitEnd, FitOutcome, Origin

FAST = 3.0  # seconds: the timeout of a cell that would otherwise run for ever

FIT_SETUP = """
from tutor.engine import Sequential, Input, Dense
from tutor.engine.datasets import load_coffee
X, y = load_coffee(normalized=True)
model = Sequential([Input(shape=(2,)), Dense(3, activation="sigmoid"),
                    Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", metrics=["accuracy"])
"""


@pytest.fixture(scope="module")
def kernel():
    with Kernel() as running:
        yield running


def interrupt_at(kernel, wanted):
    """An on_event callback that presses "stop" when the wanted event arrives."""

    def on_event(event):
        if wanted(event):
            kernel.interrupt()

    return on_event


def kinds(result) -> list[str]:
    return [event.kind for event in result.events]


def test_cells_share_a_namespace_and_print(kernel):
    assert kernel.run("x = 41").ok
    result = kernel.run("print(x + 1)\nimport sys\nprint('careful', file=sys.stderr)")
    assert result.status == "ok"
    assert result.stdout == "42\ncareful\n"
    streams = [e.stream for e in result.events if e.kind == "stdout"]
    assert streams == ["stdout", "stderr"]
    assert kinds(result)[-1] == "done"


def test_the_namespace_starts_empty_in_a_temporary_folder():
    with Kernel() as fresh:
        error = fresh.run("Dense").error
        assert (error.ename, error.message) == ("NameError", "name 'Dense' is not defined")
        cwd = fresh.run("import os\nos.getcwd()").displays[0].text
        assert f"{TEMP_ROOT}/kernel-" in cwd


def test_a_trailing_expression_is_displayed(kernel):
    array = kernel.run("import numpy as np\nnp.zeros((2, 3), dtype=np.float32)").displays
    assert [(d.form, d.shape, d.dtype) for d in array] == [("array", [2, 3], "float32")]
    assert "0." in array[0].text
    scalar = kernel.run("np.float32(0.5) + 1").displays
    assert [(d.form, d.text) for d in scalar] == [("scalar", "1.5")]
    other = kernel.run("{'a': [1, 2]}").displays
    assert [(d.form, d.text) for d in other] == [("repr", "{'a': [1, 2]}")]
    assert kernel.run("None").displays == []
    assert kernel.run("z = 3").displays == []


def test_printed_output_is_capped(kernel):
    result = kernel.run("for i in range(100_000):\n    print(i)")
    assert result.ok
    assert len(result.stdout) < 20_100
    assert result.stdout.rstrip().endswith("more characters]")
    assert "[output truncated: " in result.stdout


def test_an_error_names_the_line_and_hides_the_kernel(kernel):
    result = kernel.run("a = 1\nb = a + missing\nc = 3")
    assert result.status == "error"
    error = result.error
    assert (error.ename, error.message, error.line) == (
        "NameError",
        "name 'missing' is not defined",
        2,
    )
    assert "b = a + missing" in error.traceback
    assert "kernel_main" not in error.traceback
    assert error.traceback.endswith("NameError: name 'missing' is not defined\n")


def test_an_error_names_the_cell_by_its_id_on_every_run(kernel):
    for _ in range(2):
        error = kernel.run("a = 1\nb = a + missing", name="train").error
        assert error.traceback.startswith('  File "<cell train>", line 2, in <module>\n')
        assert error.line == 2
    unnamed = kernel.run("missing").error.traceback
    assert unnamed.startswith('  File "<cell ') and "<cell train>" not in unnamed


def test_an_error_inside_an_earlier_cells_function(kernel):
    kernel.run("def half(v):\n    return v / 0")
    error = kernel.run("half(2)").error
    assert (error.ename, error.line) == ("ZeroDivisionError", 1)
    assert "return v / 0" in error.traceback


def test_a_syntax_error_names_its_line(kernel):
    error = kernel.run("ok = 1\nif ok\n    pass").error
    assert (error.ename, error.line) == ("SyntaxError", 2)
    assert error.message == "expected ':'"


def test_exit_and_input_do_not_end_or_hang_the_kernel(kernel):
    kernel.run("x = 41")
    error = kernel.run("import sys\nsys.exit(3)").error
    assert error.ename == "SystemExit"
    assert error.message == "the cell called exit(3); the kernel ignores it and keeps going"
    assert kernel.run("input()").error.ename == "EOFError"
    assert kernel.run("x").displays[0].text == "41"


def test_a_cell_that_loops_for_ever_is_stopped_and_the_variables_kept(kernel):
    kernel.run("kept = 'yes'")
    result = kernel.run("while True:\n    pass", timeout=FAST)
    assert result.status == "timeout"
    assert not result.restarted
    assert result.error.message == (
        "This cell ran longer than 3 s and was stopped. Your variables from earlier cells are kept."
    )
    assert kernel.run("kept").displays[0].text == "'yes'"


def test_a_loop_that_ignores_interrupts_is_killed_and_the_kernel_restarted():
    with Kernel() as fresh:
        fresh.run("kept = 1")
        stubborn = (
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
        )
        result = fresh.run(stubborn, timeout=FAST)
        assert result.status == "timeout"
        assert result.restarted
        assert result.error.message == (
            "This cell ran longer than 3 s and was stopped. The kernel was restarted with no "
            "variables: run the cells above again to rebuild them."
        )
        assert fresh.run("kept").error.ename == "NameError"
        assert fresh.run("1 + 1").displays[0].text == "2"


@pytest.mark.parametrize(
    ("code", "how"),
    [
        ("import os\nos._exit(1)", "it exited with code 1"),
        ("import ctypes\nctypes.string_at(0)", "it was ended by signal SIGSEGV"),
    ],
)
def test_a_cell_that_kills_the_kernel_is_reported_and_the_kernel_restarted(code, how):
    with Kernel() as fresh:
        result = fresh.run(code, timeout=FAST)
        assert result.status == "crashed"
        assert result.restarted
        error = result.error
        assert error.origin is Origin.KERNEL_DIED
        assert error.message.startswith(f"The kernel process ended while running this cell ({how})")
        assert "run the cells above again" in error.message
        assert fresh.alive
        assert fresh.run("2 * 21").displays[0].text == "42"


def test_a_huge_allocation_is_an_ordinary_error(kernel):
    kernel.run("survivor = 7")
    for code in ("bytearray(10**11)", "import numpy as np\nnp.ones((10**5, 10**5))"):
        result = kernel.run(code, timeout=FAST)
        assert result.status == "error"
        assert result.error.ename == "MemoryError"
    assert kernel.run("survivor").displays[0].text == "7"


def test_fit_streams_its_progress(kernel):
    assert kernel.run(FIT_SETUP).ok
    seen = []
    result = kernel.run(
        "history = model.fit(X, y, epochs=3, validation_split=0.2)", on_event=seen.append
    )
    assert result.ok
    assert seen == result.events
    assert kinds(result) == ["fit_begin", "epoch", "epoch", "epoch", "fit_end", "done"]
    begin = result.events[0]
    assert (begin.epochs, begin.samples, begin.batch_size, begin.steps) == (
        3,
        160,
        32,
        5,
    )
    assert begin.metrics == ["loss", "accuracy", "val_loss", "val_accuracy"]
    epochs = [e for e in result.events if e.kind == "epoch"]
    assert [e.epoch for e in epochs] == [0, 1, 2]
    assert set(epochs[0].logs) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    history = kernel.run("history.history['loss']").displays[0].text
    assert history == repr([e.logs["loss"] for e in epochs])
    assert result.events[-2] == FitEnd(3, FitOutcome.FINISHED)


def test_fit_with_verbose_0_draws_nothing_as_keras_prints_nothing(kernel):
    assert kernel.run(FIT_SETUP).ok
    quiet = kernel.run("h = model.fit(X, y, epochs=3, verbose=0)\nlen(h.history['loss'])")
    assert quiet.ok
    assert kinds(quiet) == ["display", "done"]
    assert quiet.displays[0].text == "3"
    positional = kernel.run("h = model.fit(X, y, 32, 2, 0)")  # batch_size, epochs, verbose
    assert kinds(positional) == ["done"]
    chart = kernel.run("h = model.fit(X, y, 32, 2)")
    assert kinds(chart) == ["fit_begin", "epoch", "epoch", "fit_end", "done"]


def test_a_quiet_fit_still_stops_and_says_so_in_one_line(kernel):
    assert kernel.run(FIT_SETUP).ok
    result = kernel.run(
        "from tutor.engine.callbacks import Callback\n"
        "class Tell(Callback):\n"
        "    def on_epoch_end(self, epoch, logs=None):\n"
        "        if epoch == 1:\n"
        "            print('training', flush=True)\n"
        "h = model.fit(X, y, epochs=100_000, verbose=0, callbacks=[Tell()])\n"
        "print(len(h.history['loss']))",
        timeout=30,
        on_event=interrupt_at(kernel, lambda e: e.kind == "stdout" and "training" in e.text),
    )
    assert result.ok
    note = next(e for e in result.events if e.kind == "note")
    epochs = int(result.stdout.split()[-1])
    assert note.text == f"Stopped after {epochs} epoch{'s' * (epochs != 1)}."
    assert "fit_begin" not in kinds(result)


DIVERGING = """
import numpy as np
from tutor.engine import Sequential, Input, Dense
from tutor.engine.optimizers import SGD
raw = np.linspace(150, 285, 80, dtype="float32").reshape(40, 2)  # unscaled temperatures
model = Sequential([Input(shape=(2,)), Dense(1)])
model.compile(loss="mse", optimizer=SGD(0.01))
"""


def test_fit_end_carries_the_engines_reason_for_stopping_on_a_nan_loss(kernel):
    assert kernel.run(DIVERGING).ok
    result = kernel.run("model.fit(raw, raw[:, :1] / 100, epochs=20, batch_size=40)")
    end = next(e for e in result.events if e.kind == "fit_end")
    assert end.outcome is FitOutcome.DIVERGED
    assert kernel.run("print(model.stop_summary)").stdout == f"{end.summary}\n"
    assert end.summary.startswith(f"Training stopped in epoch {end.epochs_run + 1} at batch")
    assert end.message() == end.summary
    again = kernel.run("h = model.fit(raw, raw[:, :1], epochs=0)")
    assert next(e for e in again.events if e.kind == "fit_end").summary is None


def test_interrupt_stops_a_long_fit_with_its_history(kernel):
    assert kernel.run(FIT_SETUP).ok

    result = kernel.run(
        "history = model.fit(X, y, epochs=100_000)\nprint(len(history.history['loss']))",
        timeout=30,
        on_event=interrupt_at(kernel, lambda e: e.kind == "epoch" and e.epoch == 1),
    )
    assert result.status == "ok"
    end = next(e for e in result.events if e.kind == "fit_end")
    assert end.outcome is FitOutcome.STOPPED
    assert 2 <= end.epochs_run < 100_000
    assert result.stdout == f"{end.epochs_run}\n"


def test_interrupt_stops_plain_code_and_keeps_the_namespace(kernel):
    kernel.run("before = 'still here'")

    result = kernel.run(
        "print('started', flush=True)\nwhile True:\n    pass",
        timeout=30,
        on_event=interrupt_at(kernel, lambda e: e.kind == "stdout"),
    )
    assert result.status == "interrupted"
    assert result.error.ename == "KeyboardInterrupt"
    assert kernel.run("before").displays[0].text == "'still here'"


def test_rerun_rebuilds_state_and_stops_at_the_first_failure(kernel):
    kernel.restart()
    results = kernel.rerun(["a = 1", "b = a + 1", "c = nope", "d = 4"])
    assert [r.status for r in results] == ["ok", "ok", "error"]
    assert kernel.run("b").displays[0].text == "2"
    assert kernel.run("d").error.ename == "NameError"


def test_stop_from_another_thread_ends_a_running_cell():
    fresh = Kernel()
    fresh.start()
    timer = threading.Timer(0.5, fresh.stop)
    timer.start()
    result = fresh.run("while True:\n    pass", timeout=30)
    timer.join()
    assert result.status == "stopped"
    assert result.error.message == "The kernel was stopped."
    assert not fresh.alive


def test_a_hood_expression_that_fails_raises_a_clear_kernel_error(kernel):
    with pytest.raises(KernelError) as caught:
        kernel.trace("dense", "no_such_model", "X[:1]")
    assert str(caught.value) == (
        "model=no_such_model: NameError: name 'no_such_model' is not defined"
    )


def test_hood_views_come_back_as_plain_data(kernel):
    assert kernel.run(FIT_SETUP).ok
    dense = kernel.trace("dense", "model", "X[:2]")
    assert dense["view"] == "dense"
    shapes = [layer["shapes"] for layer in dense["forward"]["layers"]]
    assert [(s["a_in"], s["W"], s["a"]) for s in shapes] == [
        ([2, 2], [2, 3], [2, 3]),
        ([2, 3], [3, 1], [2, 1]),
    ]
    predict = kernel.trace("predict", "model", "X[:3]", threshold=0.4)
    assert predict["threshold"] == 0.4
    assert predict["probabilities"] == predict["forward"]["output"]
    assert predict["decisions"] == [[int(p >= 0.4)] for [p] in predict["probabilities"]]
    assert predict["decide"] == "threshold"
    step = kernel.trace("step", "model", "X[:8]", "y[:8]")
    assert step["view"] == "step"
    names = [w["name"].split("/")[1] for w in step["step"]["weights"]]
    assert names == ["kernel", "bias", "kernel", "bias"]


@pytest.mark.parametrize("output", ["softmax", "linear"])
def test_a_multi_class_prediction_is_decided_by_argmax(kernel, output):
    """softmax probabilities, or logits turned into them: the class picked is the argmax."""
    setup = f"""
import numpy as np
from tutor.engine import Sequential, Input, Dense, set_random_seed
set_random_seed(0)
x3 = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
model3 = Sequential([Input(shape=(4,)), Dense(3, activation="{output}")])
logits3 = model3.layers[0](x3) if "{output}" == "linear" else None
"""
    assert kernel.run(setup).ok
    data = kernel.trace("predict", "model3", "x3", threshold=0.5)
    assert data["decide"] == "argmax" and data["activation"] == output
    probabilities = np.array(data["probabilities"])
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert data["decisions"] == probabilities.argmax(axis=1).tolist()
    if output == "linear":
        logits = np.array(data["logits"])
        assert np.allclose(logits, data["forward"]["output"])
        assert np.allclose(probabilities, np.exp(logits) / np.exp(logits).sum(1, keepdims=True))
        assert data["decisions"] == logits.argmax(axis=1).tolist()
    else:
        assert data["logits"] is None
        assert np.allclose(probabilities, data["forward"]["output"])
    assert "threshold" not in data


def test_a_single_layer_is_traced_as_a_one_layer_model(kernel):
    assert kernel.run(FIT_SETUP).ok
    kernel.run("from tutor.engine import Dense\nsolo = Dense(4)\nsolo(X[:1])")
    before = kernel.run("Sequential().name").displays[0].text
    layers = kernel.trace("dense", "solo", "X[:5]")["forward"]["layers"]
    assert [layer["shapes"]["a"] for layer in layers] == [[5, 4]]
    after = kernel.run("Sequential().name").displays[0].text
    number = int(before.strip("'").rpartition("_")[2] or 0)
    assert after == f"'sequential_{number + 1}'"  # the view's model took no name of the learner's


def test_a_cell_that_closes_stdout_does_not_silence_the_next(kernel):
    kernel.run("import sys\nsys.stdout.close()")
    assert kernel.run("print('still heard')").stdout == "still heard\n"


def test_a_kernel_that_died_between_cells_says_so_before_the_next():
    with Kernel() as fresh:
        fresh.run("import os, threading\nthreading.Timer(0.2, os._exit, [9]).start()")
        wait_until(lambda: not fresh.alive)
        result = fresh.run("1 + 1")
        assert (result.status, result.restarted) == ("crashed", True)
        assert result.error.message == (
            "The kernel had stopped before this cell ran (it exited with code 9). A fresh kernel "
            "was started with no variables: run the cells above again, then this one."
        )
        assert fresh.run("1 + 1").displays[0].text == "2"


def test_a_huge_error_is_capped(kernel):
    error = kernel.run("raise ValueError('x' * 100_000)").error
    assert error.message.endswith("\n[90000 more characters]")
    assert "raise ValueError('x' * 100_000)" in error.traceback
    assert error.traceback.endswith(f"ValueError: {error.message}\n")


def test_a_long_traceback_keeps_its_end(kernel):
    # 3000 nested calls through four alternating functions: no repeats for Python to fold.
    code = (
        "import sys\nsys.setrecursionlimit(5000)\n"
        + "".join(
            f"def f{i}(n):\n    return f{(i + 1) % 4}(n - 1) if n else 1 / 0\n" for i in range(4)
        )
        + "f0(3000)"
    )
    error = kernel.run(code).error
    assert error.ename == "ZeroDivisionError"
    assert error.traceback.startswith("[")
    assert error.traceback.endswith("ZeroDivisionError: division by zero\n")
    assert len(error.traceback) < 20_100
