"""Grading: pure functions from a question and an answer to a `Verdict`.

An answer that cannot be read raises `AnswerError` (its message says how to type it) and
counts for nothing, so a typo never costs the learner a question.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from tutor.quiz.parsing import AnswerError, format_shape, parse_number, parse_shape
from tutor.quiz.questions import (
    Choice,
    KeyPoint,
    Numeric,
    Open,
    OpenAnswer,
    Option,
    Ordering,
    Question,
    Rating,
    Shape,
    SpotTheBug,
)


@dataclass(frozen=True)
class Verdict:
    correct: bool
    score: float  # 0..1, the question's share of the checkpoint's score
    feedback: str


def points_text(score: float) -> str:
    """Points as the checkpoint's score counts them, to two decimals: "0.5 of 1 point"."""
    return f"{round(score, 2):g} of 1 point"


def _heading(correct: bool, score: float) -> str:
    """What the answer earned: all, some (as the checkpoint's score will count it), or none."""
    if correct:
        return "Correct."
    if score > 0:
        return f"Partly right ({points_text(score)})."
    return "Not quite."


def _verdict(
    correct: bool, score: float, lines: Sequence[str], explanation: str, heading: str = ""
) -> Verdict:
    body = [heading or _heading(correct, score), *lines]
    if explanation:
        body.append(explanation.strip())
    return Verdict(correct, round(score, 6), "\n".join(line for line in body if line))


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def format_side_by_side(value: float, answer: float) -> tuple[str, str]:
    """Two numbers to the same decimals ("0.340740" beside "0.805338", not "0.34074"); a whole
    number stays whole, and one that needs an exponent keeps it."""
    shown = [format_number(value), format_number(answer)]
    if any("e" in text or "." not in text for text in shown):
        return shown[0], shown[1]
    decimals = max(len(text.partition(".")[2]) for text in shown)
    return f"{value:.{decimals}f}", f"{answer:.{decimals}f}"


def _option_feedback(options: Sequence[Option], chosen: Collection[int]) -> list[str]:
    """Why each wrong pick is wrong, and what a right one missed or got right."""
    lines = []
    for index, option in enumerate(options):
        if index in chosen and not option.correct:
            lines.append(f"✗ {option.text}: {option.why}")
        elif index in chosen and option.why:
            lines.append(f"✓ {option.text}: {option.why}")
        elif option.correct and index not in chosen:
            lines.append(f"Missed: {option.text}" + (f": {option.why}" if option.why else ""))
    return lines


def _check_indices(chosen: Collection[int], count: int, what: str) -> None:
    if not chosen:
        raise AnswerError(f"Pick {what} first.")
    if any(not 0 <= index < count for index in chosen):
        raise AnswerError(f"Pick {what} numbered 1 to {count}.")


def grade_choice(question: Choice, chosen: Collection[int]) -> Verdict:
    picked = frozenset(chosen)
    _check_indices(picked, len(question.options), "at least one option")
    right = question.correct_indices
    hits, false_picks = len(picked & right), len(picked - right)
    score = max(0, hits - false_picks) / len(right)
    lines = _option_feedback(question.options, picked)
    return _verdict(picked == right, score, lines, question.explanation)


def is_within(value: float, answer: float, abs_tol: float, rel_tol: float) -> bool:
    """|value - answer| <= tolerance, the edge included (float rounding is not held against it)."""
    allowed = rel_tol * abs(answer) if rel_tol else abs_tol
    slack = 16 * sys.float_info.epsilon * max(abs(answer), abs(value), allowed)
    return abs(value - answer) <= allowed + slack


def grade_numeric(question: Numeric, text: str) -> Verdict:
    assert question.answer is not None, "a generated question must be presented first"
    answer = question.answer
    value = parse_number(text, whole=float(answer).is_integer())
    correct = is_within(value, answer, question.abs_tol, question.rel_tol)
    said, shown = format_side_by_side(value, answer)
    tolerance = question.tolerance_text
    if tolerance == "exactly":
        lines = [f"The answer is exactly {shown}."]
    else:
        lines = [f"The answer is {shown}; answers {tolerance} count."]
    if not correct:
        lines.insert(0, f"You answered {said}.")
        if answer and is_within(-value, answer, question.abs_tol, question.rel_tol):
            lines.append("Your number has the wrong sign.")
    return _verdict(correct, float(correct), lines, question.explanation)


def grade_shape(question: Shape, text: str) -> Verdict:
    assert question.answer is not None, "a generated question must be presented first"
    shape, answer = parse_shape(text), question.answer
    correct = shape == answer
    lines = (
        []
        if correct
        else [f"You answered {format_shape(shape)}; the shape is {format_shape(answer)}."]
    )
    if not correct and len(shape) != len(answer):
        lines.append(f"It has {len(answer)} dimension(s); yours has {len(shape)}.")
    elif not correct and sorted(map(str, shape)) == sorted(map(str, answer)):
        lines.append("Right numbers, wrong order: check which axis is which.")
    return _verdict(correct, float(correct), lines, question.explanation)


def longest_ordered_subsequence(order: Sequence[int]) -> list[int]:
    """The longest run of positions (not necessarily adjacent) whose items are in rising order."""
    best_ending = [1] * len(order)
    previous = [-1] * len(order)
    for i in range(len(order)):
        for j in range(i):
            if order[j] < order[i] and best_ending[j] + 1 > best_ending[i]:
                best_ending[i], previous[i] = best_ending[j] + 1, j
    if not order:
        return []
    position = max(range(len(order)), key=best_ending.__getitem__)
    chain = []
    while position >= 0:
        chain.append(position)
        position = previous[position]
    return chain[::-1]


def grade_order(question: Ordering, order: Sequence[int]) -> Verdict:
    """`order` lists the items' correct positions in the learner's order (0 is first)."""
    if sorted(order) != list(range(len(question.items))):
        raise AnswerError(f"Place each of the {len(question.items)} items exactly once.")
    in_order = set(longest_ordered_subsequence(order))
    out_of_place = [question.items[item] for pos, item in enumerate(order) if pos not in in_order]
    correct = not out_of_place
    lines = []
    if not correct:
        lines.append(
            f"{len(in_order)} of {len(order)} are in the right order relative to each other."
        )
        lines.append("Out of place: " + "; ".join(out_of_place) + ".")
        lines.append("The order: " + " → ".join(question.items) + ".")
    return _verdict(correct, len(in_order) / len(order), lines, question.explanation)


def grade_bug(question: SpotTheBug, line: int, fix: int | None) -> Verdict:
    """`line` is 1-based, `fix` indexes `question.fixes`. The fixes are the bug line's, so they
    are asked for only once the right line is picked: a wrong line ends the question with
    nothing earned (any fix sent with it is not looked at), the right line earns half, the
    right fix the other half."""
    if not 1 <= line <= len(question.lines):
        raise AnswerError(f"Pick a line between 1 and {len(question.lines)}.")
    bad = question.lines[question.bug_line - 1].strip()
    right_fix = f"The fix: {question.fixes[question.correct_fix].text}."
    if line != question.bug_line:
        lines = [
            f"You picked line {line}; the mistake is line {question.bug_line} ({bad}).",
            right_fix,
        ]
        return _verdict(False, 0.0, lines, question.explanation)
    if fix is None:
        raise AnswerError("Pick a fix for that line.")
    _check_indices({fix}, len(question.fixes), "a fix")
    the_line = f"Line {question.bug_line} ({bad}) is the line."
    if fix == question.correct_fix:
        lines = [the_line, *_option_feedback(question.fixes, {fix})]
        return _verdict(True, 1.0, lines, question.explanation)
    picked = question.fixes[fix]
    heading = f"Half right: the line, not the fix ({points_text(0.5)})."
    lines = [the_line, f"✗ {picked.text}: {picked.why}", right_fix]
    return _verdict(False, 0.5, lines, question.explanation, heading)


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def mentions(text: str, point: KeyPoint) -> bool:
    """Whether `text` makes the point: every group of synonyms has a term starting a word."""
    said = _normalise(text)
    return all(
        any(re.search(r"(?<!\w)" + re.escape(_normalise(term)), said) for term in group.split("|"))
        for group in point.terms
    )


def suggested_points(question: Open, text: str) -> list[bool]:
    """Which key points the answer's words suggest it made: a hint for the learner's own ticks,
    never a tick (words can be present without the idea, and the idea without the words)."""
    return [mentions(text, point) for point in question.points]


def checklist(question: Open, said: Sequence[bool]) -> list[str]:
    """The key points, ✓ where the learner ticked them as said."""
    ticked = list(said) + [False] * (len(question.points) - len(said))
    return [
        f"{'✓' if tick else '·'} {point.text}"
        for point, tick in zip(question.points, ticked, strict=False)
    ]


def grade_open(question: Open, answer: OpenAnswer) -> Verdict:
    """The learner's own rating decides: anything but Again is a pass, as on a flashcard.

    Marking none of the key points (every one asked, none ticked) is an answer of its own: it
    scores 0 whatever the rating, since nothing the question asks for was said."""
    if not answer.text.strip():
        raise AnswerError("Type your answer first; the model answer comes after.")
    said = sum(bool(tick) for tick in answer.said)
    none_made = bool(answer.said) and not said
    total = len(question.points)
    verdict_line = (
        f"You made none of the {total} key points: it scores 0."
        if none_made
        else f"You said {said} of {total} key points; you rated it {answer.rating.name.title()}."
    )
    lines = [verdict_line, *checklist(question, answer.said)]
    correct = answer.rating != Rating.AGAIN and not none_made
    heading = "Recalled." if correct else "Not recalled yet: it comes back soon as a card."
    model = f"Model answer: {question.model_answer}"
    return _verdict(correct, float(correct), lines, model, heading)


def grade(question: Question, answer: Any) -> Verdict:
    """Grade any question: the answer's form depends on the type (see each grader)."""
    if isinstance(question, Choice):
        return grade_choice(question, answer)
    if isinstance(question, Numeric):
        return grade_numeric(question, answer)
    if isinstance(question, Shape):
        return grade_shape(question, answer)
    if isinstance(question, Ordering):
        return grade_order(question, answer)
    if isinstance(question, SpotTheBug):
        return grade_bug(question, *answer)
    if isinstance(question, Open):
        return grade_open(question, answer)
    raise TypeError(f"no grader for {type(question).__name__}")
