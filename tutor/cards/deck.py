"""Flashcards as data: `lessons/*/cards.toml` plus the cards other features add at run time.

A card file is a list of `[[card]]` tables (the format is documented in docs/architecture.md):

    [[card]]
    id = "dense-param-count"
    front = "How many parameters does Dense(units) have on n_in inputs?"
    back = "n_in * units + units"
    tags = ["dense"]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.diagnostics import Problem, UnreadableText, key_line, read_text, toml_error_line
from tutor.lessons.loader import read_lesson_id
from tutor.paths import LESSONS_DIR

if TYPE_CHECKING:
    from tutor.store import Store

CARDS_FILE = "cards.toml"
REQUIRED = ("id", "front", "back")
OPTIONAL = ("code", "front_code", "diagram", "tags")
# A diagram is shown verbatim beside the card; it must fit an 80x24 terminal.
DIAGRAM_MAX_LINES = 10
DIAGRAM_MAX_COLUMNS = 70
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._:-]*")


@dataclass(frozen=True)
class Flashcard:
    id: str
    front: str
    back: str
    lesson_id: str | None = None
    code: str = ""  # shown with the back: code that answers the question
    front_code: str = ""  # shown with the front: code the question asks about ("which line…")
    diagram: str = ""
    tags: tuple[str, ...] = ()
    source: str = "lesson"
    # Added by a feature to be seen now (a missed question), outside the new-cards limit.
    due_soon: bool = False


def lesson_id_of(lesson_dir: Path) -> str:
    """The lesson's id as the lesson loader reads it (so the Cards filter matches progress),
    else the folder name without `NN-`."""
    return read_lesson_id(lesson_dir) or re.sub(r"^\d+-", "", lesson_dir.name)


def lesson_cards(lesson_dir: Path) -> list[Flashcard]:
    """The valid cards of one lesson folder (`python -m tutor check` reports the others)."""
    path = Path(lesson_dir) / CARDS_FILE
    if not path.exists():
        return []
    try:
        entries = tomllib.loads(read_text(path)).get("card", [])
    except (tomllib.TOMLDecodeError, UnreadableText):
        return []
    lesson_id = lesson_id_of(Path(lesson_dir))
    return [
        Flashcard(
            id=entry["id"],
            front=entry["front"].strip(),
            back=entry["back"].strip(),
            lesson_id=lesson_id,
            code=entry.get("code", "").strip("\n"),
            front_code=entry.get("front_code", "").strip("\n"),
            diagram=entry.get("diagram", "").strip("\n"),
            tags=tuple(entry.get("tags", ())),
        )
        for entry in entries
        if isinstance(entry, dict) and not _entry_problems(entry)
    ]


def course_cards(lessons_dir: Path = LESSONS_DIR) -> list[Flashcard]:
    """Every lesson's cards, in lesson order."""
    cards: list[Flashcard] = []
    for lesson_dir in sorted(p for p in Path(lessons_dir).iterdir() if p.is_dir()):
        cards.extend(lesson_cards(lesson_dir))
    return cards


def load_deck(store: Store, lessons_dir: Path = LESSONS_DIR) -> list[Flashcard]:
    """The whole deck: the course's cards, then those added at run time (a course id wins)."""
    cards = course_cards(lessons_dir)
    known = {card.id for card in cards}
    for added in store.cards.added_cards():
        if added.card_id not in known:
            # A missed quiz question's code is what its prompt asks about: it goes on the front.
            on_front = added.source == "quiz"
            cards.append(
                Flashcard(
                    id=added.card_id,
                    front=added.front,
                    back=added.back,
                    lesson_id=added.lesson_id,
                    code="" if on_front else added.code,
                    front_code=added.code if on_front else "",
                    tags=added.tags,
                    source=added.source,
                    due_soon=added.due_soon,
                )
            )
    return cards


def validate_lesson_dir(path: Path) -> list[Problem]:
    """Problems in `path/cards.toml`, each with its line; ids are checked across the course."""
    cards_path = Path(path) / CARDS_FILE
    if not cards_path.exists():
        return []
    try:
        text = read_text(cards_path)
    except UnreadableText as error:
        return [error.problem]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [Problem(cards_path, toml_error_line(error) or 1, f"invalid TOML: {error}")]
    problems = [
        Problem(cards_path, key_line(text.splitlines(), key) or 1, f"unknown key {key!r}")
        for key in data
        if key != "card"
    ]
    entries = data.get("card", [])
    if not isinstance(entries, list):
        return [*problems, Problem(cards_path, 1, "`card` must be written as [[card]] tables")]
    blocks = _card_blocks(text)
    elsewhere = _ids_elsewhere(Path(path))
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        block = blocks[index] if index < len(blocks) else (1, [])
        if not isinstance(entry, dict):
            problems.append(Problem(cards_path, block[0], "each card must be a [[card]] table"))
            continue
        for key, message in _entry_problems(entry):
            problems.append(Problem(cards_path, _line_in(block, key), message))
        card_id = entry.get("id")
        if not isinstance(card_id, str):
            continue
        line = _line_in(block, "id")
        if card_id in seen:
            also = f"line {seen[card_id]}"
        elif card_id in elsewhere:
            also = "{}:{}".format(*elsewhere[card_id])
        else:
            also = ""
        if also:
            message = f"duplicate card id {card_id!r} (also {also})"
            problems.append(Problem(cards_path, line, message))
        seen.setdefault(card_id, line)
    return sorted(problems, key=lambda problem: problem.line)


def _entry_problems(entry: dict[str, object]) -> list[tuple[str, str]]:
    """(key, message) for everything wrong with one card table."""
    problems: list[tuple[str, str]] = []
    for key in REQUIRED:
        value = entry.get(key)
        if key not in entry:
            problems.append(("[[card]]", f"card is missing {key!r}"))
        elif not isinstance(value, str):
            problems.append((key, f"{key!r} must be a string"))
        elif not value.strip():
            problems.append((key, f"{key!r} is empty"))
    card_id = entry.get("id")
    if isinstance(card_id, str) and card_id.strip() and not ID_PATTERN.fullmatch(card_id):
        problems.append(
            ("id", f"id {card_id!r} may hold only lowercase letters, digits and . _ : -")
        )
    for key in ("code", "front_code", "diagram"):
        if key in entry and not (isinstance(text := entry[key], str) and text.strip()):
            problems.append((key, f"{key!r} must be non-empty text (leave it out instead)"))
    diagram = entry.get("diagram")
    if isinstance(diagram, str):
        lines = diagram.strip("\n").splitlines()
        widest = max((len(line) for line in lines), default=0)
        if len(lines) > DIAGRAM_MAX_LINES or widest > DIAGRAM_MAX_COLUMNS:
            problems.append(
                (
                    "diagram",
                    f"diagram is {len(lines)} lines x {widest} columns; at most "
                    f"{DIAGRAM_MAX_LINES} x {DIAGRAM_MAX_COLUMNS} fits the screen",
                )
            )
    tags = entry.get("tags", [])
    if not (isinstance(tags, list) and all(isinstance(t, str) and t.strip() for t in tags)):
        problems.append(("tags", "'tags' must be a list of non-empty strings"))
    elif any(" " in tag for tag in tags):
        problems.append(("tags", "a tag may not contain spaces (Anki splits tags on them)"))
    problems.extend(
        (key, f"unknown key {key!r} (known: {', '.join(REQUIRED + OPTIONAL)})")
        for key in entry
        if key not in REQUIRED + OPTIONAL
    )
    return problems


Block = tuple[int, list[str]]


def _card_blocks(text: str) -> list[Block]:
    """(line of the `[[card]]` header, lines up to the next header) for each card, in order."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == "[[card]]"]
    ends = [*starts[1:], len(lines)]
    return [(start + 1, lines[start:end]) for start, end in zip(starts, ends, strict=False)]


def _line_in(block: Block, key: str) -> int:
    first_line, lines = block
    offset = key_line(lines, key)
    return first_line + offset - 1 if offset else first_line


def _ids_elsewhere(lesson_dir: Path) -> dict[str, tuple[Path, int]]:
    """Card ids in the other lessons of the same course, with where each is set."""
    found: dict[str, tuple[Path, int]] = {}
    for other in sorted(lesson_dir.resolve().parent.glob(f"*/{CARDS_FILE}")):
        if other.parent == lesson_dir.resolve():
            continue
        try:
            text = read_text(other)
            entries = tomllib.loads(text).get("card", [])
        except (tomllib.TOMLDecodeError, UnreadableText):  # reported for its own lesson
            continue
        blocks = _card_blocks(text)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                line = _line_in(blocks[index], "id") if index < len(blocks) else 1
                found.setdefault(entry["id"], (other, line))
    return found
