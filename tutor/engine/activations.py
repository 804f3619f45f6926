"""Activation functions a = g(z), each paired with the backward step dL/dz = g'(z) * dL/da.

Each backward step takes z (the layer's pre-activation), a = g(z) and dL/da. Where g' can be
written from `a` alone (sigmoid, tanh, elu, ...) it is, so backpropagation never recomputes g;
the others (gelu, silu, softplus, ...) read z. Every formula is the one Keras 3 computes on the
TensorFlow backend (keras/src/activations/activations.py and the backend's nn.py), in float32.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from tutor.engine.errors import EngineError, unknown_name

Activation = Callable[[np.ndarray], np.ndarray]
Backward = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]

LEAKY_SLOPE = 0.2  # keras.activations.leaky_relu's default negative_slope
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


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


def leaky_relu(x: np.ndarray) -> np.ndarray:
    """g(z) = z for z > 0, else 0.2 z (Keras's default negative_slope=0.2)."""
    return np.where(x > 0, x, x * np.float32(LEAKY_SLOPE))


def relu6(x: np.ndarray) -> np.ndarray:
    """g(z) = min(max(z, 0), 6)."""
    return np.clip(x, 0, 6)


def elu(x: np.ndarray) -> np.ndarray:
    """g(z) = z for z > 0, else e^z - 1 (alpha = 1, Keras's default)."""
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def selu(x: np.ndarray) -> np.ndarray:
    """g(z) = scale * elu(z) with alpha = 1.6733 and scale = 1.0507: keeps activations near mean
    0 and variance 1 through many layers (with lecun_normal weights)."""
    negative = np.float32(SELU_ALPHA) * np.expm1(np.minimum(x, 0))
    return np.float32(SELU_SCALE) * np.where(x > 0, x, negative)


def celu(x: np.ndarray) -> np.ndarray:
    """g(z) = max(z, 0) + e^min(z, 0) - 1 (alpha = 1, Keras's default)."""
    return np.maximum(x, 0) + np.expm1(np.minimum(x, 0))


def softplus(x: np.ndarray) -> np.ndarray:
    """g(z) = log(1 + e^z), a smooth relu, computed as max(z, 0) + log(1 + e^-|z|) so e^z never
    overflows."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def softsign(x: np.ndarray) -> np.ndarray:
    """g(z) = z / (1 + |z|), a tanh that saturates more slowly."""
    return x / (1 + np.abs(x))


def silu(x: np.ndarray) -> np.ndarray:
    """g(z) = z * sigmoid(z) (Keras also calls it swish)."""
    return x * sigmoid(x)


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function element by element (NumPy has none; math.erf is exact)."""
    return np.asarray(np.frompyfunc(math.erf, 1, 1)(x.astype(np.float64)), dtype=x.dtype)


def gelu(x: np.ndarray) -> np.ndarray:
    """g(z) = z * Phi(z), Phi the standard normal CDF: the exact form, Keras's default
    (approximate=False). Slower than the others, as NumPy has no vectorised erf."""
    return 0.5 * x * (1 + _erf(x / np.sqrt(x.dtype.type(2))))


def hard_sigmoid(x: np.ndarray) -> np.ndarray:
    """g(z) = relu6(z + 3) / 6, Keras 3's definition (Keras 2's was clip(0.2 z + 0.5, 0, 1))."""
    return np.clip(x + 3, 0, 6) / 6


def hard_silu(x: np.ndarray) -> np.ndarray:
    """g(z) = z * hard_sigmoid(z) (Keras also calls it hard_swish)."""
    return x * hard_sigmoid(x)


def hard_tanh(x: np.ndarray) -> np.ndarray:
    """g(z) = clip(z, -1, 1)."""
    return np.clip(x, -1, 1)


def mish(x: np.ndarray) -> np.ndarray:
    """g(z) = z * tanh(softplus(z))."""
    return x * np.tanh(softplus(x))


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """g(z) = log(sigmoid(z)) = -softplus(-z)."""
    return -softplus(-x)


def exponential(x: np.ndarray) -> np.ndarray:
    """g(z) = e^z."""
    return np.exp(x)


def linear_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad


def relu_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * (a > 0)  # slope 1 where the unit is on, 0 where it is off (and at 0, as TF)


def sigmoid_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * a * (1 - a)  # g'(z) = g(z) (1 - g(z))


def tanh_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * (1 - a * a)  # g'(z) = 1 - g(z)^2


def softmax_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    # Each output depends on every z of its row: dL/dz_j = a_j (dL/da_j - sum_i a_i dL/da_i).
    return a * (grad - (grad * a).sum(axis=-1, keepdims=True))


def leaky_relu_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return np.where(z > 0, grad, grad * np.float32(LEAKY_SLOPE))


def relu6_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * ((z > 0) & (z < 6))  # flat outside (0, 6), as TF's Relu6Grad


def elu_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return np.where(z > 0, grad, grad * (a + 1))  # e^z = a + 1 where z <= 0


def selu_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    # scale where z > 0; elsewhere scale * alpha * e^z, which is a + scale * alpha.
    scale = np.float32(SELU_SCALE)
    return np.where(z > 0, grad * scale, grad * (a + scale * np.float32(SELU_ALPHA)))


def celu_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return np.where(z > 0, grad, grad * (a + 1))


def softplus_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * sigmoid(z)


def softsign_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    d = 1 + np.abs(z)
    return grad / (d * d)


def silu_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    s = sigmoid(z)
    return grad * (s + a * (1 - s))  # s + z s (1 - s), where z s = a


def gelu_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    cdf = 0.5 * (1 + _erf(z / np.sqrt(z.dtype.type(2))))
    pdf = np.exp(-0.5 * z * z) / np.sqrt(z.dtype.type(2 * math.pi))
    return grad * (cdf + z * pdf)  # Phi(z) + z phi(z)


def hard_sigmoid_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * ((z > -3) & (z < 3)) / 6


def hard_silu_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * (hard_sigmoid(z) + z * ((z > -3) & (z < 3)) / 6)


def hard_tanh_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * ((z >= -1) & (z <= 1))  # as tf.clip_by_value's gradient


def mish_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    t = np.tanh(softplus(z))
    return grad * (t + z * (1 - t * t) * sigmoid(z))


def log_sigmoid_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * sigmoid(-z)


def exponential_backward(z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
    return grad * a


ACTIVATIONS: dict[str, Activation] = {
    "linear": linear,
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "softmax": softmax,
    "leaky_relu": leaky_relu,
    "relu6": relu6,
    "elu": elu,
    "selu": selu,
    "celu": celu,
    "softplus": softplus,
    "softsign": softsign,
    "silu": silu,
    "gelu": gelu,
    "hard_sigmoid": hard_sigmoid,
    "hard_silu": hard_silu,
    "hard_tanh": hard_tanh,
    "mish": mish,
    "log_sigmoid": log_sigmoid,
    "exponential": exponential,
    "swish": silu,  # Keras's alias
    "hard_swish": hard_silu,  # Keras's alias
}

BACKWARD: dict[Activation, Backward] = {
    linear: linear_backward,
    relu: relu_backward,
    sigmoid: sigmoid_backward,
    tanh: tanh_backward,
    softmax: softmax_backward,
    leaky_relu: leaky_relu_backward,
    relu6: relu6_backward,
    elu: elu_backward,
    selu: selu_backward,
    celu: celu_backward,
    softplus: softplus_backward,
    softsign: softsign_backward,
    silu: silu_backward,
    gelu: gelu_backward,
    hard_sigmoid: hard_sigmoid_backward,
    hard_silu: hard_silu_backward,
    hard_tanh: hard_tanh_backward,
    mish: mish_backward,
    log_sigmoid: log_sigmoid_backward,
    exponential: exponential_backward,
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


def backward(activation: Activation) -> Backward:
    """The function (z, a, dL/da) -> dL/dz for the given activation."""
    return BACKWARD[activation]
