"""Reading what the learner typed, leniently: a shape as `(4, 1)`, `4,1`, `4x1` or `(4,)`; a
number as `0.25`, `1/4`, `2.5e-1` or `1,000`."""

from __future__ import annotations

import math
import re

from tutor.quiz.questions import Dim

SHAPE_EXAMPLE = "Type a shape such as (4, 1), 4x1 or (4,)."
NUMBER_EXAMPLE = "Type a number such as 0.73, -2, 1/4 or 1.5e-3."
WHOLE_EXAMPLE = "Type a whole number, in digits."  # an example could give the answer away

_BRACKETS = {"(": ")", "[": "]"}
_OPEN_DIM = {"none", "?", "batch"}
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


class AnswerError(ValueError):
    """The answer could not be read; the message says how to type it. Nothing is recorded."""


def parse_shape(text: str) -> tuple[Dim, ...]:
    inner = text.strip()
    if inner[:1] in _BRACKETS:
        if not inner.endswith(_BRACKETS[inner[0]]):
            raise AnswerError(
                f"“{text.strip()}” opens a bracket it does not close. {SHAPE_EXAMPLE}"
            )
        inner = inner[1:-1].strip()
    if not inner:
        return ()
    unified = re.sub(r"[x×*]", ",", inner, flags=re.IGNORECASE)
    if "," not in unified:
        unified = ",".join(unified.split())
    parts = [part.strip() for part in unified.split(",")]
    if parts[-1] == "" and len(parts) > 1:  # the one-element tuple's trailing comma: (4,)
        parts.pop()
    return tuple(_dimension(part, text) for part in parts)


def _dimension(part: str, text: str) -> Dim:
    if part.lower() in _OPEN_DIM:
        return None
    if not re.fullmatch(r"[0-9]+", part):
        what = "an empty dimension" if not part else f"“{part}”"
        raise AnswerError(
            f"Could not read {what} in “{text.strip()}”: each dimension is a whole number "
            f"(or None for the batch). {SHAPE_EXAMPLE}"
        )
    return int(part)


def format_shape(shape: tuple[Dim, ...]) -> str:
    """Python's spelling of a tuple: (4, 1), (4,), ()."""
    dims = ["None" if dim is None else str(dim) for dim in shape]
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"


def parse_number(text: str, whole: bool = False) -> float:
    """The number in `text`, a fraction like 1/4 included. `whole`: the answer is a whole
    number, so a message suggests one (not 0.73)."""
    example = WHOLE_EXAMPLE if whole else NUMBER_EXAMPLE
    numerator, slash, denominator = text.partition("/")
    if slash:
        top, bottom = _number(numerator, text, example), _number(denominator, text, example)
        if bottom == 0:
            raise AnswerError(f"“{text.strip()}” divides by zero. {example}")
        return _finite(top / bottom, text, example)
    return _number(text, text, example)


def _number(part: str, text: str, example: str) -> float:
    cleaned = re.sub(r"(?<=\d)[_\s](?=\d)", "", part.strip())
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        advice = example if example == WHOLE_EXAMPLE else "use a point for decimals, as in 0.73."
        raise AnswerError(f"“{text.strip()}” has a comma: {advice}")
    try:
        value = float(cleaned)
    except ValueError:
        raise AnswerError(
            f"“{text.strip()}” is not a number. {example}" if text.strip() else example
        ) from None
    return _finite(value, text, example)


def _finite(value: float, text: str, example: str) -> float:
    if not math.isfinite(value):
        raise AnswerError(f"“{text.strip()}” is not a finite number. {example}")
    return value
