"""The one exception a learner meets, and the helper that suggests what they meant."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class EngineError(ValueError):
    """A mistake in how the engine was called: the message says what to change."""


def unknown_name(kind: str, name: object, valid: Iterable[str]) -> EngineError:
    """`Unknown loss 'binary_crossentropi'. Did you mean 'binary_crossentropy'? ...`"""
    valid = sorted(valid)
    close = difflib.get_close_matches(str(name).lower(), valid, n=1, cutoff=0.5)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return EngineError(f"Unknown {kind} {name!r}.{hint} Valid {kind} names: {', '.join(valid)}.")


def require_positive(what: str, value: object, *, integer: bool = False) -> None:
    """Units, epochs, batch size and learning rate must be positive numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "a positive whole number" if integer else "a positive number"
        raise EngineError(f"{what} must be {kind}; got {value!r}.")
    if integer and int(value) != value:
        raise EngineError(f"{what} must be a whole number; got {value!r}.")
    if not value > 0:
        raise EngineError(f"{what} must be greater than 0; got {value!r}.")
