"""Losses: how far the outputs are from the labels, and the gradient that starts backprop.

Every loss averages a per-sample value over the batch (Keras's "sum_over_batch_size").

TensorFlow detail, kept for faithfulness: when the output layer is `sigmoid` or `softmax`, every
crossentropy loss is computed from the layer's pre-activation z (the logits), with
`from_logits=False` or True, e.g. max(z, 0) - z*y + log(1 + e^-|z|) for binary crossentropy.
That is exact where log(clip(p)) would flatten out, so a confidently wrong output still gets a
gradient. It holds across the pairs too (Keras's `_get_logits` takes the z any sigmoid or softmax
left on its output): a sigmoid output with a categorical loss is the softmax crossentropy of z,
a softmax output with binary crossentropy the sigmoid crossentropy of z. Keras's JAX, PyTorch and
NumPy backends compute from the outputs instead; tests/engine/test_output_heads.py has both.
"""

from __future__ import annotations

import numpy as np

from tutor.engine import activations
from tutor.engine.errors import EngineError, named, reject_unsupported

EPSILON = 1e-7  # Keras's backend.epsilon(): probabilities are clipped to [EPSILON, 1 - EPSILON]


def _clip_mask(p: np.ndarray) -> np.ndarray:
    """Where clipping left p alone: only there does a gradient pass (as tf.clip_by_value)."""
    return (p >= EPSILON) & (p <= 1 - EPSILON)


def _mean(values: np.ndarray) -> np.floating:
    """The mean over every value: per sample and over the batch at once (sum / count is the same
    number as np.mean, with less overhead on small batches)."""
    return values.sum() / values.size


def _log_sum_exp(z: np.ndarray) -> np.ndarray:
    top = z.max(axis=-1, keepdims=True)
    return np.log(np.exp(z - top).sum(axis=-1, keepdims=True)) + top


def _labels_array(y: object) -> np.ndarray:
    try:
        return np.asarray(y, dtype=np.float32)
    except (TypeError, ValueError) as error:
        raise EngineError(f"y must be numbers; NumPy could not read it: {error}.") from None


class Loss:
    """Base class: `loss(y_true, y_pred)` gives the mean loss, as in Keras."""

    name = "loss"
    link: activations.Activation | None = None  # the activation whose logits this loss can read

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0) -> None:
        self.from_logits = from_logits
        if isinstance(label_smoothing, bool) or not 0 <= label_smoothing <= 1:
            raise EngineError(
                f"label_smoothing is a fraction from 0 (none) to 1; got {label_smoothing!r}."
            )
        self.label_smoothing = float(label_smoothing)

    def __call__(self, y_true: object, y_pred: object) -> float:
        out = np.asarray(y_pred, dtype=np.float32)
        y = self.labels(y_true, out.shape[-1] if out.ndim > 1 else 1, len(out))
        if out.ndim == 1:
            out = out.reshape(-1, 1)
        return float(self.value_and_grad(y, out, self.from_logits)[0])

    def reads_logits(self, output_activation: activations.Activation) -> bool:
        """True if TF would compute this loss from the output layer's z (see module docstring)."""
        return self.link is not None and output_activation in (
            activations.sigmoid,
            activations.softmax,
        )

    def labels(self, y: object, units: int, samples: int) -> np.ndarray:
        """y checked against the output layer and converted to the form `value_and_grad` takes."""
        raise NotImplementedError

    def value_and_grad(
        self, y: np.ndarray, out: np.ndarray, logits: bool, probs: np.ndarray | None = None
    ) -> tuple[np.floating, np.ndarray]:
        """(batch loss, dL/dout). `out` holds logits if `logits`, else the outputs; `probs` may
        pass g(logits) when the forward pass already computed it."""
        raise NotImplementedError

    def _same_shape_labels(self, y: object, units: int, samples: int) -> np.ndarray:
        array = _labels_array(y)
        if array.ndim == 1 and units == 1:
            array = array.reshape(-1, 1)  # Keras expands (n,) labels to match a (n, 1) output
        if array.shape != (samples, units):
            raise EngineError(
                f"{type(self).__name__} compares each output with a label, so y must have shape "
                f"({samples}, {units}) to match the output layer's {units} unit(s); "
                f"got y of shape {array.shape}."
            )
        return array

    def __repr__(self) -> str:
        smoothing = f"label_smoothing={self.label_smoothing:g}" if self.label_smoothing else ""
        return f"{type(self).__name__}({smoothing})"


def _reject(loss: str, unsupported: dict[str, object], supported: list[str]) -> None:
    reject_unsupported(loss, unsupported, supported)


class MeanSquaredError(Loss):
    """mean((y - out)^2) over the outputs of each sample."""

    name = "mean_squared_error"

    def __init__(self, name: str | None = None, **unsupported: object) -> None:
        _reject("MeanSquaredError", unsupported, ["name"])
        super().__init__(from_logits=False)

    def labels(self, y: object, units: int, samples: int) -> np.ndarray:
        return self._same_shape_labels(y, units, samples)

    def value_and_grad(
        self, y: np.ndarray, out: np.ndarray, logits: bool, probs: np.ndarray | None = None
    ) -> tuple[np.floating, np.ndarray]:
        error = out - y
        return _mean(error * error), error * (2 / error.size)


class MeanAbsoluteError(Loss):
    """mean(|y - out|) over the outputs of each sample: every unit of error costs the same, so
    a few wild labels pull the fit less than under the squared error."""

    name = "mean_absolute_error"

    def __init__(self, name: str | None = None, **unsupported: object) -> None:
        _reject("MeanAbsoluteError", unsupported, ["name"])
        super().__init__(from_logits=False)

    def labels(self, y: object, units: int, samples: int) -> np.ndarray:
        return self._same_shape_labels(y, units, samples)

    def value_and_grad(
        self, y: np.ndarray, out: np.ndarray, logits: bool, probs: np.ndarray | None = None
    ) -> tuple[np.floating, np.ndarray]:
        error = out - y
        return _mean(np.abs(error)), np.sign(error) / error.size  # slope 0 at 0, as TF's abs


class Huber(Loss):
    """Squared error for small errors, absolute error beyond `delta`: per output
    0.5 e^2 where |e| <= delta, else delta |e| - 0.5 delta^2 (continuous at delta)."""

    name = "huber_loss"

    def __init__(self, delta: float = 1.0, name: str | None = None, **unsupported: object) -> None:
        _reject("Huber", unsupported, ["delta", "name"])
        super().__init__(from_logits=False)
        if isinstance(delta, bool) or not isinstance(delta, int | float) or not delta > 0:
            raise EngineError(f"Huber(delta) must be a number above 0; got {delta!r}.")
        self.delta = float(delta)

    def labels(self, y: object, units: int, samples: int) -> np.ndarray:
        return self._same_shape_labels(y, units, samples)

    def value_and_grad(
        self, y: np.ndarray, out: np.ndarray, logits: bool, probs: np.ndarray | None = None
    ) -> tuple[np.floating, np.ndarray]:
        error = out - y
        size = np.abs(error)
        delta = out.dtype.type(self.delta)
        linear = delta * size - 0.5 * delta * delta
        per_output = np.where(size <= delta, 0.5 * error * error, linear)
        return _mean(per_output), np.clip(error, -delta, delta) / error.size

    def __repr__(self) -> str:
        return f"Huber(delta={self.delta:g})"


class BinaryCrossentropy(Loss):
    """-(y log p + (1 - y) log(1 - p)) per output, for labels 0 or 1 (or in between)."""

    name = "binary_crossentropy"
    link = staticmethod(activations.sigmoid)

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        _reject("BinaryCrossentropy", unsupported, ["from_logits", "label_smoothing", "name"])
        super().__init__(from_logits, label_smoothing)

    def labels(self, y: object, units: int, samples: int) -> np.ndarray:
        array = self._same_shape_labels(y, units, samples)
        if array.size and (array.min() < 0 or array.max() > 1):
            raise EngineError(
                f"BinaryCrossentropy needs labels between 0 and 1 (each is the probability of "
                f"the positive class); y holds values from {array.min():g} to {array.max():g}. "
                f"For one of several classes, end with Dense(number_of_classes, "
                f"activation='softmax') and use SparseCategoricalCrossentropy."
            )
        return array

    def value_and_grad(
        self, y: np.ndarray, out: np.ndarray, logits: bool, probs: np.ndarray | None = None
    ) -> tuple[np.floating, np.ndarray]:
        if self.label_smoothing:  # as Keras: 1 becomes 1 - s/2 and 0 becomes s/2
            s = y.dtype.type(self.label_smoothing)
            y = y * (1 - s) + 0.5 * s
        if logits:
            z = out
            p = activations.sigmoid(z) if probs is None else probs
            per_output = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
            return _mean(per_output), (p - y) / z.size
        p = np.clip(out, EPSILON, 1 - EPSILON)
        per_output = -(y * np.log(p) + (1 - y) * np.log(1 - p))
        grad = (p - y) / (p * (1 - p)) * _clip_mask(out)
        return _mean(per_output), grad / out.size


class SparseCategoricalCrossentropy(Loss):
    """-log p[label]: labels are class numbers 0, 1, ..., units - 1."""

    name = "sparse_categorical_crossentropy"
    link = staticmethod(activations.softmax)

    def __init__(
        self, from_logits: bool = False, name: str | None = None, **unsupported: object
    ) -> None:
        # Keras's SparseCategoricalCrossentropy has no label_smoothing either.
        _reject("SparseCategoricalCrossentropy", unsupported, ["from_logits", "name"])
        super().__init__(from_logits)

    def labels(self, y: object, units: int, samples: int) -> np.ndarray:
        array = _labels_array(y)
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]  # (n, 1) class numbers are accepted, as Keras squeezes them
        if array.ndim == 2 and array.shape[1] == units and units > 1:
            raise EngineError(
                f"SparseCategoricalCrossentropy takes one class number per sample, but y has "
                f"shape {array.shape} (one column per class, 'one-hot'). Use "
                f"CategoricalCrossentropy for one-hot labels, or pass y.argmax(axis=1)."
            )
        if array.shape != (samples,):
            raise EngineError(
                f"SparseCategoricalCrossentropy takes one class number per sample: y must have "
                f"shape ({samples},); got {array.shape}."
            )
        if np.any(array != np.round(array)):
            raise EngineError(
                "SparseCategoricalCrossentropy takes whole class numbers (0, 1, 2, ...), but y "
                "holds fractions. For a yes/no probability per sample use BinaryCrossentropy "
                "with a 1-unit sigmoid output."
            )
        if array.min() < 0 or array.max() >= units:
            raise EngineError(
                f"The output layer has {units} units, so class numbers must be 0 to {units - 1}; "
                f"y holds {array.min():g} to {array.max():g}. Give the last Dense layer "
                f"{int(array.max()) + 1} units (one per class)."
            )
        return array.astype(np.intp)

    def value_and_grad(
        self, y: np.ndarray, out: np.ndarray, logits: bool, probs: np.ndarray | None = None
    ) -> tuple[np.floating, np.ndarray]:
        rows = np.arange(len(y))
        if not logits:
            # As TF: the log of the clipped probabilities become the logits.
            p = np.clip(out, EPSILON, 1 - EPSILON)
            value, grad = self.value_and_grad(y, np.log(p), logits=True)
            return value, grad / p * _clip_mask(out)
        p = activations.softmax(out) if probs is None else probs
        per_sample = _log_sum_exp(out)[:, 0] - out[rows, y]
        grad = p.copy()
        grad[rows, y] -= 1  # softmax(z) - one_hot(y)
        return _mean(per_sample), grad / len(y)


class CategoricalCrossentropy(Loss):
    """-sum(y log p) over the classes: labels are one-hot rows (or class probabilities)."""

    name = "categorical_crossentropy"
    link = staticmethod(activations.softmax)

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        _reject("CategoricalCrossentropy", unsupported, ["from_logits", "label_smoothing", "name"])
        super().__init__(from_logits, label_smoothing)

    def labels(self, y: object, units: int, samples: int) -> np.ndarray:
        array = _labels_array(y)
        if array.ndim == 1 or (array.ndim == 2 and array.shape[1] == 1 and units > 1):
            raise EngineError(
                f"CategoricalCrossentropy takes one-hot labels of shape ({samples}, {units}), but "
                f"y has shape {array.shape} (class numbers?). Use SparseCategoricalCrossentropy "
                f"for class numbers, or one-hot encode: np.eye({units})[y]."
            )
        if array.shape != (samples, units):
            raise EngineError(
                f"CategoricalCrossentropy needs one label column per output unit: y must have "
                f"shape ({samples}, {units}); got {array.shape}."
            )
        if array.min() < 0:
            raise EngineError(
                "CategoricalCrossentropy labels are probabilities (one-hot rows), so they cannot "
                f"be negative; y holds values down to {array.min():g}."
            )
        return array

    def value_and_grad(
        self, y: np.ndarray, out: np.ndarray, logits: bool, probs: np.ndarray | None = None
    ) -> tuple[np.floating, np.ndarray]:
        if self.label_smoothing:  # as Keras: y (1 - s) + s / classes
            s = y.dtype.type(self.label_smoothing)
            y = y * (1 - s) + s / y.dtype.type(y.shape[-1])
        if logits:
            p = activations.softmax(out) if probs is None else probs
            per_sample = -(y * (out - _log_sum_exp(out))).sum(axis=-1)
            grad = p * y.sum(axis=-1, keepdims=True) - y
            return _mean(per_sample), grad / len(y)
        # As TF: rescale each row to sum to 1, clip, then -sum(y log p).
        total = out.sum(axis=-1, keepdims=True)
        q = out / total
        p = np.clip(q, EPSILON, 1 - EPSILON)
        per_sample = -(y * np.log(p)).sum(axis=-1)
        grad_q = -y / p * _clip_mask(q)
        grad = (grad_q - (grad_q * q).sum(axis=-1, keepdims=True)) / total
        return _mean(per_sample), grad / len(y)


LOSSES: dict[str, type[Loss]] = {
    "binary_crossentropy": BinaryCrossentropy,
    "mean_squared_error": MeanSquaredError,
    "mse": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError,
    "mae": MeanAbsoluteError,
    "huber": Huber,
    "bce": BinaryCrossentropy,  # Keras's short names: bce, mse, mae
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
}


def get(identifier: str | Loss) -> Loss:
    """A loss from its Keras name ('binary_crossentropy', 'mse', ...) or an instance."""
    return named("loss", identifier, LOSSES, Loss, "binary_crossentropy")
