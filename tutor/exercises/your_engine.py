"""Your engine: the coffee-roasting network trained with the learner's own functions, beside
`tutor.engine` training the same network from the same weights, both in the child process.

Per epoch, on all 200 roasts at once (full-batch gradient descent), every number comes from a
function the learner wrote:

    a1 = dense(X, W1, b1, sigmoid)                               # the hidden layer
    a2 = sequential(X, [(W1, b1, sigmoid), (W2, b2, sigmoid)])   # the whole forward pass
    loss = binary_crossentropy(y, a2)
    dW1, db1, dW2, db2 = backprop(X, y, a1, a2, W2)              # all four gradients
    W2, b2 = sgd_step(a1, y, W2, b2, lr)                         # the output layer's step
    W1, b1 = W1 - lr * dW1, b1 - lr * db1                        # the hidden layer's step

and at the end `predict(sequential(X, ...), 0.5)`. tutor writes only the loop and the hidden
layer's subtraction, the rule the learner's `sgd_step` applies to the output layer. The
learner's `sgd_step` and `backprop` must agree on the output layer's gradient. The engine runs
`model.fit(X, y, epochs, batch_size=200, shuffle=False)` with `SGD(lr)`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tutor.protocol import Disagree, Done, LearnerFailure, Missing, Raised, Trained

if TYPE_CHECKING:
    import numpy as np

    from tutor.engine import Sequential
    from tutor.exercises.child import Report
    from tutor.exercises.runner import ChildRun

DEFAULT_EPOCHS = 1000
LEARNING_RATE = 5.0
SEED = 1
ENGINE_TIMEOUT = 60.0
ORDER = ("dense", "sequential", "bce", "sgd-step", "backprop", "predict")


@dataclass(frozen=True)
class EngineResult:
    status: str  # agree, differ, error, timeout or crashed
    message: str
    yours: list[float] = field(default_factory=list)
    engine: list[float] = field(default_factory=list)
    accuracy_yours: float | None = None
    accuracy_engine: float | None = None

    @property
    def agree(self) -> bool:
        return self.status == "agree"


def run_your_engine(
    sources: dict[str, tuple[str, str]],
    epochs: int = DEFAULT_EPOCHS,
    timeout: float = ENGINE_TIMEOUT,
    started: Callable[[subprocess.Popen], None] | None = None,
) -> EngineResult:
    """Train both ways in a child process; `sources` maps exercise id to (code, file name)."""
    from tutor.exercises.catalog import all_exercises
    from tutor.exercises.runner import run_child

    functions = {exercise.id: exercise.function for exercise in all_exercises()}
    request = {
        "mode": "engine",
        "epochs": epochs,
        "learning_rate": LEARNING_RATE,
        "seed": SEED,
        "sources": {
            exercise_id: [*sources[exercise_id], functions[exercise_id]] for exercise_id in ORDER
        },
    }
    run = run_child(request, timeout, started)
    return judge_engine(run, timeout)


def judge_engine(run: ChildRun, timeout: float) -> EngineResult:
    import numpy as np

    for event in run.events:
        if isinstance(event, LearnerFailure):
            return EngineResult("error", _failure_text(event))
        if isinstance(event, Disagree):
            return EngineResult(
                "differ",
                f"At epoch {event.epoch} your sgd_step and your backprop disagree on the "
                f"output layer's gradient (largest difference {event.gap:.3g}): both passed "
                "their checks, so look for a difference those checks did not cover, e.g. a "
                "function that changes its inputs in place.",
            )
        if isinstance(event, Trained):
            yours, engine = event.yours, event.engine
            agree = bool(np.allclose(yours, engine, rtol=1e-3, atol=1e-4))
            gap = float(np.max(np.abs(np.subtract(yours, engine))))
            if agree:
                message = (
                    f"Your functions trained the network: over {len(yours)} epochs your loss "
                    f"and the engine's agree (largest difference {gap:.1e}). Every number came "
                    "from your code: the forward pass (dense, sequential), the loss "
                    "(binary_crossentropy), all four gradients (backprop), the output layer's "
                    "step (sgd_step) and the decisions (predict). tutor ran only the loop and "
                    "subtracted learning_rate × your dW1, db1 for the hidden layer, the rule "
                    "your sgd_step applies."
                )
            else:
                message = (
                    f"Your loss and the engine's part ways (largest difference {gap:.3g}). "
                    "Each exercise passed on its own: look for a difference that its "
                    "checks did not cover, e.g. a function that changes its inputs in place."
                )
            return EngineResult(
                "agree" if agree else "differ",
                message,
                yours,
                engine,
                event.accuracy_yours,
                event.accuracy_engine,
            )
    if run.timed_out:
        return EngineResult("timeout", f"Training did not finish within {timeout:g} s.")
    return EngineResult(
        "crashed", f"The training process ended early (exit code {run.returncode})."
    )


def _failure_text(event: LearnerFailure) -> str:
    if isinstance(event, Missing):
        where, text = "", f": no function named {event.function}"
    else:
        where = f" at line {event.error.line}" if event.error.line else ""
        text = f": {event.error.type}: {event.error.message}"
    return f"Your {event.exercise or 'code'} failed during training{where}{text}"


def comparison_table(result: EngineResult) -> str:
    """Epochs 1, 10, 100, ... and the last, side by side, and the accuracy of both."""
    if not result.yours:
        return ""
    count = len(result.yours)
    shown = sorted({1, 2, 10, 100, count} | {e for e in range(250, count, 250)})
    rows = [
        f"From the same weights: {count} full-batch steps of "
        f"SGD(learning_rate={LEARNING_RATE:g}) on the normalised coffee data",
        f"{'epoch':>6}  {'your loss':>10}  {'engine loss':>11}  {'difference':>10}",
    ]
    for epoch in (e for e in shown if e <= count):
        mine, theirs = result.yours[epoch - 1], result.engine[epoch - 1]
        rows.append(f"{epoch:>6}  {mine:>10.6f}  {theirs:>11.6f}  {abs(mine - theirs):>10.1e}")
    rows.append(
        f"accuracy on the 200 roasts: yours {result.accuracy_yours:.1%}, "
        f"the engine's {result.accuracy_engine:.1%}"
    )
    return "\n".join(rows)


# --- in the child process ------------------------------------------------------------------


def run_in_child(request: dict[str, Any], report: Report) -> None:
    """Load the learner's files, train with them and with the engine, report both."""
    from tutor.exercises.child import describe_error, load_module

    functions: dict[str, tuple[Callable[..., Any], str, str]] = {}
    for exercise_id in ORDER:
        source, filename, function = request["sources"][exercise_id]

        namespace = load_module(source, filename, report, exercise_id)
        if namespace is None:
            return
        if not callable(namespace.get(function)):
            report(Missing(function, exercise=exercise_id))
            return
        functions[exercise_id] = (namespace[function], filename, source)

    current = ["dense"]

    def learner(exercise_id: str) -> Callable[..., Any]:
        # The learner's function, noting which exercise is running should it raise; what it
        # takes and returns is up to the learner's code, so it stays Callable[..., Any].
        def call(*args: object) -> Any:
            current[0] = exercise_id
            return functions[exercise_id][0](*args)

        return call

    try:
        yours, accuracy_yours = train_yours(request, learner)
    except GradientsDisagree as disagree:
        report(Disagree(disagree.epoch, disagree.gap))
        return
    except BaseException as error:
        _, filename, source = functions[current[0]]
        report(Raised(describe_error(error, filename, source), exercise=current[0]))
        return
    engine, accuracy_engine = train_engine(request)
    report(Trained(yours, engine, accuracy_yours, accuracy_engine))
    report(Done())


def initial_weights(seed: int) -> tuple[Sequential, list[np.ndarray]]:
    from tutor.engine import Dense, Input, Sequential, set_random_seed

    set_random_seed(seed)
    model = Sequential(
        [Input(shape=(2,)), Dense(3, activation="sigmoid"), Dense(1, activation="sigmoid")]
    )
    return model, model.get_weights()


class GradientsDisagree(Exception):
    """The learner's sgd_step moved the output layer other than their backprop's gradient says."""

    def __init__(self, epoch: int, gap: float) -> None:
        super().__init__(f"epoch {epoch}: output-layer gradients differ by {gap:.3g}")
        self.epoch, self.gap = epoch, gap


def train_yours(
    request: dict[str, Any], learner: Callable[[str], Callable[..., Any]]
) -> tuple[list[float], float]:
    import numpy as np

    from tutor.engine.datasets import load_coffee
    from tutor.exercises.wire import sigmoid

    X, y = load_coffee(normalized=True)
    _, (W1, b1, W2, b2) = initial_weights(request["seed"])
    dense, sequential, bce = learner("dense"), learner("sequential"), learner("bce")
    backprop, sgd_step, predict = learner("backprop"), learner("sgd-step"), learner("predict")
    lr = request["learning_rate"]
    losses = []
    for epoch in range(1, request["epochs"] + 1):
        a1 = dense(X, W1, b1, sigmoid)
        a2 = sequential(X, [(W1, b1, sigmoid), (W2, b2, sigmoid)])
        losses.append(float(bce(y, a2)))
        dW1, db1, dW2, db2 = (np.asarray(g) for g in backprop(X, y, a1, a2, W2))
        W2_new, b2_new = sgd_step(a1, y, W2, b2, lr)
        stepped = np.concatenate([(W2 - W2_new).ravel(), (b2 - b2_new).ravel()]) / lr
        gap = float(np.max(np.abs(stepped - np.concatenate([dW2.ravel(), db2.ravel()]))))
        if not gap <= 1e-6:
            raise GradientsDisagree(epoch, gap)
        W1, b1, W2, b2 = W1 - lr * dW1, b1 - lr * db1, W2_new, b2_new
    decisions = predict(sequential(X, [(W1, b1, sigmoid), (W2, b2, sigmoid)]), 0.5)
    return losses, float(np.mean(np.asarray(decisions).reshape(y.shape) == y))


def train_engine(request: dict[str, Any]) -> tuple[list[float], float]:
    import numpy as np

    from tutor.engine.datasets import load_coffee
    from tutor.engine.losses import BinaryCrossentropy
    from tutor.engine.optimizers import SGD

    X, y = load_coffee(normalized=True)
    model, _ = initial_weights(request["seed"])
    model.compile(optimizer=SGD(learning_rate=request["learning_rate"]), loss=BinaryCrossentropy())
    history = model.fit(X, y, epochs=request["epochs"], batch_size=len(X), shuffle=False, verbose=0)
    decisions = (model.predict(X) >= 0.5).astype(int)
    return [float(v) for v in history.history["loss"]], float(np.mean(decisions == y))
