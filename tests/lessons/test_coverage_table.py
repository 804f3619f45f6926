"""`lessons/README.md` maps every point of the source page to lesson steps, checkpoint questions
and cards; every reference in that table must exist, so the map cannot silently rot."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tutor.cards.deck import course_cards
from tutor.lessons.loader import load_lesson
from tutor.lessons.model import Cell, Checkpoint, Exercise, Hood, Lesson
from tutor.paths import LESSONS_DIR
from tutor.quiz.grading import suggested_points
from tutor.quiz.loader import load_quiz

TABLE_HEADING = "## Coverage of the source"
TICKED = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Row:
    number: int
    point: str
    steps: tuple[str, ...]
    questions: tuple[str, ...]
    cards: tuple[str, ...]


def parse_table(text: str) -> list[Row]:
    """The rows of the coverage table: the first Markdown table after its heading."""
    _, found, after = text.partition(TABLE_HEADING)
    assert found, f"no {TABLE_HEADING!r} section in lessons/README.md"
    rows = []
    for line in after.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].isdigit():
            assert len(cells) == 5, f"row {cells[0]} has {len(cells)} columns, not 5"
            steps, questions, cards = (tuple(TICKED.findall(cell)) for cell in cells[2:])
            rows.append(Row(int(cells[0]), cells[1], steps, questions, cards))
        elif rows and not line.startswith("|"):
            break
    return rows


@cache
def table() -> tuple[Row, ...]:
    return tuple(parse_table((LESSONS_DIR / "README.md").read_text(encoding="utf-8")))


@cache
def lesson(folder: str) -> Lesson:
    loaded, problems = load_lesson(LESSONS_DIR / folder)
    assert loaded is not None, f"{folder}: {problems}"
    return loaded


def has_step(found: Lesson, ref: str) -> bool:
    """`ref` is a cell id, `hood:VIEW`, `exercise:ID` or `checkpoint`."""
    kind, _, name = ref.partition(":")
    if ref == "checkpoint":
        return any(isinstance(step, Checkpoint) for step in found.steps)
    if kind == "hood":
        return any(isinstance(step, Hood) and step.view == name for step in found.steps)
    if kind == "exercise":
        return any(isinstance(step, Exercise) and step.id == name for step in found.steps)
    return any(isinstance(step, Cell) and step.id == ref for step in found.steps)


def split(ref: str) -> tuple[str, str]:
    folder, slash, name = ref.partition("/")
    assert slash and (LESSONS_DIR / folder).is_dir(), f"{ref!r} names no lesson folder"
    return folder, name


def test_the_table_parses_into_numbered_rows():
    numbers = [row.number for row in table()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 40


@pytest.mark.parametrize("row", table(), ids=lambda row: f"row{row.number}")
def test_every_point_maps_to_a_step_a_question_and_a_card(row: Row):
    assert row.point
    assert row.steps, f"row {row.number} names no lesson step"
    assert row.questions, f"row {row.number} names no checkpoint question"
    assert row.cards, f"row {row.number} names no card"


def test_every_lesson_step_exists():
    missing = [
        f"row {row.number}: {ref}"
        for row in table()
        for ref in row.steps
        if not has_step(lesson(split(ref)[0]), split(ref)[1])
    ]
    assert not missing


def test_every_checkpoint_question_exists():
    folders = {split(ref)[0] for row in table() for ref in row.questions}
    ids = {folder: {q.id for q in load_quiz(LESSONS_DIR / folder)} for folder in folders}
    missing = [
        f"row {row.number}: {ref}"
        for row in table()
        for ref in row.questions
        if split(ref)[1] not in ids[split(ref)[0]]
    ]
    assert not missing


def test_every_card_exists():
    ids = {card.id for card in course_cards(LESSONS_DIR)}
    missing = [f"row {row.number}: {ref}" for row in table() for ref in row.cards if ref not in ids]
    assert not missing


def test_the_interview_questions_tradeoffs_and_sessions_are_mapped():
    points = " ".join(row.point for row in table())
    for needle in ("Q1", "Q2", "Q3", "Q4", "Session 1", "Session 2", "Session 3"):
        assert needle in points
    assert points.count("Tradeoff:") == 3


def test_each_open_question_answers_the_source_question_its_row_names():
    """Q1-Q4 rows point at the open question whose `source` is that question."""
    for row in table():
        source = re.match(r"(Q\d) \(", row.point)
        if source is None:
            continue
        sources = {
            q.id: getattr(q, "source", "")
            for ref in row.questions
            for q in load_quiz(LESSONS_DIR / split(ref)[0])
        }
        named = [split(ref)[1] for ref in row.questions]
        assert any(sources.get(qid) == source.group(1) for qid in named), row.point


def test_the_model_answers_of_the_interview_questions_make_their_own_key_points():
    """A learner who writes the model answer must see every key point ticked."""
    refs = {ref for row in table() if re.match(r"Q\d \(", row.point) for ref in row.questions}
    for ref in sorted(refs):
        folder, qid = split(ref)
        question = next(q for q in load_quiz(LESSONS_DIR / folder) if q.id == qid)
        assert all(suggested_points(question, question.model_answer)), ref


def test_parse_table_reports_a_row_with_missing_columns():
    text = f"{TABLE_HEADING}\n\n| # | a | b | c | d |\n| --- |\n| 1 | point | `x/y` |\n"
    with pytest.raises(AssertionError, match="row 1 has 3 columns"):
        parse_table(text)


def test_has_step_tells_kinds_apart(tmp_path: Path):
    folder = tmp_path / "01-one"
    folder.mkdir()
    (folder / "lesson.md").write_text(
        '+++\nid = "one"\ntitle = "One"\ngoal = "g"\nminutes = 1\n+++\n\n'
        "::: cell id=first\nx = 1\n:::\n\n"
        '::: hood view=dense x="x"\n:::\n',
        encoding="utf-8",
    )
    found, problems = load_lesson(folder)
    assert found is not None, problems
    assert has_step(found, "first") and has_step(found, "hood:dense")
    assert not has_step(found, "second")
    assert not has_step(found, "hood:step")
    assert not has_step(found, "checkpoint")
    assert not has_step(found, "exercise:first")
