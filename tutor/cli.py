"""`python -m tutor`: the app by default, plus headless subcommands.

Every feature registers its subcommand here with a lazy import, so `python -m tutor --help`
and the first screen never pay for NumPy or the engine.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tutor import __version__


def _open_app(args: argparse.Namespace) -> int:
    from tutor.ui.app import run_app

    place = args.command or "home"
    return run_app(data_dir=args.data_dir, place=place, lesson=getattr(args, "lesson", None))


def _bench(args: argparse.Namespace) -> int:
    from tutor.bench import main as bench_main

    return bench_main(samples=args.samples, features=args.features, repeats=args.repeats)


def _check(args: argparse.Namespace) -> int:
    from tutor.check import main as check_main

    return check_main(args.paths)


# Feature packages that add their own subcommands: each has `add_parser(commands)` and keeps its
# heavy imports inside the handler.
FEATURE_CLIS: tuple[str, ...] = (
    "tutor.cards.cli",
    "tutor.exercises.cli",
    "tutor.sandbox.cli",
    "tutor.store.doctor",
    "tutor.serve.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tutor",
        description="Learn how a neural network is built and trained, by building one.",
    )
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where progress is kept (default: $TUTOR_DATA_DIR, else the user data directory)",
    )
    parser.set_defaults(handler=_open_app, command=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    learn = commands.add_parser("learn", help="open the lessons, optionally at LESSON")
    learn.add_argument("lesson", nargs="?", help="a lesson id or number, e.g. 1 or dense")
    learn.set_defaults(handler=_open_app)

    sandbox = commands.add_parser("sandbox", help="open the sandbox")
    sandbox.set_defaults(handler=_open_app)

    check = commands.add_parser("check", help="validate lessons; exit 1 on any problem")
    check.add_argument("paths", nargs="*", metavar="PATH", help="lesson folders (default: all)")
    check.set_defaults(handler=_check)

    bench = commands.add_parser("bench", help="time the engine against a bare NumPy loop")
    bench.add_argument("--samples", type=int, default=60_000, help="training examples")
    bench.add_argument("--features", type=int, default=400, help="input features")
    bench.add_argument("--repeats", type=int, default=3, help="runs of each; the best counts")
    bench.set_defaults(handler=_bench)

    for module in FEATURE_CLIS:
        __import__(module, fromlist=["add_parser"]).add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; a store problem (disk full, locked, read-only, bad data directory) is one
    line on stderr and exit 2, like every other command-line error."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        from tutor.store import StoreError  # not at import time: `--help` stays light

        if not isinstance(error, StoreError):
            raise
        print(f"python -m tutor: error: {error}", file=sys.stderr)
        return 2
