"""The layers: `Input` declares the width of x; `Dense` computes z = a_in @ W + b, a = g(z)."""

from __future__ import annotations

import numpy as np

from tutor.engine import activations, initializers
from tutor.engine.errors import EngineError, require_positive
from tutor.engine.utils import quiet_overflow, unique_name


def _width(shape: object) -> int:
    """The feature count from `shape=(n,)` (or a bare `n`)."""
    dims = (shape,) if isinstance(shape, int) else tuple(shape) if shape is not None else ()
    if len(dims) != 1:
        raise EngineError(
            f"Input shape={shape!r} is not supported: Dense networks take one row of features "
            f"per sample, so give shape=(number_of_features,), e.g. shape=(2,)."
        )
    require_positive("The number of input features in Input(shape=...)", dims[0], integer=True)
    return int(dims[0])


class Input:
    """`Input(shape=(n,))`: the model's input is n features wide (the batch size stays open)."""

    def __init__(self, shape: tuple[int, ...] | int, batch_size: int | None = None, name=None):
        self.width = _width(shape)
        self.shape = (batch_size, self.width)
        self.name = name or unique_name("input_layer")


class Dense:
    """A fully connected layer: every unit sees every input.

    The weights are created in `build` once the input width is known: kernel W has shape
    (inputs, units) and bias b has shape (units,).
    """

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = None,
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        name: str | None = None,
        input_shape: tuple[int, ...] | None = None,
    ) -> None:
        require_positive("Dense(units) — the number of units", units, integer=True)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.name = name or unique_name("dense")
        self.kernel: np.ndarray | None = None
        self.bias: np.ndarray | None = None
        self.input_width = _width(input_shape) if input_shape is not None else None

    @property
    def built(self) -> bool:
        return self.kernel is not None

    def build(self, input_shape: int | tuple[int | None, ...]) -> None:
        """Create W (inputs x units) and b (units) now that the input width is known.

        Takes the width itself or a Keras shape such as (None, 400).
        """
        width = input_shape if isinstance(input_shape, int) else input_shape[-1]
        self.input_width = int(width)
        self.kernel = self.kernel_initializer((self.input_width, self.units))
        if self.use_bias:
            self.bias = self.bias_initializer((self.units,))

    def forward(self, a_in: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(z, a) for a batch: z = a_in @ W + b, a = g(z)."""
        z = a_in @ self.kernel
        if self.use_bias:
            z += self.bias  # same as `+ b`, without a second array
        return z, self.activation(z)

    def call(self, a_in: np.ndarray) -> np.ndarray:
        return self.forward(a_in)[1]

    def backward(
        self, a_in: np.ndarray, dz: np.ndarray, input_grad: bool = True
    ) -> tuple[list[np.ndarray], np.ndarray | None]:
        """From dL/dz for a batch: ([dL/dW, dL/db], dL/da_in for the layer before).

        dL/dW = a_in.T @ dz sums each weight's effect over the batch; dL/db = dz summed over the
        batch; dL/da_in = dz @ W.T sends the error back through the same weights.
        """
        grads = [a_in.T @ dz]
        if self.use_bias:
            grads.append(dz.sum(axis=0))
        return grads, (dz @ self.kernel.T if input_grad else None)

    @quiet_overflow
    def __call__(self, x: object) -> np.ndarray:
        a_in = as_batch(x, "the layer's input")
        if not self.built:
            self.build(a_in.shape[1])
        check_width(self, a_in)
        return self.call(a_in)

    @property
    def weights(self) -> list[np.ndarray]:
        """[kernel, bias] once built; [] before, as in Keras."""
        if not self.built:
            return []
        return [self.kernel, self.bias] if self.use_bias else [self.kernel]

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        return self.weights  # a Dense layer has no frozen weights

    def get_weights(self) -> list[np.ndarray]:
        return [w.copy() for w in self.weights]

    def set_weights(self, weights: list[np.ndarray]) -> None:
        expected = [(self.input_width, self.units)] + ([(self.units,)] if self.use_bias else [])
        if not self.built or len(weights) != len(expected):
            raise EngineError(
                f"Layer '{self.name}' holds {len(expected) if self.built else 0} weight arrays "
                f"(kernel{' and bias' if self.use_bias else ''}); got {len(weights)}."
            )
        for target, value, shape in zip(self.weights, weights, expected, strict=True):
            value = np.asarray(value, dtype=np.float32)
            if value.shape != shape:
                raise EngineError(
                    f"Layer '{self.name}' expects a weight of shape {shape}; got {value.shape}."
                )
            target[...] = value

    def count_params(self) -> int:
        if not self.built:
            return 0
        return self.input_width * self.units + (self.units if self.use_bias else 0)

    def __repr__(self) -> str:
        activation = self.activation.__name__
        return f"<Dense name={self.name}, units={self.units}, activation={activation}>"


def as_batch(x: object, what: str = "x") -> np.ndarray:
    """x as a float32 array of shape (samples, features), or an error saying how to get one."""
    try:
        array = np.asarray(x, dtype=np.float32)
    except (TypeError, ValueError) as error:
        raise EngineError(
            f"{what} must be numbers in a rectangular array (samples, features); "
            f"NumPy could not read it: {error}."
        ) from None
    if array.ndim == 1:
        raise EngineError(
            f"{what} has shape {array.shape}, but Dense layers take a 2-D array "
            f"(samples, features). For {array.shape[0]} samples of one feature use "
            f"x.reshape(-1, 1); for one sample of {array.shape[0]} features use x.reshape(1, -1)."
        )
    if array.ndim != 2:
        raise EngineError(
            f"{what} has shape {array.shape}, but Dense layers take a 2-D array "
            f"(samples, features). Flatten each sample first: x.reshape(len(x), -1)."
        )
    if array.shape[0] == 0:
        raise EngineError(f"{what} has no samples (shape {array.shape}).")
    return array


def check_width(layer: Dense, a_in: np.ndarray) -> None:
    if a_in.shape[1] != layer.input_width:
        raise EngineError(
            f"Layer '{layer.name}' expects {layer.input_width} input features per sample "
            f"(its kernel has shape {layer.kernel.shape}), but received {a_in.shape[1]} "
            f"(an array of shape {a_in.shape})."
        )
