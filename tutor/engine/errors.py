"""The one exception a learner meets, and the helper that suggests what they meant."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


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


def named(
    kind: str, identifier: object, registry: dict[str, type[T]], base: type[T], example: str
) -> T:
    """An object given as itself or by its Keras name (`"adam"` -> `Adam()`), else a clear error."""
    if isinstance(identifier, base):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, base):
        name = identifier.__name__
        raise EngineError(f"{kind}={name} is the class; pass an instance: {kind}={name}().")
    if isinstance(identifier, str):
        # Keras takes the snake_case name or the class name: "binary_crossentropy" or
        # "BinaryCrossentropy".
        by_class_name = {cls.__name__.lower(): cls for cls in registry.values()}
        found = registry.get(identifier.lower()) or by_class_name.get(identifier.lower())
        if found is None:
            raise unknown_name(kind, identifier, registry)
        return found()
    raise EngineError(
        f"{kind} must be a name such as {example!r} or a {base.__name__} object; "
        f"got {identifier!r}."
    )


def reject_unsupported(call: str, given: dict[str, object], supported: Iterable[str]) -> None:
    """Keras keywords the engine does not implement (`Dense(3, kernel_regularizer="l2")`) fail
    with the name and the list of what does work, instead of Python's bare TypeError."""
    if given:
        shown = {name: repr(value) for name, value in given.items()}
        names = ", ".join(
            f"{name}={text}" if len(text) <= 30 and "\n" not in text else f"{name}=..."
            for name, text in shown.items()
        )
        raise EngineError(
            f"{call} does not support {names} in tutor's engine. Supported keywords: "
            f"{', '.join(supported)}. docs/keras-differences.md lists what else differs."
        )
