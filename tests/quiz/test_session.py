from __future__ import annotations

import random

import pytest

from tutor.quiz.parsing import AnswerError
from tutor.quiz.questions import Choice, Numeric, Open, OpenAnswer, Option, Ordering, Rating
from tutor.quiz.session import CheckpointSession, card_id
from tutor.store import Store

from .test_grading import BUG, Q1, SHAPE, UNITS, WORKFLOW


def questions(lesson_id="dense"):
    import dataclasses

    return [
        dataclasses.replace(q, lesson_id=lesson_id)
        for q in (UNITS, SHAPE, WORKFLOW, BUG, Numeric(id="nine", prompt="9?", answer=9.0))
    ]


def right_answer(question):
    """The correct answer to a presented question, worked out from its data."""
    if isinstance(question, Choice):
        return question.correct_indices
    if isinstance(question, Ordering):
        return list(range(len(question.items)))
    if isinstance(question, Open):
        return OpenAnswer("define compile fit", Rating.GOOD)
    if question.kind == "bug":
        return (question.bug_line, question.correct_fix)
    if question.kind == "shape":
        return str(question.answer)
    return str(question.answer)


def wrong_answer(question):
    if isinstance(question, Choice):
        return {next(i for i, o in enumerate(question.options) if not o.correct)}
    if isinstance(question, Ordering):
        return list(range(len(question.items)))[::-1]
    if question.kind == "bug":
        return (question.bug_line, (question.correct_fix + 1) % len(question.fixes))
    if question.kind == "shape":
        return "(1, 1, 1)"
    return "-12345"


def take(session, wrong_ids=()):
    while not session.finished:
        question = session.current
        answer = wrong_answer(question) if question.id in wrong_ids else right_answer(question)
        session.submit(answer)
        session.next()
    return session


def test_all_right_scores_full_and_passes():
    session = take(CheckpointSession("dense", questions(), rng=random.Random(1)))
    assert session.score == 1.0 and session.passed and session.mistakes == []


def test_one_question_wrong_of_five_is_80_percent_a_pass_at_the_default_mark():
    session = take(CheckpointSession("dense", questions(), rng=random.Random(2)), {"s"})
    assert session.score == pytest.approx(0.8)
    assert session.passed
    assert [a.question.id for a in session.mistakes] == ["s"]
    assert "the shape is (2, 3)" in session.mistakes[0].verdict.feedback


def test_the_lesson_pass_mark_overrides_the_default():
    session = CheckpointSession("dense", questions(), pass_mark=0.9, rng=random.Random(3))
    assert not take(session, {"s"}).passed


def test_partial_credit_counts_towards_the_score():
    session = take(CheckpointSession("dense", questions(), rng=random.Random(4)), {"bug", "w"})
    # the bug: right line, wrong fix = 0.5; the order reversed = 1 of 4 in place
    assert session.score == pytest.approx((3 + 0.5 + 1 / 4) / 5)
    assert not session.passed


def test_one_question_at_a_time_and_an_unreadable_answer_costs_nothing():
    session = CheckpointSession("dense", [Numeric(id="n", prompt="9?", answer=9.0)])
    with pytest.raises(AnswerError):
        session.submit("nine")
    assert session.answered == [] and session.current.id == "n"
    with pytest.raises(RuntimeError, match="answer the question before moving on"):
        session.next()
    assert session.submit("9").correct and session.waiting
    with pytest.raises(RuntimeError, match="already answered"):
        session.submit("9")
    session.next()
    assert session.finished and session.current is None


def test_a_retake_reshuffles_questions_options_and_items():
    first = CheckpointSession("dense", questions() * 1, rng=random.Random(5))
    orders, option_orders, starts = set(), set(), set()
    session = first
    for _ in range(12):
        session = session.retake()
        orders.add(tuple(q.id for q in session.questions))
        units = next(q for q in session.questions if q.id == "units")
        option_orders.add(tuple(o.text for o in units.options))
        starts.add(next(q for q in session.questions if q.id == "w").start)
    assert len(orders) > 1 and len(option_orders) > 1 and len(starts) > 1
    assert (0, 1, 2, 3) not in starts  # never shown already in order


def test_results_and_missed_questions_persist(data_dir):
    store = Store.open(data_dir)
    session = CheckpointSession("dense", questions(), rng=random.Random(6), store=store)
    take(session, {"units"})
    assert session.attempt is not None and session.attempt.percent == 80
    store.close()

    store = Store.open(data_dir)
    best = store.checkpoints.best("dense")
    assert (best.percent, best.passed) == (80, True)
    recorded = {answer["id"]: answer for answer in best.answers}
    assert recorded["units"]["correct"] is False and recorded["s"]["answer"] == "(2, 3)"
    assert store.progress.lesson("dense").done  # a passed checkpoint completes its lesson
    cards = {card.card_id: card for card in store.cards.added_cards()}
    assert list(cards) == ["quiz:dense:units"]
    missed = cards["quiz:dense:units"]
    assert missed.due_soon and missed.front == UNITS.prompt
    assert missed.back.startswith("The number of neurons")


def test_an_open_answer_is_a_review_of_its_card(data_dir):
    store = Store.open(data_dir)
    import dataclasses

    q1 = dataclasses.replace(Q1, lesson_id="sequential")
    session = CheckpointSession(None, [q1], store=store)
    session.submit(OpenAnswer("define, compile with a loss, fit", Rating.HARD))
    session.next()
    assert session.attempt is None  # a drill records no checkpoint attempt
    assert store.checkpoints.best_scores() == {}
    [review] = store.cards.reviews()
    assert (review.card_id, review.rating) == (card_id(q1), int(Rating.HARD))
    assert store.cards.schedule(card_id(q1)) is not None


def test_a_checkpoint_needs_questions():
    with pytest.raises(ValueError, match="at least one question"):
        CheckpointSession("dense", [])


def test_choice_options_keep_their_explanations_when_shuffled():
    session = CheckpointSession("d", [UNITS], rng=random.Random(7))
    shown = session.current
    wrong = next(i for i, o in enumerate(shown.options) if o.text == "The batch size")
    assert "✗ The batch size: The batch is the first axis of x." in session.submit({wrong}).feedback
    assert isinstance(shown.options[0], Option)


def test_a_mistake_is_described_in_words_for_review():
    from tutor.quiz.session import describe_answer

    session = take(CheckpointSession("d", questions(), rng=random.Random(8)), {"w", "bug", "units"})
    described = {a.question.id: describe_answer(a.question, a.answer) for a in session.mistakes}
    assert described["w"] == "predict → fit → compile → define"
    assert described["bug"] == "line 3, fix: layer = Dense(2)"
    assert described["units"] in ("The number of inputs", "The batch size")
    assert describe_answer(Q1, OpenAnswer(" fit ", Rating.AGAIN)) == "fit (rated Again)"


def test_a_wrong_line_on_spot_the_bug_earns_nothing_and_is_reviewed_as_the_line_alone():
    from tutor.quiz.session import describe_answer

    session = CheckpointSession("dense", questions(), rng=random.Random(4))
    while session.current.kind != "bug":
        session.submit(right_answer(session.current))
        session.next()
    earned = session.score * len(session.questions)
    verdict = session.submit((1, None))
    assert (verdict.correct, verdict.score) == (False, 0.0)
    assert session.score * len(session.questions) == pytest.approx(earned)
    assert describe_answer(session.current, (1, None)) == "line 1"


def test_a_failed_checkpoint_leaves_its_lesson_unfinished(data_dir):
    store = Store.open(data_dir)
    session = CheckpointSession("dense", questions(), rng=random.Random(6), store=store)
    take(session, {"units", "s"})
    assert session.attempt is not None and not session.attempt.passed
    assert store.progress.lesson("dense") is None
    store.close()


def test_a_skipped_question_counts_for_nothing_and_the_drill_can_skip_them_all():
    session = CheckpointSession(None, questions(), rng=random.Random(0))
    total = len(session.questions)
    first = session.current
    session.skip()
    # The skipped question keeps its place: the count stays, the next one is number 2.
    assert session.current is not first and len(session.questions) == total
    assert session.position == 1 and not session.waiting
    session.submit(right_answer(session.current))
    session.next()
    while not session.finished:
        session.skip()
    assert session.skipped == [0, *range(2, total)] and session.score == 1.0
    with pytest.raises(RuntimeError):
        session.skip()
