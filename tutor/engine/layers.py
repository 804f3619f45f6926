"""The layers: `Input` declares the width of x; `Dense` computes z = a_in @ W + b, a = g(z);
`Normalization` rescales each feature with numbers measured once on the training data;
`Dropout` silences a random share of its inputs while `fit` trains."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from tutor.engine import activations, initializers
from tutor.engine.errors import EngineError, reject_unsupported, require_positive
from tutor.engine.utils import generator, quiet_overflow, unique_name


def _width(shape: int | Iterable[int] | None) -> int:
    """The feature count from `shape=(n,)` (or a bare `n`)."""
    dims = (shape,) if isinstance(shape, int) else tuple(shape) if shape is not None else ()
    if len(dims) != 1:
        raise EngineError(
            f"Input shape={shape!r} is not supported: Dense networks take one row of features "
            f"per sample, so give shape=(number_of_features,), e.g. shape=(2,)."
        )
    require_positive("The number of input features in Input(shape=...)", dims[0], integer=True)
    return int(dims[0])


def build_width(input_shape: int | tuple[int | None, ...]) -> int:
    """The input width `build` was given: the width itself or a Keras shape such as (None, 400)."""
    width = input_shape if isinstance(input_shape, int) else input_shape[-1]
    if width is None:
        raise EngineError(
            f"build({input_shape!r}) needs the number of input features last, e.g. (None, 4)."
        )
    return int(width)


class Input:
    """`Input(shape=(n,))`: the model's input is n features wide (the batch size stays open)."""

    def __init__(
        self,
        shape: tuple[int, ...] | int,
        batch_size: int | None = None,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        reject_unsupported("Input", unsupported, ["shape", "batch_size", "name"])
        self.width = _width(shape)
        self.shape = (batch_size, self.width)
        self.name = name or unique_name("input_layer")


DENSE_KEYWORDS = (
    "units",
    "activation",
    "use_bias",
    "kernel_initializer",
    "bias_initializer",
    "name",
    "input_shape",
)


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
        **unsupported: object,
    ) -> None:
        reject_unsupported("Dense", unsupported, DENSE_KEYWORDS)
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
        self.input_width = build_width(input_shape)
        self.kernel = self.kernel_initializer((self.input_width, self.units))
        if self.use_bias:
            self.bias = self.bias_initializer((self.units,))

    def forward(self, a_in: np.ndarray, training: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(z, a) for a batch: z = a_in @ W + b, a = g(z) (the same in training)."""
        z = a_in @ self._built_kernel()
        if self.bias is not None:  # made by build exactly when use_bias
            z += self.bias  # same as `+ b`, without a second array
        return z, self.activation(z)

    def _built_kernel(self) -> np.ndarray:
        """W; before `build` made it, an error instead of arithmetic on None."""
        if self.kernel is None:
            raise EngineError(
                f"Layer '{self.name}' has no weights yet: call it on a batch, or put it in a "
                f"model that knows its input width (Input(shape=...)), first."
            )
        return self.kernel

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
        return grads, (dz @ self._built_kernel().T if input_grad else None)

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
        if self.kernel is None:
            return []
        return [self.kernel] if self.bias is None else [self.kernel, self.bias]

    @property
    def weight_names(self) -> list[str]:
        """The name of each array in `weights`, as Keras names its variables."""
        return ["kernel", "bias"] if self.use_bias else ["kernel"]

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        return self.weights  # a Dense layer has no frozen weights

    @property
    def trainable_weight_names(self) -> list[str]:
        return self.weight_names

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
        """inputs x units + units (the bias) once built; 0 before."""
        return sum(w.size for w in self.weights)

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


def check_width(layer: Dense | Normalization | Dropout, a_in: np.ndarray) -> None:
    if a_in.shape[1] != layer.input_width:
        held = (
            f"its kernel has shape {(layer.input_width, layer.units)}"
            if isinstance(layer, Dense)
            else "its mean and variance were made for that many"
            if isinstance(layer, Normalization)
            else "the layer before it gives that many"
        )
        raise EngineError(
            f"Layer '{layer.name}' expects {layer.input_width} input features per sample "
            f"({held}), but received {a_in.shape[1]} (an array of shape {a_in.shape})."
        )


# Keras's backend.epsilon(): the smallest standard deviation Normalization divides by.
EPSILON = np.float32(1e-7)


class Normalization:
    """`Normalization()`: each feature x_j becomes (x_j - mean_j) / max(sqrt(variance_j), 1e-7).

    The mean and variance are measured once, by `adapt(X_train)` (the population variance, as
    `np.var`), or given as `Normalization(mean=..., variance=...)`. They are never trained: the
    optimizer leaves them alone, and new data at serving time is scaled with the training data's
    numbers. As in Keras, an adapted layer holds three non-trainable weights, [mean, variance,
    count] (count is an int64 kept at 0, for old saved models); one given mean and variance holds
    them as constants, not weights. Only axis=-1 (one mean per feature) is supported.

    Departure from Keras: an un-adapted layer raises an EngineError when used, where Keras would
    quietly divide by its initial variance of 1 and pass the data through unscaled.
    """

    def __init__(
        self,
        axis: int = -1,
        mean: object = None,
        variance: object = None,
        invert: bool = False,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        reject_unsupported(
            "Normalization", unsupported, ["axis", "mean", "variance", "invert", "name"]
        )
        if axis not in (-1, 1):
            raise EngineError(
                f"Normalization(axis={axis!r}) is not supported: tutor's models take rows of "
                f"features, so the layer keeps one mean and variance per feature (axis=-1)."
            )
        if (mean is None) != (variance is None):
            raise EngineError(
                "Normalization takes mean and variance together, or neither (then call "
                f"adapt(X_train) to measure them); got mean={mean!r} and variance={variance!r}."
            )
        self.axis = -1
        self.invert = bool(invert)
        self.name = name or unique_name("normalization")
        self.activation = activations.linear  # the output goes on unchanged, as `a`
        self.input_mean: np.ndarray | None = None
        self.input_variance: np.ndarray | None = None
        if mean is not None and variance is not None:
            input_mean = self._constant(mean, "mean")
            input_variance = self._constant(variance, "variance")
            if input_mean.shape != input_variance.shape:
                raise EngineError(
                    f"Normalization's mean and variance must have the same shape; got "
                    f"{input_mean.shape} and {input_variance.shape}."
                )
            self.input_mean, self.input_variance = input_mean, input_variance
        self.input_width: int | None = None
        self.mean: np.ndarray | None = None
        self.variance: np.ndarray | None = None
        self.count: np.ndarray | None = None
        self.adapted = mean is not None

    @staticmethod
    def _constant(value: object, what: str) -> np.ndarray:
        array = np.asarray(value, dtype=np.float32)
        if array.ndim > 1:
            raise EngineError(
                f"Normalization's {what} must be one number or one per feature; got shape "
                f"{array.shape}."
            )
        return array

    @property
    def built(self) -> bool:
        return self.mean is not None

    @property
    def units(self) -> int | None:
        """The output width, the same as the input's (read by the next layer's build)."""
        return self.input_width

    def build(self, input_shape: int | tuple[int | None, ...]) -> None:
        """Make the mean and variance arrays for this many features (zeros and ones until adapt,
        as Keras initialises them), or broadcast the given ones to that width."""
        self.input_width = width = build_width(input_shape)
        given_mean, given_variance = self.input_mean, self.input_variance
        if given_mean is None or given_variance is None:  # both or neither: see __init__
            self.mean = np.zeros(width, dtype=np.float32)
            self.variance = np.ones(width, dtype=np.float32)
            self.count = np.zeros((), dtype=np.int64)
            return
        try:
            self.mean = np.broadcast_to(given_mean, (width,)).astype(np.float32)
            self.variance = np.broadcast_to(given_variance, (width,)).astype(np.float32)
        except ValueError:
            raise EngineError(
                f"Normalization '{self.name}' was given a mean of shape {given_mean.shape}, "
                f"which does not fit inputs of {width} features: give one number, or {width}."
            ) from None

    def adapt(self, data: object) -> None:
        """Measure each feature's mean and population variance on `data` (the training inputs
        only, so validation and test data stay unseen)."""
        if self.input_mean is not None:
            raise EngineError(
                f"Normalization '{self.name}' was given its mean and variance when it was made, "
                f"so there is nothing to adapt; make it as Normalization() to use adapt()."
            )
        x = as_batch(data, "The data given to adapt()")
        if not self.built:
            self.build(x.shape[1])
        check_width(self, x)
        mean, variance = self._built_arrays()
        if not np.isfinite(x).all():
            raise EngineError(
                "The data given to adapt() contains NaN or infinite values, so its mean and "
                "variance would be too. Remove or fill them first."
            )
        # As Keras: NumPy's mean and variance in the data's own float type, stored as float32.
        source = data if isinstance(data, np.ndarray) and data.dtype.kind == "f" else x
        mean[...] = np.mean(source, axis=0)
        variance[...] = np.var(source, axis=0)
        self.adapted = True

    def _built_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(mean, variance); before `build` made them, an error instead of arithmetic on None."""
        if self.mean is None or self.variance is None:
            raise EngineError(
                f"Normalization '{self.name}' has no mean and variance yet: call it on a batch, "
                f"or adapt it, first."
            )
        return self.mean, self.variance

    def _mean_and_scale(self) -> tuple[np.ndarray, np.ndarray]:
        if not self.adapted:
            raise EngineError(
                f"Normalization '{self.name}' has not been adapted: call "
                f"{self.name}.adapt(X_train) with the training inputs before fit, evaluate or "
                f"predict (or make it with mean=... and variance=...)."
            )
        mean, variance = self._built_arrays()
        return mean, np.maximum(np.sqrt(variance), EPSILON)

    def forward(self, a_in: np.ndarray, training: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(out, out): a fixed affine map per feature, so z and a are the same array."""
        mean, scale = self._mean_and_scale()
        out = mean + a_in * scale if self.invert else (a_in - mean) / scale
        return out, out

    def call(self, a_in: np.ndarray) -> np.ndarray:
        return self.forward(a_in)[1]

    def backward(
        self, a_in: np.ndarray, dz: np.ndarray, input_grad: bool = True
    ) -> tuple[list[np.ndarray], np.ndarray | None]:
        """No gradients of its own (nothing here is trained); dL/da_in is dz divided by the
        same scale the forward pass divided by (multiplied, when inverting)."""
        if not input_grad:
            return [], None
        _, scale = self._mean_and_scale()
        return [], dz * scale if self.invert else dz / scale

    @quiet_overflow
    def __call__(self, x: object) -> np.ndarray:
        a_in = as_batch(x, "the layer's input")
        if not self.built:
            self.build(a_in.shape[1])
        check_width(self, a_in)
        return self.call(a_in)

    @property
    def weights(self) -> list[np.ndarray]:
        """[mean, variance, count] once built by adapt's route; [] with a given mean, as Keras
        (build makes `count` on that route only)."""
        if self.mean is None or self.variance is None or self.count is None:
            return []
        return [self.mean, self.variance, self.count]

    @property
    def weight_names(self) -> list[str]:
        return ["mean", "variance", "count"] if self.weights else []

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        return []

    @property
    def trainable_weight_names(self) -> list[str]:
        return []

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        return self.weights

    def get_weights(self) -> list[np.ndarray]:
        return [w.copy() for w in self.weights]

    def set_weights(self, weights: list[np.ndarray]) -> None:
        """[mean, variance, count], as `get_weights` gives them; the layer counts as adapted."""
        targets = self.weights
        if len(weights) != len(targets):
            raise EngineError(
                f"Layer '{self.name}' holds {len(targets)} weight arrays"
                f"{' (mean, variance and count)' if targets else ''}; got {len(weights)}."
            )
        for target, value in zip(targets, weights, strict=True):
            value = np.asarray(value, dtype=target.dtype)
            if value.shape != target.shape:
                raise EngineError(
                    f"Layer '{self.name}' expects a weight of shape {target.shape}; "
                    f"got {value.shape}."
                )
            target[...] = value
        if targets:
            self.adapted = True

    def count_params(self) -> int:
        return sum(w.size for w in self.weights)

    def __repr__(self) -> str:
        return f"<Normalization name={self.name}, adapted={self.adapted}>"


class Dropout:
    """`Dropout(rate)`: while `fit` trains, each input is set to 0 with probability `rate` and
    the survivors are multiplied by 1 / (1 - rate), so the expected sum is unchanged; in
    `predict` and `evaluate` (and validation) the layer passes its input through untouched.

    Silencing random units stops the next layer from relying on any single one, which fights
    overfitting. The random masks come from tutor's own generator (`set_random_seed` makes them
    repeatable), not TensorFlow's, so a model with Dropout trains to different numbers than Keras
    does from the same weights: the rule is Keras's, the dice are not.
    """

    def __init__(
        self,
        rate: float,
        noise_shape: None = None,
        seed: int | None = None,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        reject_unsupported("Dropout", unsupported, ["rate", "seed", "name"])
        if noise_shape is not None:
            raise EngineError(
                f"Dropout(noise_shape={noise_shape!r}) is not supported: tutor's Dropout drops "
                f"each input on its own. Supported keywords: rate, seed, name."
            )
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate < 1:
            raise EngineError(
                f"Dropout(rate) is the fraction of inputs dropped, from 0 up to (not including) "
                f"1, e.g. Dropout(0.2); got {rate!r}."
            )
        self.rate = float(rate)
        self.seed = seed
        self._rng = None if seed is None else np.random.default_rng(seed)
        self.name = name or unique_name("dropout")
        self.activation = activations.linear  # its output goes on as `a`
        self.input_width: int | None = None
        self._mask: np.ndarray | None = None

    @property
    def built(self) -> bool:
        return self.input_width is not None

    @property
    def units(self) -> int | None:
        """The output width, the same as the input's (read by the next layer's build)."""
        return self.input_width

    def build(self, input_shape: int | tuple[int | None, ...]) -> None:
        self.input_width = build_width(input_shape)

    def forward(self, a_in: np.ndarray, training: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(out, out): in training, a_in times a fresh mask of 0s and 1 / (1 - rate)s."""
        if not training or self.rate == 0:
            self._mask = None
            return a_in, a_in
        rng = self._rng if self._rng is not None else generator()
        keep = rng.random(a_in.shape, dtype=np.float32) >= self.rate
        self._mask = keep.astype(a_in.dtype) / a_in.dtype.type(1 - self.rate)
        out = a_in * self._mask
        return out, out

    def call(self, a_in: np.ndarray) -> np.ndarray:
        return a_in

    def backward(
        self, a_in: np.ndarray, dz: np.ndarray, input_grad: bool = True
    ) -> tuple[list[np.ndarray], np.ndarray | None]:
        """No weights; the gradient flows back only through the inputs that were kept."""
        if not input_grad:
            return [], None
        return [], dz if self._mask is None else dz * self._mask

    def __call__(self, x: object, training: bool = False) -> np.ndarray:
        a_in = as_batch(x, "the layer's input")
        if not self.built:
            self.build(a_in.shape[1])
        check_width(self, a_in)
        return self.forward(a_in, training)[1]

    @property
    def weights(self) -> list[np.ndarray]:
        return []

    trainable_weights = non_trainable_weights = weights

    @property
    def weight_names(self) -> list[str]:
        return []

    trainable_weight_names = weight_names

    def get_weights(self) -> list[np.ndarray]:
        return []

    def set_weights(self, weights: list[np.ndarray]) -> None:
        if len(weights):
            raise EngineError(f"Layer '{self.name}' (Dropout) has no weights; got {len(weights)}.")

    def count_params(self) -> int:
        return 0

    def __repr__(self) -> str:
        return f"<Dropout name={self.name}, rate={self.rate:g}>"
