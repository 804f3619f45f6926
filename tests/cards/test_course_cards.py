"""The course's flashcards hold one fact each: a short back, and no id of a retired card reused."""

from __future__ import annotations

import tomllib

import pytest

from tutor.paths import LESSONS_DIR

MAX_BACK_WORDS = 45

# Cards taken out of the course (issue 14: restatements of the workflow). Their ids stay
# retired: a learner's old review history must never attach to a different fact.
RETIRED = {
    "seq-one-workflow",
    "seq-standard-way",
    "three-steps-to-train",
    "digits-pipeline",
    "workflow-order",
}

CARDS = [
    (path.parent.name, card)
    for path in sorted(LESSONS_DIR.glob("*/cards.toml"))
    for card in tomllib.loads(path.read_text(encoding="utf-8"))["card"]
]


@pytest.mark.parametrize(("lesson", "card"), CARDS, ids=[card["id"] for _, card in CARDS])
def test_every_card_back_is_at_most_45_words(lesson, card):
    words = len(card["back"].split())
    assert words <= MAX_BACK_WORDS, f"{lesson}/{card['id']}: {words} words; split the card"


def test_no_card_leans_on_the_source_material():
    leaning = [
        card["id"]
        for _, card in CARDS
        if any(
            phrase in (card["front"] + card["back"]).lower()
            for phrase in ("the source", "first-time learner", "the note says")
        )
    ]
    assert leaning == []


def test_retired_card_ids_are_never_reused():
    assert RETIRED.isdisjoint(card["id"] for _, card in CARDS)
