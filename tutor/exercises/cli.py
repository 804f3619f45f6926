"""`python -m tutor exercise ...`: the exercises without the app.

python -m tutor exercise list                    ids, lessons and states
python -m tutor exercise start ID                write the starter to the workspace file
python -m tutor exercise check ID [--file PATH]  exit 0 pass, 1 fail, 2 usage error
python -m tutor exercise engine                  train the coffee network with your functions
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.exercises.catalog import Exercise
    from tutor.store import Store


def add_parser(commands: argparse._SubParsersAction) -> None:
    exercise = commands.add_parser(
        "exercise", help="build-it-yourself exercises: list, start, check, engine"
    )
    exercise.set_defaults(handler=lambda args: _usage(exercise))
    actions = exercise.add_subparsers(dest="exercise_action", metavar="ACTION")

    listing = actions.add_parser("list", help="the exercises and your progress on each")
    listing.set_defaults(handler=_list)

    start = actions.add_parser("start", help="write an exercise's starter code to your workspace")
    start.add_argument("id", help="the exercise id, e.g. dense")
    start.set_defaults(handler=_start)

    check = actions.add_parser("check", help="run the hidden checks on your code")
    check.add_argument("id", help="the exercise id, e.g. dense")
    check.add_argument(
        "--file", metavar="PATH", help="your code (default: the exercise's workspace file)"
    )
    check.set_defaults(handler=_check)

    engine = actions.add_parser(
        "engine", help="once the engine's exercises pass: train the coffee network with them"
    )
    engine.add_argument("--epochs", type=int, default=None, help="training epochs")
    engine.set_defaults(handler=_engine)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _open(args: argparse.Namespace) -> tuple[Path, Store]:
    from tutor.paths import data_dir
    from tutor.store import Store

    folder = data_dir(args.data_dir)
    return folder, Store.open(folder)


def _list(args: argparse.Namespace) -> int:
    from tutor.exercises.catalog import all_exercises
    from tutor.exercises.workspace import engine_ready

    _, store = _open(args)
    with store:
        exercises = all_exercises()
        states = store.exercises.all_states()
        print(f"{'id':<12}{'lesson':<16}{'state':<16}title")
        for exercise in exercises:
            state = states.get(exercise.id)
            label = state.label if state else "new"
            print(f"{exercise.id:<12}{exercise.lesson_dir.name:<16}{label:<16}{exercise.title}")
        missing = engine_ready(store, exercises)
        if missing:
            print(
                "\nYour engine unlocks when its exercises pass "
                f"(still to pass: {', '.join(missing)})."
            )
        else:
            print(
                "\nYour engine's exercises pass: run `python -m tutor exercise engine` "
                "to train with them."
            )
    return 0


def _find(exercise_id: str) -> Exercise | None:
    from tutor.exercises.catalog import ExerciseNotFound, find_exercise

    try:
        return find_exercise(exercise_id)
    except ExerciseNotFound as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def _start(args: argparse.Namespace) -> int:
    from tutor.exercises.workspace import resume_code, save_code, workspace_file

    exercise = _find(args.id)
    if exercise is None:
        return 2
    data, store = _open(args)
    with store:
        path = workspace_file(data, exercise)
        code, note = resume_code(store, data, exercise)
        if note:
            print(note, file=sys.stderr)
        if not path.exists():
            save_code(store, data, exercise, code)
    print(f"# {exercise.title}\n{exercise.prompt.strip()}\n")
    print(f"Your file: {path}")
    print(f"Check it:  python -m tutor exercise check {exercise.id}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from tutor.diagnostics import UnreadableText, read_text
    from tutor.exercises.runner import check_source, safety_note
    from tutor.exercises.workspace import record_verdict, workspace_file

    exercise = _find(args.id)
    if exercise is None:
        return 2
    data, store = _open(args)
    with store:
        path = Path(args.file) if args.file else workspace_file(data, exercise)
        if not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            if not args.file:
                print(
                    f"Write the starter there first: python -m tutor exercise start {exercise.id}",
                    file=sys.stderr,
                )
            return 2
        try:
            source = read_text(path)
        except UnreadableText as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        verdict = check_source(exercise.id, source, exercise.function, path.name)
        store.exercises.save_code(exercise.id, source)  # what the app and your engine use
        record_verdict(store, exercise.id, verdict)
    print(verdict.headline)
    if verdict.message:
        print(verdict.message)
    if verdict.output:
        print(f"\nYour code printed:\n{verdict.output}")
    if args.file:
        print(f"\n{path} is now your code for {exercise.id}: the app and your engine use it.")
    if verdict.passed:
        print(f"\nThe reference solution, to compare with yours:\n\n{exercise.solution.strip()}")
    print(f"\n({safety_note()})")
    return 0 if verdict.passed else 1


def _engine(args: argparse.Namespace) -> int:
    from tutor.exercises.catalog import all_exercises
    from tutor.exercises.workspace import current_code, engine_ready
    from tutor.exercises.your_engine import (
        DEFAULT_EPOCHS,
        ORDER,
        comparison_table,
        run_your_engine,
    )

    data, store = _open(args)
    with store:
        exercises = all_exercises()
        missing = engine_ready(store, exercises)
        if missing:
            print(
                f"Your engine needs its exercises passed; to pass: {', '.join(missing)}.",
                file=sys.stderr,
            )
            return 1
        sources = {
            ex.id: (current_code(store, data, ex), ex.file_name)
            for ex in exercises
            if ex.id in ORDER
        }
        result = run_your_engine(sources, epochs=args.epochs or DEFAULT_EPOCHS)
        store.exercises.record_attempt("engine", result.agree, result.status, result.message)
    print(comparison_table(result))
    print(result.message)
    return 0 if result.agree else 1
