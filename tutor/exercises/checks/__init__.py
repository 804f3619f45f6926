"""The hidden checks: for each exercise, cases with inputs and a judge that explains a wrong answer.

The cases are drawn afresh on every run (random shapes and values, plus fixed edge cases), their
right answers come from `tutor.engine`, and they are judged here in the app's process: the child
only calls the learner's function and sends back what it returned.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tutor.exercises.wire import Opaque
from tutor.protocol import LearnerError


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: what it is (in the learner's words) and its judge.

    `explain_error` may recognise a usual mistake in an error the call raised (a
    `tutor.protocol.LearnerError`) and explain it better than the bare exception. With `then`,
    (method, args), the child calls that method on what the function returned, and `explain`
    judges a `Called`: so a returned model is judged by its predictions on data only the app
    chose."""

    title: str
    args: tuple[Any, ...]
    explain: Callable[[Any], str | None]  # why this return value is wrong, or None if it is right
    explain_error: Callable[[LearnerError], str | None] | None = None
    then: tuple[str, tuple[Any, ...]] | None = None
    praise: Callable[[Any], str] | None = None  # what a right answer achieved, said on a pass


@dataclass(frozen=True)
class Called:
    """A `then` case's outcome: the type the learner's function returned, and either what its
    method gave back (`answered`) or, when it has no such method, the returned value itself."""

    returned: str
    answered: bool
    value: Any


# Exercise id -> module with `cases(rng) -> list[Case]`, in course order.
CHECKS: dict[str, str] = {
    "dense": "tutor.exercises.checks.dense",
    "sequential": "tutor.exercises.checks.sequential",
    "bce": "tutor.exercises.checks.bce",
    "sgd-step": "tutor.exercises.checks.sgd_step",
    "backprop": "tutor.exercises.checks.backprop",
    "predict": "tutor.exercises.checks.predict",
    "digits": "tutor.exercises.checks.digits",
}


def cases_for(exercise_id: str, seed: int | None = None) -> list[Case]:
    module = importlib.import_module(CHECKS[exercise_id])
    return module.cases(np.random.default_rng(seed))


def shape_text(shape: tuple[int, ...]) -> str:
    return f"({shape[0]},)" if len(shape) == 1 else str(tuple(shape))


def not_an_array(got: object, what: str = "an array") -> str | None:
    """Why `got` cannot be an array of numbers, or None when it can."""
    if got is None:
        return "your function returned None: did you forget the `return` statement?"
    if isinstance(got, Opaque):
        return f"your function returned {got.what} ({got.text}), but it should return {what}"
    if isinstance(got, tuple):
        return f"your function returned a tuple of {len(got)} values, but it should return {what}"
    if isinstance(got, list) and any(isinstance(item, np.ndarray) for item in got):
        return f"your function returned a list of {len(got)} arrays, but it should return {what}"
    try:
        np.asarray(got, dtype=float)
    except OverflowError:
        return f"your function returned a number too large for a float, but it should return {what}"
    except (TypeError, ValueError):
        return f"your function returned {_shown(got)}, but it should return {what}"
    return None


def _shown(got: object) -> str:
    """The repr of a returned value, cut short: a wrong answer can be a very long list."""
    text = repr(got)
    return text if len(text) <= 300 else text[:300] + "…"


def differs(
    got: npt.ArrayLike, want: npt.ArrayLike, rtol: float = 1e-4, atol: float = 1e-5
) -> bool:
    mine, right = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return mine.shape != right.shape or not np.allclose(mine, right, rtol=rtol, atol=atol)


def first_difference(got: np.ndarray, want: np.ndarray) -> str:
    """Where the values part, in numbers: "at [1, 2] yours is 0.731, the engine's is 0.269"."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.ndim == 0:
        return f"yours is {got.item():.6g}, the engine's is {want.item():.6g}"
    gap = np.abs(got - want)
    gap = np.where(np.isnan(gap), np.inf, gap)
    index = np.unravel_index(int(np.argmax(gap)), gap.shape)
    where = ", ".join(str(int(i)) for i in index)
    return f"at [{where}] yours is {got[index]:.6g}, the engine's is {want[index]:.6g}"


def shape_mismatch(got: np.ndarray, want: np.ndarray, what: str) -> str | None:
    """A learner-worded explanation when `got` has the wrong shape for `what`, else None."""
    if got.shape == want.shape:
        return None
    message = (
        f"your output has shape {shape_text(got.shape)}, but {what} needs {shape_text(want.shape)}"
    )
    if got.shape == want.shape[::-1] and got.ndim == 2:
        message += ": it is transposed (rows should be examples, columns units)"
    return message
