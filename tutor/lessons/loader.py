"""Read `lessons/NN-slug/lesson.md` into `Lesson` objects, collecting problems instead of raising.

The format (docs/architecture.md, "Lessons"): TOML front matter between `+++` lines, then steps
opened by `::: kind name=value ...` and closed by a line `:::`.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.diagnostics import Problem, UnreadableText, key_line, read_text, toml_error_line
from tutor.lessons.model import (
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_PASS_MARK,
    Cell,
    Checkpoint,
    Course,
    Exercise,
    Hood,
    Lesson,
    Prose,
    Step,
)
from tutor.paths import LESSONS_DIR

LESSON_FILE = "lesson.md"
FOLDER_NAME = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)$")
LESSON_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CELL_ID = re.compile(r"^[A-Za-z0-9_-]+$")
FENCE = ":::"
FRONT = "+++"

# kind -> (required attributes, optional attributes)
STEP_ATTRIBUTES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "prose": ((), ("edits",)),
    "cell": (("id",), ("timeout",)),
    "hood": (("view", "x"), ("model", "y", "threshold")),
    "exercise": (("id",), ()),
    "checkpoint": ((), ("questions",)),
}
FRONT_KEYS = ("id", "title", "goal", "minutes", "prerequisites", "pass_mark")
REQUIRED_FRONT_KEYS = ("id", "title", "goal", "minutes")


@dataclass
class _Reader:
    """Problems found while reading one file."""

    file: Path
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))


def load_course(root: Path = LESSONS_DIR) -> Course:
    """Every lesson folder under `root`, in course order, with the problems met reading them."""
    root = Path(root)
    course = Course(root=root)
    if not root.is_dir():
        course.problems.append(Problem(root, 1, "no lessons folder here"))
        return course
    for folder in lesson_folders(root):
        lesson, problems = load_lesson(folder)
        course.problems.extend(problems)
        if lesson is not None:
            course.lessons.append(lesson)
    course.lessons.sort(key=lambda lesson: (lesson.number, lesson.slug))
    return course


def lesson_folders(root: Path) -> list[Path]:
    """The folders of `root` that are, or look meant to be, lessons."""
    return sorted(
        p
        for p in Path(root).iterdir()
        if p.is_dir() and (p.name[:1].isdigit() or (p / LESSON_FILE).exists())
    )


def load_lesson(folder: Path) -> tuple[Lesson | None, list[Problem]]:
    folder = Path(folder)
    file = folder / LESSON_FILE
    if not file.exists():
        return None, [Problem(file, 1, f"lesson folder {folder.name} has no {LESSON_FILE}")]
    try:
        text = read_text(file)
    except UnreadableText as error:
        return None, [error.problem]
    return parse_lesson(text, folder)


def read_lesson_id(folder: Path) -> str | None:
    """The id a lesson folder's front matter gives, read without parsing its steps (None when
    the lesson cannot be loaded), so other features name lessons as `load_course` does."""
    file = Path(folder) / LESSON_FILE
    try:
        text = read_text(file)
    except UnreadableText:
        return None
    meta, _ = _front_matter(_lines(text), _Reader(file))
    return meta.get("id") if meta is not None else None


def parse_lesson(text: str, folder: Path) -> tuple[Lesson | None, list[Problem]]:
    """Parse one lesson's text; `folder` names it (`NN-slug`) and locates its files."""
    reader = _Reader(Path(folder) / LESSON_FILE)
    lines = _lines(text)
    number, slug = _folder_name(Path(folder).name, reader)
    meta, steps_start = _front_matter(lines, reader)
    steps = _steps(lines, steps_start, reader)
    if meta is None:
        return None, reader.problems
    lesson_id = meta.get("id")
    if not isinstance(lesson_id, str) or not LESSON_ID.match(lesson_id):
        return None, reader.problems
    lesson = Lesson(
        id=lesson_id,
        number=number,
        slug=slug,
        title=meta.get("title") or slug,
        goal=meta.get("goal") or "",
        minutes=meta.get("minutes") or 0,
        prerequisites=tuple(meta.get("prerequisites") or ()),
        pass_mark=meta.get("pass_mark", DEFAULT_PASS_MARK),
        path=Path(folder),
        steps=tuple(steps),
    )
    return lesson, reader.problems


def _lines(text: str) -> list[str]:
    """The text's lines as editors count them (a CRLF file too)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def _folder_name(name: str, reader: _Reader) -> tuple[int, str]:
    match = FOLDER_NAME.match(name)
    if not match:
        reader.problem(1, f'lesson folder "{name}" must be named NN-slug, like 01-dense')
        digits = re.match(r"\d+", name)
        return (int(digits.group()) if digits else 0), name
    return int(match.group(1)), match.group(2)


def front_key_line(lines: list[str], key: str, default: int = 1) -> int:
    """The file line where front-matter `key` is set (`default` when it is not there)."""
    close = _front_close(lines)
    return key_line(lines[:close], key) or default


def _front_close(lines: list[str]) -> int | None:
    """The index of the line closing the front matter that the first line opens."""
    return next((i for i in range(1, len(lines)) if lines[i].strip() == FRONT), None)


def _front_matter(lines: list[str], reader: _Reader) -> tuple[dict[str, Any] | None, int]:
    """The front matter as checked values (None if unreadable) and the index where steps begin."""
    if not lines or lines[0].strip() != FRONT:
        reader.problem(1, f'a lesson starts with a line "{FRONT}" opening its TOML front matter')
        return None, 0
    close = _front_close(lines)
    if close is None:
        reader.problem(1, f'the front matter opened here is never closed by a line "{FRONT}"')
        return None, len(lines)
    try:
        meta = tomllib.loads("\n".join(lines[1:close]))
    except tomllib.TOMLDecodeError as error:
        at = toml_error_line(error)  # a line of the front matter, which starts on line 2
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        reader.problem(at + 1 if at else 1, f"front matter is not valid TOML: {message}")
        return None, close + 1
    _check_front(meta, lines, reader)
    return meta, close + 1


def _check_front(meta: dict[str, Any], lines: list[str], reader: _Reader) -> None:
    def problem(key: str, message: str) -> None:
        reader.problem(front_key_line(lines, key), message)
        meta.pop(key, None)

    for key in list(meta):
        if key not in FRONT_KEYS:
            problem(key, f'unknown front-matter key "{key}" (known: {", ".join(FRONT_KEYS)})')
    for key in REQUIRED_FRONT_KEYS:
        if key not in meta:
            reader.problem(1, f'front matter has no "{key}"')
    lesson_id = meta.get("id")
    if "id" in meta and not (isinstance(lesson_id, str) and LESSON_ID.match(lesson_id)):
        problem("id", 'id must be lowercase letters, digits and "-", like "dense"')
    for key in ("title", "goal"):
        if key in meta and not (isinstance(meta[key], str) and meta[key].strip()):
            problem(key, f"{key} must be non-empty text")
    minutes = meta.get("minutes")
    if "minutes" in meta and not (
        isinstance(minutes, int) and not isinstance(minutes, bool) and minutes > 0
    ):
        problem("minutes", "minutes must be a positive whole number")
    prerequisites = meta.get("prerequisites", [])
    if not (isinstance(prerequisites, list) and all(isinstance(p, str) for p in prerequisites)):
        problem("prerequisites", 'prerequisites must be a list of lesson ids, like ["dense"]')
    pass_mark = meta.get("pass_mark", DEFAULT_PASS_MARK)
    if not (
        isinstance(pass_mark, int | float)
        and not isinstance(pass_mark, bool)
        and 0 < pass_mark <= 1
    ):
        problem("pass_mark", "pass_mark must be a number in (0, 1], like 0.8")


@dataclass
class _Open:
    kind: str
    attributes: dict[str, str]
    line: int
    body: list[str] = field(default_factory=list)


def _steps(lines: list[str], start: int, reader: _Reader) -> list[Step]:
    steps: list[Step] = []
    current: _Open | None = None
    stray_text_reported = False
    for index in range(start, len(lines)):
        number, line = index + 1, lines[index]
        if current is not None:
            if line.rstrip() == FENCE:
                steps.extend(_build(current, reader))
                current = None
            elif _opens_known_step(line):
                reader.problem(
                    current.line,
                    f'the {current.kind} step opened here is not closed (a line "{FENCE}") '
                    f"before the step at line {number}",
                )
                steps.extend(_build(current, reader))
                current = _opener(line, number, reader)
            else:
                current.body.append(line)
            continue
        if not line.strip():
            stray_text_reported = False
        elif line.rstrip() == FENCE:
            reader.problem(number, f'"{FENCE}" closes no step')
        elif line.startswith(FENCE):
            current = _opener(line, number, reader)
            stray_text_reported = False
        elif not stray_text_reported:
            reader.problem(number, 'text outside a step: put Markdown in a "::: prose" block')
            stray_text_reported = True
    if current is not None:
        reader.problem(
            current.line, f'the {current.kind} step opened here is never closed by a line "{FENCE}"'
        )
        steps.extend(_build(current, reader))
    return steps


def _opens_known_step(line: str) -> bool:
    words = line[len(FENCE) :].split() if line.startswith(FENCE) else []
    return bool(words) and words[0] in STEP_ATTRIBUTES


def _opener(line: str, number: int, reader: _Reader) -> _Open:
    try:
        words = shlex.split(line[len(FENCE) :])
    except ValueError as error:
        reader.problem(number, f"cannot read the step's attributes: {error}")
        return _Open("", {}, number)  # its body is skipped, its other problems unknown
    if not words:
        reader.problem(number, f'a step opens with "{FENCE} kind", like "{FENCE} prose"')
        return _Open("", {}, number)
    attributes: dict[str, str] = {}
    for word in words[1:]:
        name, equals, value = word.partition("=")
        if not equals or not name:
            reader.problem(number, f'attribute "{word}" needs a value, like {word or "name"}=...')
        elif name in attributes:
            reader.problem(number, f'attribute "{name}" is given twice')
        else:
            attributes[name] = value
    return _Open(words[0], attributes, number)


def _build(step: _Open, reader: _Reader) -> list[Step]:
    """The step as an object (none if it cannot be built), reporting what is wrong with it."""
    if step.kind not in STEP_ATTRIBUTES:
        if step.kind:
            known = ", ".join(STEP_ATTRIBUTES)
            reader.problem(step.line, f'unknown step kind "{step.kind}" (known kinds: {known})')
        return []
    required, optional = STEP_ATTRIBUTES[step.kind]
    attributes = dict(step.attributes)
    for name in list(attributes):
        if name not in required + optional:
            allowed = ", ".join(required + optional) or "none"
            reader.problem(
                step.line,
                f'unknown attribute "{name}" for {_a_step(step.kind)} (allowed: {allowed})',
            )
            del attributes[name]
    missing = [name for name in required if not attributes.get(name)]
    for name in missing:
        reader.problem(step.line, f"{_a_step(step.kind)} needs {name}=...")
    if missing:
        return []
    body = "\n".join(step.body).rstrip()
    line = step.line
    if step.kind == "prose":
        return [Prose(line, body.strip("\n"), edits=attributes.get("edits"))]
    if step.kind == "cell":
        return _cell(line, body, attributes, reader)
    if step.kind == "hood":
        return [
            Hood(
                line,
                body.strip("\n"),
                view=attributes["view"],
                model=attributes.get("model", "model"),
                x=attributes["x"],
                y=attributes.get("y"),
                threshold=attributes.get("threshold"),
            )
        ]
    if step.kind == "exercise":
        return [Exercise(line, body.strip("\n"), id=attributes["id"])]
    questions = attributes.get("questions")
    ids = tuple(q.strip() for q in questions.split(",") if q.strip()) if questions else None
    return [Checkpoint(line, body.strip("\n"), questions=ids)]


def _a_step(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} step"


def _cell(line: int, code: str, attributes: dict[str, str], reader: _Reader) -> list[Step]:
    cell_id = attributes["id"]
    if not CELL_ID.match(cell_id):
        reader.problem(line, f'cell id "{cell_id}" may use only letters, digits, "-" and "_"')
        return []
    timeout = DEFAULT_CELL_TIMEOUT
    if "timeout" in attributes:
        try:
            timeout = float(attributes["timeout"])
        except ValueError:
            timeout = 0.0
        if not 0 < timeout <= 3600:
            reader.problem(
                line,
                f'timeout must be a number of seconds up to 3600, not "{attributes["timeout"]}"',
            )
            timeout = DEFAULT_CELL_TIMEOUT
    return [Cell(line, code, id=cell_id, timeout=timeout)]
