"""Values crossing between the app and the exercise child process, as JSON.

Arrays keep their dtype and shape, tuples stay tuples, and activations travel by name (the child
hands the learner a plain NumPy function). Anything else the learner returns comes back as its
type and repr, so the checks can still say what arrived; so does a value the checks cannot
compare as numbers (complex, dates, records, an ndarray subclass, an integer beyond any float,
lists nested deeper than any answer), described in the learner's terms. `encode` never raises:
the child calls it on whatever the learner returned, and an exception there would end the child
before it reports.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), computed without overflow for large negative z."""
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(0, z)


def linear(z: np.ndarray) -> np.ndarray:
    return z


ACTIVATIONS = {"sigmoid": sigmoid, "relu": relu, "linear": linear}


class Opaque:
    """A returned value that is not an array, number or tuple the checks can compare: its type
    name, its repr, and `what` it is in the learner's terms ("an array of complex numbers")."""

    def __init__(self, type_name: str, text: str, what: str | None = None) -> None:
        self.type_name = type_name
        self.text = text
        self.what = what or f"{_article(type_name)} {type_name}"

    def __repr__(self) -> str:
        return self.text


# Deeper than any answer an exercise asks for, shallow enough for JSON and recursion limits.
MAX_DEPTH = 20
# What an array's items are, by dtype kind, for the kinds the checks cannot compare as numbers.
UNCOMPARABLE_KINDS = {
    "c": ("a complex number", "complex numbers"),
    "M": ("a date", "dates"),
    "m": ("a time difference", "time differences"),
    "O": ("a Python object", "Python objects"),
    "V": ("a record with named fields", "records with named fields"),
    "U": ("a string", "strings"),
    "S": ("a byte string", "byte strings"),
}
REPR_LIMIT = 300


def encode(value: Any) -> Any:
    """`value` as JSON-ready data; anything the checks cannot compare becomes an Opaque's data."""
    try:
        return _encode(value, 0)
    except _TooDeep:
        name = type(value).__name__
        return _opaque(
            name, f"{name} in {name} in …", f"lists or tuples nested over {MAX_DEPTH} deep"
        )
    except Exception:  # a repr that raised: described without it
        return _opaque(type(value).__name__, f"<{type(value).__name__} object>")


class _TooDeep(Exception):
    """Lists or tuples nested deeper than MAX_DEPTH: the whole value is refused."""


def _encode(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _TooDeep
    if isinstance(value, np.ndarray | np.generic):
        return _encode_array(value)
    if isinstance(value, tuple):
        return {"tuple": [_encode(item, depth + 1) for item in value]}
    if isinstance(value, list):
        return [_encode(item, depth + 1) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**1024:
        digits = math.floor(value.bit_length() * math.log10(2))  # str() refuses 4300+ digits
        return _opaque(
            "int", f"about 10**{digits}", "a whole number too large for any float to hold"
        )
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if callable(value) and getattr(value, "__name__", None) in ACTIVATIONS:
        return {"activation": value.__name__}
    if isinstance(value, complex):
        return _opaque("complex", repr(value), "a complex number")
    return _opaque(type(value).__name__, repr(value)[:REPR_LIMIT])


def _encode_array(value: np.ndarray | np.generic) -> Any:
    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        name = type(value).__name__
        what = f"{_article(name)} {name}, not a plain NumPy array"
        return _opaque(name, repr(value)[:REPR_LIMIT], what)
    array = np.asarray(value)
    kind = UNCOMPARABLE_KINDS.get(array.dtype.kind)
    if kind is not None:
        what = kind[0] if array.ndim == 0 else f"an array of {kind[1]}"
        return _opaque("ndarray", repr(value)[:REPR_LIMIT], f"{what}, dtype {array.dtype}")
    return {"array": array.tolist(), "dtype": str(array.dtype), "shape": list(array.shape)}


def _opaque(type_name: str, text: str, what: str | None = None) -> dict[str, str]:
    data = {"opaque": type_name, "repr": text}
    if what is not None:
        data["what"] = what
    return data


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    if "array" in data:
        try:
            return np.array(data["array"], dtype=data["dtype"]).reshape(data["shape"])
        except (TypeError, ValueError, OverflowError):
            text = f"dtype {data['dtype']}"[:REPR_LIMIT]
            return Opaque("ndarray", text, "an array the checks could not read back")
    if "tuple" in data:
        return tuple(decode(item) for item in data["tuple"])
    if "activation" in data:
        return ACTIVATIONS[data["activation"]]
    return Opaque(data["opaque"], data["repr"], data.get("what"))
