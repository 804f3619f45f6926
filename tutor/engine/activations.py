"""Activation functions a = g(z), each paired with the backward step dL/dz = g'(z) * dL/da.

Every derivative here is written in terms of the output `a`, which the forward pass already
holds, so backpropagation never recomputes g.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tutor.engine.errors import EngineError, unknown_name

Activation = Callable[[np.ndarray], np.ndarray]


def linear(x: np.ndarray) -> np.ndarray:
    """g(z) = z."""
    return x


def relu(x: np.ndarray) -> np.ndarray:
    """g(z) = max(z, 0)."""
    return np.maximum(x, 0)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """g(z) = 1 / (1 + e^-z), squashing any z into (0, 1).

    For z < -88, e^-z overflows float32 to inf and 1 / inf gives the right 0; the model's
    fit/predict/evaluate silence NumPy's overflow warning for that case.
    """
    e = np.exp(-x)
    e += 1
    return np.reciprocal(e, out=e)


def tanh(x: np.ndarray) -> np.ndarray:
    """g(z) = tanh(z), squashing any z into (-1, 1)."""
    return np.tanh(x)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """g(z)_i = e^z_i / sum_j e^z_j: each row becomes probabilities that sum to 1."""
    e = np.exp(x - x.max(axis=axis, keepdims=True))  # shifting by the max keeps e^z finite
    e /= e.sum(axis=axis, keepdims=True)
    return e


def linear_backward(a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad


def relu_backward(a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * (a > 0)  # slope 1 where the unit is on, 0 where it is off (and at 0, as TF)


def sigmoid_backward(a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * a * (1 - a)  # g'(z) = g(z) (1 - g(z))


def tanh_backward(a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * (1 - a * a)  # g'(z) = 1 - g(z)^2


def softmax_backward(a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    # Each output depends on every z of its row: dL/dz_j = a_j (dL/da_j - sum_i a_i dL/da_i).
    return a * (grad - (grad * a).sum(axis=-1, keepdims=True))


ACTIVATIONS: dict[str, Activation] = {
    "linear": linear,
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "softmax": softmax,
}

BACKWARD: dict[Activation, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    linear: linear_backward,
    relu: relu_backward,
    sigmoid: sigmoid_backward,
    tanh: tanh_backward,
    softmax: softmax_backward,
}


def get(identifier: str | Activation | None) -> Activation:
    """The activation named by a string or given as one of this module's functions."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier.lower() not in ACTIVATIONS:
            raise unknown_name("activation", identifier, ACTIVATIONS)
        return ACTIVATIONS[identifier.lower()]
    if identifier in BACKWARD:
        return identifier
    raise EngineError(
        f"activation={identifier!r} is not one the engine can differentiate. "
        f"Use a name ({', '.join(ACTIVATIONS)}) or a function from tutor.engine.activations."
    )


def backward(activation: Activation) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """dL/dz from the layer output `a` and dL/da, for the given activation."""
    return BACKWARD[activation]
