"""A checkpoint being taken: one question at a time, graded at once, scored, kept.

The session shuffles the question order and each question's options, and draws fresh numbers for
generated questions, so a retake is a new checkpoint. With a store it writes as it goes: a missed
question becomes a flashcard due soon, an open answer's self-rating is a review of its card, and
the finished attempt is recorded in `store.checkpoints`.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tutor.quiz.generators import fill
from tutor.quiz.grading import Verdict, format_number, grade
from tutor.quiz.parsing import format_shape
from tutor.quiz.questions import (
    Choice,
    Numeric,
    Open,
    OpenAnswer,
    Ordering,
    Question,
    Shape,
    SpotTheBug,
)

if TYPE_CHECKING:
    from tutor.store import Store
    from tutor.store.checkpoints import Attempt

DEFAULT_PASS_MARK = 0.8


@dataclass(frozen=True)
class Answered:
    question: Question  # as presented: shuffled, numbers filled
    answer: Any
    verdict: Verdict


FRESH_TRIES = 200  # draws before a generated question may repeat numbers seen before


def present(
    question: Question, rng: random.Random, seen: dict[tuple[str, str], set[str]] | None = None
) -> Question:
    """The question as this attempt shows it: fresh numbers, options and items shuffled.

    `seen` holds the prompts already shown per (lesson, question); a generated question is
    drawn again until its numbers differ from every earlier attempt's, so a retake is new."""
    if question.generator:
        shown = (
            seen.setdefault((question.lesson_id, question.id), set()) if seen is not None else set()
        )
        filled = fill(question, rng)
        for _ in range(FRESH_TRIES - 1):
            if filled.prompt not in shown:
                break
            filled = fill(question, rng)
        shown.add(filled.prompt)
        question = filled
    if isinstance(question, Choice):
        return dataclasses.replace(
            question, options=tuple(rng.sample(question.options, k=len(question.options)))
        )
    if isinstance(question, SpotTheBug):
        return dataclasses.replace(
            question, fixes=tuple(rng.sample(question.fixes, k=len(question.fixes)))
        )
    if isinstance(question, Ordering):
        positions = list(range(len(question.items)))
        while positions == sorted(positions):  # never shown already solved
            rng.shuffle(positions)
        return dataclasses.replace(question, start=tuple(positions))
    return question


def card_id(question: Question) -> str:
    return f"quiz:{question.lesson_id}:{question.id}"


def card_back(question: Question) -> str:
    """The answer side of the flashcard a missed question becomes."""
    if isinstance(question, Choice):
        answer = "; ".join(option.text for option in question.options if option.correct)
    elif isinstance(question, Numeric):
        answer = f"{format_number(question.answer or 0.0)} ({question.tolerance_text})"
    elif isinstance(question, Shape):
        answer = format_shape(question.answer or ())
    elif isinstance(question, Ordering):
        answer = " → ".join(question.items)
    elif isinstance(question, SpotTheBug):
        fix = question.fixes[question.correct_fix]
        answer = f"Line {question.bug_line} is wrong; the fix: {fix.text}"
    else:
        assert isinstance(question, Open)
        answer = question.model_answer
    return f"{answer}\n\n{question.explanation}".strip()


def describe_answer(question: Question, answer: Any) -> str:
    """What the learner answered, in words, for "review my mistakes"."""
    if isinstance(question, Choice):
        return "; ".join(question.options[i].text for i in sorted(answer)) or "nothing"
    if isinstance(question, Ordering):
        return " → ".join(question.items[i] for i in answer)
    if isinstance(question, SpotTheBug):
        line, fix = answer
        if line != question.bug_line or fix is None:  # a wrong line is not asked for a fix
            return f"line {line}"
        return f"line {line}, fix: {question.fixes[fix].text}"
    if isinstance(question, Open):
        return f"{answer.text.strip()} (rated {answer.rating.name.title()})"
    return str(answer).strip()


def answer_record(answered: Answered) -> dict[str, Any]:
    """One answer as JSON-ready data for the attempt's record."""
    answer = answered.answer
    if isinstance(answer, OpenAnswer):
        answer = {"text": answer.text, "rating": int(answer.rating), "said": list(answer.said)}
    elif isinstance(answer, set | frozenset):
        answer = sorted(answer)
    elif isinstance(answer, tuple):
        answer = list(answer)
    return {
        "id": answered.question.id,
        "type": answered.question.kind,
        "prompt": answered.question.prompt,
        "answer": answer,
        "correct": answered.verdict.correct,
        "score": answered.verdict.score,
    }


class CheckpointSession:
    """`lesson_id=None` is a drill: answers still feed the cards, but no attempt is recorded."""

    def __init__(
        self,
        lesson_id: str | None,
        questions: Sequence[Question],
        *,
        pass_mark: float = DEFAULT_PASS_MARK,
        rng: random.Random | None = None,
        store: Store | None = None,
        seen: dict[tuple[str, str], set[str]] | None = None,
    ) -> None:
        if not questions:
            raise ValueError("a checkpoint needs at least one question")
        self.lesson_id, self.source, self.pass_mark, self.store = (
            lesson_id,
            list(questions),
            pass_mark,
            store,
        )
        self.rng = rng or random.Random()
        order = self.rng.sample(self.source, k=len(self.source))
        self.seen = {} if seen is None else seen  # the numbers shown so far, shared by retakes
        self.questions = [present(question, self.rng, self.seen) for question in order]
        self.answered: list[Answered] = []
        self.position = 0
        self.skipped: list[int] = []  # the positions skipped (the drill's n), in order
        self.attempt: Attempt | None = None

    @property
    def current(self) -> Question | None:
        """The question being asked, or just answered while `waiting`; None when finished."""
        return None if self.finished else self.questions[self.position]

    @property
    def waiting(self) -> bool:
        """True between answering a question and moving on with `next()`."""
        return len(self.answered) + len(self.skipped) > self.position

    @property
    def finished(self) -> bool:
        return self.position == len(self.questions)

    def submit(self, answer: Any) -> Verdict:
        """Grade the current question (AnswerError if unreadable: nothing is recorded)."""
        if self.waiting or self.finished:
            raise RuntimeError("this question is already answered: call next()")
        question = self.questions[self.position]
        answered = Answered(question, answer, grade(question, answer))
        self.answered.append(answered)
        if self.store is not None:
            self._feed_cards(answered)
        return answered.verdict

    def next(self) -> None:
        """Move on; after the last question the attempt is recorded."""
        if not self.waiting:
            raise RuntimeError("answer the question before moving on")
        self.position += 1
        if self.finished and self.store is not None and self.lesson_id:
            records = [answer_record(answered) for answered in self.answered]
            self.attempt = self.store.checkpoints.record(
                self.lesson_id, self.score, self.passed, records
            )
            if self.passed:
                self.store.progress.complete(self.lesson_id)

    def skip(self) -> None:
        """Pass over the current question unanswered (the drill's skip): it counts for nothing,
        and keeps its place, so "question 2 of 6" follows "question 1 of 6" whatever was skipped.
        """
        if self.waiting or self.finished:
            raise RuntimeError("only a question not yet answered can be skipped")
        self.skipped.append(self.position)
        self.position += 1

    @property
    def score(self) -> float:
        """The share of the questions not skipped answered right, 0..1 (partial credit counts)."""
        asked = len(self.questions) - len(self.skipped)
        if not asked:
            return 0.0
        return sum(a.verdict.score for a in self.answered) / asked

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark - 1e-9

    @property
    def mistakes(self) -> list[Answered]:
        return [a for a in self.answered if not a.verdict.correct]

    def retake(self) -> CheckpointSession:
        """A new attempt: new order, new shuffles, numbers no earlier attempt showed."""
        return CheckpointSession(
            self.lesson_id,
            self.source,
            pass_mark=self.pass_mark,
            rng=self.rng,
            store=self.store,
            seen=self.seen,
        )

    def _feed_cards(self, answered: Answered) -> None:
        """A missed question becomes a card due soon; an open answer's rating reviews its card."""
        from tutor.cards import rate_card

        question, store = answered.question, self.store
        assert store is not None
        is_open = isinstance(question, Open)
        if is_open or not answered.verdict.correct:
            store.cards.add_card(
                card_id(question),
                question.prompt,
                card_back(question),
                source="quiz",
                lesson_id=question.lesson_id,
                code=question.code if isinstance(question, SpotTheBug) else "",
                due_soon=not is_open,  # the rating below schedules an open one
            )
        if is_open:
            rate_card(store, card_id(question), int(answered.answer.rating))
