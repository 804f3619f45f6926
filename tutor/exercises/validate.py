"""`python -m tutor check` for exercises: the data, and each solution against its checks."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

from tutor.diagnostics import Problem, UnreadableText, key_line, read_text, toml_error_line
from tutor.exercises.catalog import KNOWN_KEYS, REQUIRED_KEYS, load_exercise
from tutor.exercises.checks import CHECKS

ID_PATTERN = re.compile(r"[a-z0-9-]+")


def validate_exercises(lesson_dir: Path) -> list[Problem]:
    root = lesson_dir / "exercises"
    if not root.is_dir():
        return []
    problems: list[Problem] = []
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        problems += validate_exercise(folder)
    return problems


def validate_exercise(folder: Path) -> list[Problem]:
    toml_path = folder / "exercise.toml"
    if not ID_PATTERN.fullmatch(folder.name):
        return [Problem(folder, 1, f"exercise id {folder.name!r} must be lowercase a-z, 0-9 and -")]
    if folder.name not in CHECKS:
        known = ", ".join(CHECKS)
        return [Problem(folder, 1, f"no hidden checks exist for {folder.name!r} (known: {known})")]
    if not toml_path.exists():
        return [Problem(toml_path, 1, "missing exercise.toml")]
    try:
        text = read_text(toml_path)
    except UnreadableText as error:
        return [error.problem]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [Problem(toml_path, toml_error_line(error) or 1, f"invalid TOML: {error}")]
    problems = toml_problems(toml_path, text, data)
    if problems:
        return problems
    function = data["function"]
    if data.get("blank"):
        problems += blank_problems(folder / "starter.py")
    else:
        problems += source_problems(folder / "starter.py", function)
    problems += source_problems(folder / "solution.py", function)
    if not problems:
        problems += check_problems(folder)
    return problems


def toml_problems(path: Path, text: str, data: dict[str, Any]) -> list[Problem]:
    lines = text.splitlines()

    def line(key: str) -> int:
        return key_line(lines, key) or 1

    problems = [
        Problem(path, line(key), f"unknown key {key!r} (known: {', '.join(KNOWN_KEYS)})")
        for key in data
        if key not in KNOWN_KEYS
    ]
    problems += [
        Problem(path, 1, f"missing required key {key!r}")
        for key in REQUIRED_KEYS
        if key not in data
    ]
    for key in ("title", "function", "prompt", "file"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            problems.append(Problem(path, line(key), f"{key!r} must be non-empty text"))
    if isinstance(data.get("function"), str) and not data["function"].isidentifier():
        problems.append(Problem(path, line("function"), "'function' must be a Python identifier"))
    if isinstance(data.get("file"), str) and not data["file"].endswith(".py"):
        problems.append(Problem(path, line("file"), "'file' must end in .py"))
    timeout = data.get("timeout", 1)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        problems.append(Problem(path, line("timeout"), "'timeout' must be a positive number"))
    if not isinstance(data.get("blank", False), bool):
        problems.append(Problem(path, line("blank"), "'blank' must be true or false"))
    hints = data.get("hints")
    if "hints" in data and (
        not isinstance(hints, list)
        or not hints
        or not all(isinstance(hint, str) and hint.strip() for hint in hints)
    ):
        problems.append(Problem(path, line("hints"), "'hints' must be a non-empty list of text"))
    return problems


def _parsed(path: Path) -> ast.Module | list[Problem]:
    """The file's syntax tree, or the problems that stop it being read."""
    if not path.exists():
        return [Problem(path, 1, f"missing {path.name}")]
    try:
        return ast.parse(read_text(path), str(path))
    except UnreadableText as error:
        return [error.problem]
    except SyntaxError as error:
        return [Problem(path, error.lineno or 1, f"syntax error: {error.msg}")]


def source_problems(path: Path, function: str) -> list[Problem]:
    tree = _parsed(path)
    if isinstance(tree, list):
        return tree
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    if function not in defined:
        return [Problem(path, 1, f"does not define the function {function!r} exercise.toml names")]
    return []


def blank_problems(path: Path) -> list[Problem]:
    """A blank page may say what to write, in comments, but holds no code."""
    tree = _parsed(path)
    if isinstance(tree, list):
        return tree
    if tree.body:
        line = tree.body[0].lineno
        return [Problem(path, line, "a blank exercise's starter holds comments only")]
    return []


def check_problems(folder: Path) -> list[Problem]:
    """The reference solution must pass its checks and the starter must not."""
    from tutor.exercises.runner import check_source

    exercise = load_exercise(folder)
    problems = []
    verdict = check_source(exercise.id, exercise.solution, exercise.function, exercise.file_name)
    if not verdict.passed:
        problems.append(
            Problem(
                folder / "solution.py",
                1,
                "the reference solution fails its own checks: "
                f"{verdict.headline}: {verdict.message}",
            )
        )
    if check_source(exercise.id, exercise.starter, exercise.function, exercise.file_name).passed:
        problems.append(Problem(folder / "starter.py", 1, "the starter already passes the checks"))
    return problems
