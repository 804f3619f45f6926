"""The review queue: counts, the new-card limit, filters, cards added by other features, undo."""

from __future__ import annotations

from fsrs import Rating

from tests.cards.conftest import make_deck
from tutor.cards.deck import load_deck
from tutor.cards.schedule import rate_card, set_new_per_day
from tutor.cards.session import Counts, ReviewSession


def review(session, rating=Rating.Good):
    card = session.next_card()
    session.answer(card, session.outcomes(card)[rating])
    return card


def test_new_cards_per_day_limit_and_its_renewal_next_day(store, clock):
    set_new_per_day(store, 3)
    session = ReviewSession(store, make_deck(10), all_lessons=True, clock=clock)
    assert session.counts() == Counts(new=3, learning=0, due=0)
    seen = [review(session).id for _ in range(3)]
    assert seen == ["dense-0", "dense-1", "dense-2"]
    assert session.counts() == Counts(new=0, learning=3, due=0)
    clock.advance(days=1)
    assert session.counts().new == 3


def test_default_limit_is_twenty(store, clock):
    session = ReviewSession(store, make_deck(25), all_lessons=True, clock=clock)
    assert session.counts().new == 20


def test_learning_cards_come_back_before_new_ones(store, clock):
    session = ReviewSession(store, make_deck(3), all_lessons=True, clock=clock)
    first = review(session, Rating.Again)  # back in 1 minute
    assert session.next_card().id == "dense-1"
    clock.advance(minutes=2)
    assert session.next_card() == first


def test_nothing_left_then_next_due(store, clock):
    session = ReviewSession(store, make_deck(1), all_lessons=True, clock=clock)
    card = session.next_card()
    outcome = session.outcomes(card)[Rating.Easy]
    session.answer(card, outcome)
    assert session.next_card() is None
    assert session.counts() == Counts(0, 0, 0)
    assert session.next_due() == outcome.card.due
    clock.now = outcome.card.due
    assert session.counts() == Counts(new=0, learning=0, due=1)


def test_only_started_lessons_unless_all_or_a_lesson_is_chosen(store, clock):
    deck = make_deck(2, "dense") + make_deck(3, "sequential")
    session = ReviewSession(store, deck, clock=clock)
    assert session.counts().new == 0
    store.progress.reach_step("sequential", 1)
    assert {card.lesson_id for card in session.in_scope()} == {"sequential"}
    session.all_lessons = True
    assert session.counts().new == 5
    session.lesson_id = "dense"
    assert [card.id for card in session.in_scope()] == ["dense-0", "dense-1"]
    assert session.lessons() == ["dense", "sequential"]


def test_a_missed_question_is_shown_first_outside_the_limit(store, clock, tmp_path):
    set_new_per_day(store, 0)
    store.cards.add_card(
        "quiz:dense:q1", "What shape is W?", "(n_in, units)", source="quiz", lesson_id="dense"
    )
    session = ReviewSession(store, load_deck(store, tmp_path), all_lessons=True, clock=clock)
    assert session.counts() == Counts(new=1, learning=0, due=0)
    assert session.next_card().front == "What shape is W?"


def test_missing_a_known_question_again_brings_its_card_forward(store, tmp_path):
    store.cards.add_card("quiz:dense:q1", "Q", "A", source="quiz", lesson_id="dense")
    session = ReviewSession(store, load_deck(store, tmp_path), all_lessons=True)
    review(session, Rating.Easy)
    assert session.next_card() is None
    store.cards.add_card("quiz:dense:q1", "Q", "A", source="quiz", lesson_id="dense")
    assert session.next_card().id == "quiz:dense:q1"
    assert len(store.cards.reviews()) == 1


def test_undo_restores_the_previous_state_and_deletes_the_log(store, clock):
    session = ReviewSession(store, make_deck(2), all_lessons=True, clock=clock)
    first = review(session, Rating.Easy)
    before = store.cards.schedule(first.id)
    clock.now = session.next_due()
    counts = session.counts()
    again = review(session, Rating.Again)
    assert again == first
    assert session.undo() == first
    assert store.cards.schedule(first.id) == before
    assert len(store.cards.reviews()) == 1
    assert session.counts() == counts
    assert session.undo() == first
    assert store.cards.schedule(first.id) is None
    assert store.cards.reviews() == []
    assert session.undo() is None


def test_undo_does_not_take_back_a_later_review_made_elsewhere(store, clock):
    session = ReviewSession(store, make_deck(1), all_lessons=True, clock=clock)
    card = review(session)
    clock.advance(minutes=10)
    rate_card(store, card.id, 3, now=clock.now)
    assert session.undo() is None
    assert len(store.cards.reviews()) == 2
