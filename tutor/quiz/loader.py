"""`quiz.toml` → questions, each problem reported at its line (schema: docs/architecture.md)."""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tutor.diagnostics import Problem, UnreadableText, line_of, read_text
from tutor.quiz.questions import (
    QUESTION_TYPES,
    Choice,
    KeyPoint,
    Numeric,
    Open,
    Option,
    Ordering,
    Question,
    Shape,
    SpotTheBug,
)

QUIZ_FILE = "quiz.toml"
LEVELS = ("beginner", "intermediate", "expert")
COMMON_KEYS = {"id", "type", "prompt", "explanation"}
TYPE_KEYS = {
    "choice": {"option"},
    "numeric": {"answer", "abs_tol", "rel_tol", "generator"},
    "shape": {"answer", "generator"},
    "order": {"items"},
    "bug": {"code", "bug_line", "fix"},
    "open": {"model_answer", "point", "level", "source"},
}
_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*question[ \t]*\]\]", re.MULTILINE)
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class QuizError(ValueError):
    """A quiz file has problems; the message lists them as `file:line: message`."""


class _Reader:
    """Reads one quiz file, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path, text: str, lesson_id: str) -> None:
        self.path, self.text, self.lesson_id = path, text, lesson_id
        self.headers = [match.start() for match in _HEADER.finditer(text)]
        self.problems: list[Problem] = []

    def line(self, index: int, key: str | None = None, occurrence: int = 0) -> int:
        """The line of question `index`'s header, or of `key` inside its block."""
        if index >= len(self.headers):
            return 1
        start = self.headers[index]
        end = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.text)
        header_line = self.text.count("\n", 0, start) + 1
        if key is None:
            return header_line
        block = self.text[start:end]
        pattern = re.compile(rf"^[ \t]*(\[\[[ \t]*question\.{key}[ \t]*\]\]|{key}[ \t]*=)", re.M)
        found = list(pattern.finditer(block))
        if occurrence < len(found):
            return header_line + block.count("\n", 0, found[occurrence].start())
        return header_line

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def read(self) -> list[Question]:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as error:
            where = re.search(r"line (\d+)", str(error))
            self.problem(int(where.group(1)) if where else 1, f"not valid TOML: {error}")
            return []
        for key in set(data) - {"question"}:
            self.problem(line_of(self.text, key), f"unknown key {key!r}: write [[question]] tables")
        raw_questions = data.get("question", [])
        if not isinstance(raw_questions, list) or not raw_questions:
            self.problem(1, "no questions: add at least one [[question]] table")
            return []
        questions, seen = [], set()
        for index, raw in enumerate(raw_questions):
            question = self.question(index, raw)
            if question is None:
                continue
            if question.id in seen:
                self.problem(self.line(index, "id"), f"duplicate question id {question.id!r}")
                continue
            seen.add(question.id)
            questions.append(question)
        return questions

    def question(self, index: int, raw: dict[str, Any]) -> Question | None:
        kind = raw.get("type")
        if kind not in QUESTION_TYPES:
            known = ", ".join(QUESTION_TYPES)
            self.problem(self.line(index, "type"), f"type must be one of {known}, not {kind!r}")
            return None
        qid = raw.get("id")
        if not isinstance(qid, str) or not _ID.fullmatch(qid):
            self.problem(self.line(index, "id"), f"id must be lower-case [a-z0-9-]+, not {qid!r}")
            return None
        for key in sorted(set(raw) - COMMON_KEYS - TYPE_KEYS[kind]):
            self.problem(self.line(index, key), f"{qid}: unknown key {key!r} for a {kind} question")
        prompt = self.text_field(index, raw, "prompt")
        explanation = raw.get("explanation", "")
        if not isinstance(explanation, str):
            self.problem(self.line(index, "explanation"), f"{qid}: explanation must be text")
            explanation = ""
        before = len(self.problems)
        fields = _BUILDERS[kind](self, index, raw)
        if prompt is None or fields is None or len(self.problems) > before:
            return None
        question = QUESTION_TYPES[kind](
            id=qid, prompt=prompt, explanation=explanation, lesson_id=self.lesson_id, **fields
        )
        if question.generator:
            self.check_generator(index, question)
        return question if len(self.problems) == before else None

    def text_field(self, index: int, raw: dict[str, Any], key: str) -> str | None:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(self.line(index, key), f"{raw.get('id')}: {key} must be non-empty text")
            return None
        return value.strip()

    def options(
        self, index: int, raw: dict[str, Any], key: str, *, one: bool
    ) -> tuple[Option, ...]:
        """`[[question.option]]` or `[[question.fix]]` tables: text, correct, why."""
        qid, tables = raw["id"], raw.get(key, [])
        if not isinstance(tables, list) or len(tables) < 2:
            self.problem(self.line(index), f"{qid}: needs at least two [[question.{key}]] tables")
            return ()
        options = []
        for number, table in enumerate(tables):
            line = self.line(index, key, number)
            unknown = set(table) - {"text", "correct", "why"}
            if unknown:
                self.problem(line, f"{qid}: unknown key(s) {sorted(unknown)} in a {key}")
            text, correct, why = (
                table.get("text"),
                table.get("correct", False),
                table.get("why", ""),
            )
            if not isinstance(text, str) or not text.strip():
                self.problem(line, f"{qid}: every {key} needs text")
                continue
            if not isinstance(correct, bool) or not isinstance(why, str):
                self.problem(line, f"{qid}: correct is true or false and why is text")
                continue
            if not correct and not why.strip():
                self.problem(line, f"{qid}: the wrong {key} {text.strip()!r} needs a why")
            options.append(Option(text=text.strip(), correct=correct, why=why.strip()))
        right = sum(option.correct for option in options)
        if right == 0 or (one and right > 1):
            wanted = "exactly one" if one else "at least one"
            self.problem(self.line(index), f"{qid}: {wanted} {key} must have correct = true")
        if len({option.text for option in options}) < len(options):
            self.problem(self.line(index), f"{qid}: two {key}s have the same text")
        return tuple(options)

    def check_generator(self, index: int, question: Question) -> None:
        from tutor.quiz.generators import GENERATORS, GeneratorError, fill

        generator = GENERATORS.get(question.generator or "")
        line = self.line(index, "generator")
        if generator is None:
            self.problem(
                line,
                f"{question.id}: no generator {question.generator!r} in "
                f"tutor/quiz/generators.py (there are {', '.join(GENERATORS)})",
            )
        elif generator.kind != question.kind:
            self.problem(
                line,
                f"{question.id}: {question.generator} makes {generator.kind} "
                f"questions, not {question.kind}",
            )
        else:
            try:
                fill(question, random.Random(0))
            except GeneratorError as error:
                self.problem(line, f"{question.id}: {error}")


def _number(reader: _Reader, index: int, raw: dict[str, Any], key: str) -> float | None:
    value = raw.get(key, 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        reader.problem(reader.line(index, key), f"{raw['id']}: {key} must be a number >= 0")
        return None
    return float(value)


def _generated_or(reader: _Reader, index: int, raw: dict[str, Any]) -> bool:
    """True when the question is generated; a problem if it has both or neither."""
    generated, has_answer = "generator" in raw, "answer" in raw
    if generated == has_answer:
        reader.problem(reader.line(index), f"{raw['id']}: give an answer or a generator (one)")
    return generated


def _choice(reader: _Reader, index: int, raw: dict[str, Any]) -> dict[str, Any]:
    return {"options": reader.options(index, raw, "option", one=False)}


def _numeric(reader: _Reader, index: int, raw: dict[str, Any]) -> dict[str, Any] | None:
    generated = _generated_or(reader, index, raw)
    abs_tol, rel_tol = (
        _number(reader, index, raw, "abs_tol"),
        _number(reader, index, raw, "rel_tol"),
    )
    if abs_tol and rel_tol:
        reader.problem(
            reader.line(index, "rel_tol"), f"{raw['id']}: give abs_tol or rel_tol, not both"
        )
    if rel_tol and rel_tol >= 1:
        reader.problem(
            reader.line(index, "rel_tol"), f"{raw['id']}: rel_tol is a fraction, e.g. 0.01"
        )
    if generated:
        return {"generator": raw["generator"], "abs_tol": abs_tol or 0.0, "rel_tol": rel_tol or 0.0}
    answer = raw.get("answer")
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        reader.problem(reader.line(index, "answer"), f"{raw['id']}: answer must be a number")
        return None
    return {"answer": float(answer), "abs_tol": abs_tol or 0.0, "rel_tol": rel_tol or 0.0}


def _shape(reader: _Reader, index: int, raw: dict[str, Any]) -> dict[str, Any] | None:
    if _generated_or(reader, index, raw):
        return {"generator": raw["generator"]}
    answer = raw.get("answer")
    dims = answer if isinstance(answer, list) else [object()]
    if not all(dim == "None" or (type(dim) is int and dim >= 0) for dim in dims):
        reader.problem(
            reader.line(index, "answer"),
            f'{raw["id"]}: answer is a list of whole numbers ("None" for the batch), e.g. [4, 1]',
        )
        return None
    return {"answer": tuple(None if dim == "None" else dim for dim in dims)}


def _order(reader: _Reader, index: int, raw: dict[str, Any]) -> dict[str, Any] | None:
    items = raw.get("items")
    if not isinstance(items, list) or len(items) < 3 or not all(isinstance(i, str) for i in items):
        reader.problem(
            reader.line(index, "items"), f"{raw['id']}: items is a list of 3 or more texts"
        )
        return None
    if len(set(items)) < len(items):
        reader.problem(reader.line(index, "items"), f"{raw['id']}: two items have the same text")
    return {"items": tuple(item.strip() for item in items)}


def _bug(reader: _Reader, index: int, raw: dict[str, Any]) -> dict[str, Any] | None:
    code = reader.text_field(index, raw, "code")
    fixes = reader.options(index, raw, "fix", one=True)
    bug_line = raw.get("bug_line")
    lines = code.splitlines() if code else []
    if type(bug_line) is not int or not 1 <= bug_line <= len(lines):
        reader.problem(
            reader.line(index, "bug_line"),
            f"{raw['id']}: bug_line must be a line of the code, 1 to {len(lines)}",
        )
        return None
    return {"code": code, "bug_line": bug_line, "fixes": fixes}


def _open(reader: _Reader, index: int, raw: dict[str, Any]) -> dict[str, Any] | None:
    qid = raw["id"]
    model_answer = reader.text_field(index, raw, "model_answer")
    level, source = raw.get("level", ""), raw.get("source", "")
    if level and level not in LEVELS:
        reader.problem(reader.line(index, "level"), f"{qid}: level is one of {', '.join(LEVELS)}")
    if not isinstance(source, str):
        reader.problem(reader.line(index, "source"), f'{qid}: source must be text, e.g. "Q1"')
    tables = raw.get("point", [])
    if not isinstance(tables, list) or not tables:
        reader.problem(reader.line(index), f"{qid}: needs at least one [[question.point]] table")
        return None
    points = []
    for number, table in enumerate(tables):
        line = reader.line(index, "point", number)
        text, terms = table.get("text"), table.get("terms")
        if set(table) - {"text", "terms"}:
            reader.problem(line, f"{qid}: a point has only text and terms")
        if not isinstance(text, str) or not text.strip():
            reader.problem(line, f"{qid}: every point needs text")
        elif (
            not isinstance(terms, list)
            or not terms
            or not all(
                isinstance(group, str) and all(term.strip() for term in group.split("|"))
                for group in terms
            )
        ):
            reader.problem(line, f'{qid}: terms is a list like ["compile", "loss|objective"]')
        else:
            points.append(KeyPoint(text=text.strip(), terms=tuple(terms)))
    if model_answer is None:
        return None
    return {"model_answer": model_answer, "points": tuple(points), "level": level, "source": source}


_BUILDERS: dict[str, Callable[[_Reader, int, dict[str, Any]], dict[str, Any] | None]] = {
    Choice.kind: _choice,
    Numeric.kind: _numeric,
    Shape.kind: _shape,
    Ordering.kind: _order,
    SpotTheBug.kind: _bug,
    Open.kind: _open,
}


def read_quiz(path: Path, lesson_id: str = "") -> tuple[list[Question], list[Problem]]:
    """The valid questions of one quiz file and the problems found in it."""
    try:
        text = read_text(path)
    except UnreadableText as error:
        return [], [error.problem]
    reader = _Reader(path, text, lesson_id or path.parent.name)
    questions = reader.read()
    return questions, reader.problems


def load_quiz(path: Path, lesson_id: str = "") -> list[Question]:
    """The questions of a quiz file (or a lesson folder's `quiz.toml`); QuizError if any is bad."""
    path = path / QUIZ_FILE if path.is_dir() else path
    questions, problems = read_quiz(path, lesson_id)
    if problems:
        raise QuizError("\n".join(str(problem) for problem in problems))
    return questions


_CHECKPOINT = re.compile(r"^:::[ \t]*checkpoint\b(.*)$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+", re.DOTALL)
_FOLDER = re.compile(r"(\d+)-")


def lesson_folders(root: Path) -> dict[str, Path]:
    """Lesson id -> folder for the lessons under `root`, read from each front matter, so a
    review checkpoint can name another lesson's question as `lesson-id/question-id`."""
    folders: dict[str, Path] = {}
    for lesson_file in sorted(Path(root).glob("*/lesson.md")):
        found = _FRONT_MATTER.match(lesson_file.read_text(encoding="utf-8"))
        try:
            lesson_id = tomllib.loads(found.group(1)).get("id") if found else None
        except tomllib.TOMLDecodeError:
            continue
        if isinstance(lesson_id, str):
            folders.setdefault(lesson_id, lesson_file.parent)
    return folders


def _folder_number(folder: Path) -> int:
    found = _FOLDER.match(folder.name)
    return int(found.group(1)) if found else 0


def load_checkpoint(
    lesson_dir: Path, lesson_id: str, wanted: Sequence[str] | None
) -> list[Question]:
    """The questions a checkpoint step asks: all of the lesson's quiz (`wanted` None), or the
    named ones, where `lesson-id/question-id` draws a question from an earlier lesson (it keeps
    that lesson's id, so a miss becomes that lesson's card). QuizError names what is missing."""
    lesson_dir = Path(lesson_dir)
    quizzes: dict[str, dict[str, Question]] = {}
    folders: dict[str, Path] | None = None

    def quiz(other: str) -> dict[str, Question]:
        nonlocal folders
        if other not in quizzes:
            if other == lesson_id:
                folder = lesson_dir
            else:
                folders = lesson_folders(lesson_dir.parent) if folders is None else folders
                if other not in folders:
                    raise QuizError(f"no lesson with id {other!r} for a review question")
                folder = folders[other]
            quizzes[other] = {q.id: q for q in load_quiz(folder, other)}
        return quizzes[other]

    if wanted is None:
        return list(quiz(lesson_id).values())
    questions = []
    for name in wanted:
        other, _, qid = name.rpartition("/")
        questions_there = quiz(other or lesson_id)
        if qid not in questions_there:
            raise QuizError(f"checkpoint question {name!r} is not in {other or lesson_id}'s quiz")
        questions.append(questions_there[qid])
    return questions


def _reference_problem(lesson: Path, reference: str, ids: set[str]) -> str:
    """Why a checkpoint cannot ask `reference` ("" when it can)."""
    other, _, qid = reference.rpartition("/")
    if not other:
        return "" if qid in ids else f"checkpoint question {qid!r} is not in {QUIZ_FILE}"
    folder = lesson_folders(lesson.parent.parent).get(other)
    if folder is None:
        return f"checkpoint question {reference!r}: no lesson has the id {other!r}"
    if _folder_number(folder) >= _folder_number(lesson.parent):
        return f"checkpoint question {reference!r}: a review draws only on earlier lessons"
    there = read_quiz(folder / QUIZ_FILE, other)[0] if (folder / QUIZ_FILE).exists() else []
    if qid not in {question.id for question in there}:
        return f"checkpoint question {reference!r}: {other}'s {QUIZ_FILE} has no {qid!r}"
    return ""


def validate_lesson_dir(path: Path) -> list[Problem]:
    """Problems in `path/quiz.toml`, and checkpoint steps of `lesson.md` that it cannot serve
    (a `lesson-id/question-id` must name a question of an earlier lesson)."""
    path = Path(path)
    quiz, lesson = path / QUIZ_FILE, path / "lesson.md"
    questions, problems = read_quiz(quiz) if quiz.exists() else ([], [])
    try:
        lesson_text = read_text(lesson) if lesson.exists() else ""
    except UnreadableText:  # the lesson loader reports it
        lesson_text = ""
    ids = {question.id for question in questions}
    for match in _CHECKPOINT.finditer(lesson_text):
        line = lesson_text.count("\n", 0, match.start()) + 1
        wanted = re.search(r"questions=\"?([^\s\"]+)", match.group(1))
        references = [q for q in wanted.group(1).split(",") if q] if wanted else []
        if not quiz.exists() and not (references and all("/" in q for q in references)):
            problems.append(Problem(lesson, line, f"a checkpoint step needs {QUIZ_FILE} beside it"))
            continue
        for reference in references:
            message = (
                ""
                if problems and "/" not in reference
                else _reference_problem(lesson, reference, ids)
            )
            if message:
                problems.append(Problem(lesson, line, message))
    return problems
