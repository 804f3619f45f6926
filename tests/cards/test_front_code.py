"""A card whose front asks about code shows that code with the front (issue 13, item 2): the
missed spot-the-bug question "Which line is wrong…" showed its code only on the back."""

from __future__ import annotations

import re

import pytest

from tutor.cards.deck import course_cards, load_deck
from tutor.paths import LESSONS_DIR
from tutor.quiz.loader import load_quiz
from tutor.quiz.questions import SpotTheBug
from tutor.quiz.session import card_back, card_id

# Words of a front that point at code the learner must see to answer.
POINTS_AT_CODE = re.compile(r"which line|this code|the code below|\bline \d|\bbelow\b", re.I)

BUGS = [
    question
    for path in sorted(LESSONS_DIR.glob("*/quiz.toml"))
    for question in load_quiz(path, path.parent.name)
    if isinstance(question, SpotTheBug)
]


def test_no_course_card_front_points_at_code_it_does_not_show():
    blind = [card.id for card in course_cards(LESSONS_DIR) if POINTS_AT_CODE.search(card.front)]
    fronts = {card.id: card for card in course_cards(LESSONS_DIR)}
    assert [card_id for card_id in blind if not fronts[card_id].front_code] == []


@pytest.mark.parametrize("question", BUGS, ids=[question.id for question in BUGS])
def test_a_missed_spot_the_bug_question_shows_its_code_on_the_front(store, question):
    assert question.code  # the course's bug questions all carry code
    store.cards.add_card(
        card_id(question),
        question.prompt,
        card_back(question),
        source="quiz",
        lesson_id=question.lesson_id,
        code=question.code,
    )
    card = next(card for card in load_deck(store) if card.id == card_id(question))
    assert card.front_code == question.code
    assert card.code == ""  # not again on the back
