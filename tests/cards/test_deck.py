"""cards.toml: loading, and validation messages that name the line."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.cards.deck import course_cards, lesson_cards, load_deck, validate_lesson_dir
from tutor.paths import LESSONS_DIR

GOOD = """
[[card]]
id = "dense-w"
front = "Shape of W?"
back = "(n_in, units)"
code = '''
layer = Dense(3)
'''
tags = ["dense"]
"""


def lesson(root: Path, name: str, cards: str, lesson_id: str | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "cards.toml").write_text(textwrap.dedent(cards))
    if lesson_id:
        (folder / "lesson.md").write_text(f'+++\nid = "{lesson_id}"\ntitle = "T"\n+++\n')
    return folder


def messages(folder: Path) -> list[str]:
    return [f"{p.line}: {p.message}" for p in validate_lesson_dir(folder)]


def test_a_good_file_loads_with_its_lesson_id(tmp_path):
    folder = lesson(tmp_path, "02-dense", GOOD, lesson_id="dense")
    assert validate_lesson_dir(folder) == []
    [card] = lesson_cards(folder)
    assert (card.id, card.lesson_id, card.code, card.tags) == (
        "dense-w",
        "dense",
        "layer = Dense(3)",
        ("dense",),
    )


def test_missing_and_empty_fields_are_reported_at_their_lines(tmp_path):
    folder = lesson(
        tmp_path,
        "02-dense",
        """\
        [[card]]
        id = "a"
        front = "Q"

        [[card]]
        id = "b"
        front = "   "
        back = "A"
        """,
    )
    assert messages(folder) == ["1: card is missing 'back'", "7: 'front' is empty"]


def test_duplicate_ids_in_a_file_and_across_the_course(tmp_path):
    lesson(tmp_path, "02-dense", GOOD)
    folder = lesson(
        tmp_path,
        "02-forward",
        """\
        [[card]]
        id = "x"
        front = "Q"
        back = "A"

        [[card]]
        id = "x"
        front = "Q2"
        back = "A2"

        [[card]]
        id = "dense-w"
        front = "Q3"
        back = "A3"
        """,
    )
    other = tmp_path / "02-dense" / "cards.toml"
    assert messages(folder) == [
        "7: duplicate card id 'x' (also line 2)",
        f"12: duplicate card id 'dense-w' (also {other}:3)",
    ]


def test_unknown_keys_bad_ids_tags_and_oversized_diagrams(tmp_path):
    diagram = "\\n".join(["x" * 80] * 2)
    folder = lesson(
        tmp_path,
        "02-dense",
        f"""\
        [[card]]
        id = "Bad Id"
        front = "Q"
        back = "A"
        hint = "typo for back?"
        tags = ["two words"]
        diagram = "{diagram}"
        """,
    )
    assert messages(folder) == [
        "2: id 'Bad Id' may hold only lowercase letters, digits and . _ : -",
        "5: unknown key 'hint' (known: id, front, back, code, front_code, diagram, tags)",
        "6: a tag may not contain spaces (Anki splits tags on them)",
        "7: diagram is 2 lines x 80 columns; at most 10 x 70 fits the screen",
    ]


def test_invalid_toml_names_its_line(tmp_path):
    folder = lesson(tmp_path, "02-dense", '[[card]]\nid = "a"\nfront = "unclosed\n')
    [problem] = validate_lesson_dir(folder)
    assert problem.line == 3
    assert problem.message.startswith("invalid TOML: ")
    assert lesson_cards(folder) == []


def test_invalid_cards_are_left_out_of_the_deck(tmp_path, store):
    lesson(tmp_path, "02-dense", GOOD + '\n[[card]]\nid = "no-back"\nfront = "Q"\n')
    assert [card.id for card in course_cards(tmp_path)] == ["dense-w"]
    store.cards.add_card("quiz:dense:q1", "Q", "A", source="quiz", lesson_id="dense")
    assert [card.id for card in load_deck(store, tmp_path)] == ["dense-w", "quiz:dense:q1"]


def test_the_first_lessons_cards_are_valid():
    folder = LESSONS_DIR / "02-dense"
    assert validate_lesson_dir(folder) == []
    assert 5 <= len(lesson_cards(folder)) <= 8


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_the_validator_reports_rather_than_raises_on_any_text(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("course") / "01-x"
    folder.mkdir()
    (folder / "cards.toml").write_text(text, encoding="utf-8")
    for problem in validate_lesson_dir(folder):
        assert problem.line >= 1 and problem.message
