"""Values crossing between the app and the exercise child process, as JSON.

Arrays keep their dtype and shape, tuples stay tuples, and activations travel by name (the child
hands the learner a plain NumPy function). Anything else the learner returns comes back as its
type and repr, so the checks can still say what arrived.
"""

from __future__ import annotations

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
    """A returned value that is not an array, number or tuple: its type name and repr."""

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return self.text


def encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, np.generic):
        return encode(np.asarray(value))
    if isinstance(value, tuple):
        return {"tuple": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if callable(value) and getattr(value, "__name__", None) in ACTIVATIONS:
        return {"activation": value.__name__}
    return {"opaque": type(value).__name__, "repr": repr(value)[:300]}


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    if "array" in data:
        return np.array(data["array"], dtype=data["dtype"]).reshape(data["shape"])
    if "tuple" in data:
        return tuple(decode(item) for item in data["tuple"])
    if "activation" in data:
        return ACTIVATIONS[data["activation"]]
    return Opaque(data["opaque"], data["repr"])
