"""`python -m tutor train`: the sandbox without the app, for scripts and tests.

    python -m tutor train --model "Sequential([Dense(3, 'sigmoid'), Dense(1, 'sigmoid')])" \\
        --data coffee --epochs 100 --plot

Exits 0 after training, 1 when training stopped on a NaN loss, and 2 with a one-line error for
a refused model or a bad option. Nothing heavy is imported until the command runs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.sandbox.session import TrainingSession

PROG = "python -m tutor train"
PLOT_HEIGHT = 20
PLOT_MAX_WIDTH = 100


def add_parser(commands: argparse._SubParsersAction) -> None:
    from tutor.sandbox.config import TrainConfig

    defaults = TrainConfig()
    train = commands.add_parser(
        "train",
        help="train a model typed as Keras code, without the app",
        description="Train a Sequential model typed as Keras code on a dataset, printing "
        "Keras-style progress and the final metrics.",
    )
    train.add_argument(
        "--model",
        required=True,
        metavar="SPEC",
        help="the model as Keras code, e.g. \"Sequential([Dense(3, 'sigmoid'), Dense(1)])\"",
    )
    train.add_argument(
        "--data",
        required=True,
        metavar="NAME|FILE.csv",
        help="coffee, coffee-raw, digits01, digits, xor, circles, moons, spiral, blobs, "
        "or a CSV file whose last column is the label",
    )
    train.add_argument(
        "--loss",
        help="default: the loss that fits the labels and output layer; or binary_crossentropy, "
        "sparse_categorical_crossentropy, categorical_crossentropy, mse, mae, huber "
        "(add _from_logits to a crossentropy for logits)",
    )
    train.add_argument(
        "--optimizer", default=defaults.optimizer, help="adam (default), adamw, sgd or rmsprop"
    )
    train.add_argument(
        "--lr",
        type=float,
        default=defaults.learning_rate,
        help=f"learning rate (default {defaults.learning_rate})",
    )
    train.add_argument("--epochs", type=int, default=defaults.epochs)
    train.add_argument("--batch-size", type=int, default=defaults.batch_size)
    train.add_argument("--validation-split", type=float, default=defaults.validation_split)
    train.add_argument("--noise", type=float, help="noise of the generated 2-D sets")
    train.add_argument("--seed", type=int, default=defaults.seed)
    train.add_argument("--plot", action="store_true", help="draw the loss curve at the end")
    train.add_argument(
        "--export",
        metavar="DIR",
        help="write DIR/model.py (Keras 3), its weights and the training data",
    )
    train.set_defaults(handler=_train)
    train.error = _usage_error  # one line, not argparse's usage block


def _usage_error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def _train(args: argparse.Namespace) -> int:
    from tutor.engine.errors import EngineError
    from tutor.sandbox.config import TrainConfig
    from tutor.sandbox.data import DataError, describe_data
    from tutor.sandbox.session import SessionError, TrainingSession
    from tutor.sandbox.spec import SpecError
    from tutor.sandbox.state import State

    config = TrainConfig(
        model=args.model,
        data=args.data,
        noise=args.noise,
        validation_split=args.validation_split,
        loss=args.loss,
        optimizer=args.optimizer,
        learning_rate=args.lr,
        batch_size=args.batch_size,
        epochs=args.epochs,
        seed=args.seed,
    )
    try:
        session = TrainingSession(config)
    except SpecError as error:
        return _fail(f"--model {error.one_line()}")
    except (DataError, SessionError, EngineError) as error:
        return _fail(str(error))

    data = session.data
    print(
        f"Data: {data.name}, {len(data.X)} examples of {data.X.shape[1]} features, "
        f"{data.task} labels ({describe_data(data)})"
    )
    print(f"Loss: {session.loss.code()}" + (f": {session.loss.why}" if session.loss.why else ""))
    print(f"Optimizer: {session.optimizer_code()}")
    try:
        outcome = session.train(verbose=1)
    except (EngineError, SessionError) as error:
        return _fail(str(error))
    diverged = session.model.stop_reason is not None  # the engine said why, as a WARNING
    if outcome.state == State.FAILED and not session.epochs_done and not diverged:
        return _fail(outcome.message)
    if args.plot and session.epochs_done:
        print(loss_plot(session.history))
    print(final_metrics(session))
    if args.export:
        from tutor.sandbox.export import export_session

        try:
            exported = export_session(session, args.export)
        except SessionError as error:
            return _fail(str(error))
        print(f"Exported: {exported.code}, {exported.weights} and {exported.data}")
    return 1 if outcome.state == State.FAILED else 0


def loss_plot(history: dict[str, list[float]]) -> str:
    """The loss curves as a plotext chart sized to the terminal (80x20 when unknown)."""
    import plotext as plt

    columns = shutil.get_terminal_size((80, 24)).columns
    plt.clear_figure()
    plt.plotsize(min(columns, PLOT_MAX_WIDTH), PLOT_HEIGHT)
    curves = (("loss", "training loss", "braille"), ("val_loss", "validation loss", "•"))
    for name, label, marker in curves:
        values = history.get(name)
        if values:
            plt.plot(list(range(1, len(values) + 1)), values, label=label, marker=marker)
    plt.title("loss per epoch")
    plt.xlabel("epoch")
    chart = plt.build()
    return chart if sys.stdout.isatty() else plt.uncolorize(chart)


def final_metrics(session: TrainingSession) -> str:
    """The model's metrics with its final weights, on the training and validation parts."""
    results = session.evaluate()
    trained_on = session.split_at
    trained = {name: value for name, value in results.items() if not name.startswith("val_")}
    held_out = {name[4:]: value for name, value in results.items() if name.startswith("val_")}
    text = f"Final, on the {trained_on} training examples: {_figures(trained)}"
    if held_out:
        text += f"; on the {len(session.data.X) - trained_on} held out: {_figures(held_out)}"
    return text


def _figures(results: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.4f}" for name, value in sorted(results.items()))
