"""`Sequential`: layers applied in order, trained by `fit`, used by `predict` and `evaluate`."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, overload

import numpy as np

from tutor.engine import activations, losses, optimizers, summary, utils
from tutor.engine.callbacks import Callback, History, Logs, ProgbarLogger
from tutor.engine.errors import EngineError, reject_unsupported, require_positive
from tutor.engine.layers import (
    Dense,
    Dropout,
    Input,
    Normalization,
    as_batch,
    build_width,
    check_width,
)
from tutor.engine.metrics import Metric, resolve_metric

DEFAULT_BATCH_SIZE = 32
FIT_KEYWORDS = (
    "x",
    "y",
    "batch_size",
    "epochs",
    "verbose",
    "callbacks",
    "validation_split",
    "validation_data",
    "shuffle",
    "initial_epoch",
    "seed",
)
Layer = Dense | Normalization | Dropout


def _batches(samples: int, batch_size: int) -> Iterator[slice]:
    for start in range(0, samples, batch_size):
        yield slice(start, start + batch_size)


class _Diverged(Exception):
    """The loss of batch `step` was NaN or infinite, or (`in_update`) its loss was finite but
    the update it gave made a weight NaN or infinite; either way the epoch cannot go on."""

    def __init__(self, step: int, loss: np.floating, in_update: bool = False) -> None:
        super().__init__(step, loss, in_update)
        self.step, self.loss, self.in_update = step, loss, in_update


def _all_finite(values: np.ndarray) -> bool:
    # The sum is finite exactly when every value is, unless huge values overflow it; only
    # then is the slower element-wise test needed.
    return bool(np.isfinite(values.sum()) or np.isfinite(values).all())


class _Running:
    """The epoch so far: batch-size-weighted means of the loss and each metric."""

    def __init__(self, metric_list: list[Metric]) -> None:
        self.metrics = metric_list
        self.samples = 0
        self.loss = 0.0
        self.sums = [0.0] * len(metric_list)

    def add(self, loss: float | np.floating, y: np.ndarray, out: np.ndarray) -> None:
        self.samples += len(y)
        self.loss += float(loss) * len(y)
        for i, metric in enumerate(self.metrics):
            self.sums[i] += metric.batch_sum(y, out)

    def logs(self) -> Logs:
        logs = {
            m.name: float(s / self.samples) for m, s in zip(self.metrics, self.sums, strict=True)
        }
        logs["loss"] = float(self.loss / self.samples)
        return logs


class Sequential:
    """A stack of layers (Dense, and Normalization for the inputs): each one's output is the
    next one's input."""

    def __init__(self, layers: Sequence[Layer | Input] | None = None, name: str | None = None):
        self.name = name or utils.unique_name("sequential")
        self._layers: list[Layer] = []
        self.input_width: int | None = None
        self.loss: losses.Loss | None = None
        self.optimizer: optimizers.Optimizer | None = None
        self._metric_names: list[str] = []
        self.stop_training = False
        self.stop_reason: str | None = None  # why the engine stopped a fit (a NaN loss), in full
        self.stop_summary: str | None = None  # its first sentence: when, and what went wrong
        self.history: History | None = None
        self._flat: np.ndarray | None = None
        for layer in layers or []:
            self.add(layer)

    # --- building -------------------------------------------------------------------------

    def add(self, layer: Layer | Input) -> None:
        if isinstance(layer, Input):
            if self._layers or self.input_width is not None:
                raise EngineError("Input(shape=...) can only be the first entry of a Sequential.")
            self.input_width = layer.width
            return
        if not isinstance(layer, Dense | Normalization | Dropout):
            raise EngineError(
                f"Sequential takes Dense, Normalization and Dropout layers (optionally after an "
                f"Input); "
                f"got {layer!r}."
            )
        if any(existing.name == layer.name for existing in self._layers):
            raise EngineError(
                f"This model already has a layer named '{layer.name}'; every layer in a "
                f"Sequential needs its own name (and its own Dense object)."
            )
        if not self._layers and self.input_width is None and layer.input_width is not None:
            self.input_width = layer.input_width
        self._layers.append(layer)
        if self.input_width is not None:
            self._build(self.input_width)

    def _build(self, input_width: int) -> None:
        """Give each layer its input width: the data's for the first, the previous units after."""
        self.input_width = width = input_width
        for layer in self._layers:
            if not layer.built:
                layer.build(width)
            elif layer.input_width != width:
                raise EngineError(
                    f"Layer '{layer.name}' was built for {layer.input_width} inputs, but here it "
                    f"receives {width}. Create a new {type(layer).__name__} layer for this model."
                )
            if isinstance(layer, Dense):  # Normalization and Dropout pass the width on
                width = layer.units

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        """`model.build((None, n))`: create the weights for inputs of n features."""
        self._build(build_width(tuple(input_shape)))

    @property
    def layers(self) -> list[Layer]:
        return list(self._layers)

    @property
    def built(self) -> bool:
        return bool(self._layers) and all(layer.built for layer in self._layers)

    def _flat_weights(self) -> np.ndarray:
        """All trainable weights in one array, each layer's W and b a view into it, so that the
        optimizer updates every weight in one vectorised step instead of one step per array.
        Non-trainable weights (a Normalization's mean and variance) stay outside it."""
        weights = self.trainable_weights
        if not weights:
            raise EngineError(
                "This model has no trainable weights (a Normalization layer is never trained): "
                "add a Dense layer after it."
            )
        if self._flat is None or any(w.base is not self._flat for w in weights):
            self._flat = np.concatenate(weights, axis=None).astype(np.float32, copy=False)
            offset = 0
            for layer in self._layers:
                for name in layer.trainable_weight_names:
                    w = getattr(layer, name)
                    setattr(layer, name, self._flat[offset : offset + w.size].reshape(w.shape))
                    offset += w.size
        return self._flat

    @property
    def weights(self) -> list[np.ndarray]:
        """The weight arrays themselves, layer by layer: [W1, b1, W2, b2, ...], a Normalization's
        [mean, variance, count] in its place (changing them changes the model)."""
        return [w for layer in self._layers if layer.built for w in layer.weights]

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """The arrays the optimizer updates: every weight but a Normalization's."""
        return [w for layer in self._layers if layer.built for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        trainable = {id(w) for w in self.trainable_weights}
        return [w for w in self.weights if id(w) not in trainable]

    def get_weights(self) -> list[np.ndarray]:
        return [w.copy() for w in self.weights]

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        if not self.built or len(weights) != len(self.weights):
            raise EngineError(
                f"The model holds {len(self.weights)} weight arrays ([kernel, bias] per layer, "
                f"in order; [mean, variance, count] for an adapted Normalization); "
                f"got {len(weights)}."
                + ("" if self.built else " Build it first: add Input(shape=...) or call fit.")
            )
        values = []
        for target, value in zip(self.weights, weights, strict=True):
            value = np.asarray(value, dtype=target.dtype)
            if value.shape != target.shape:
                raise EngineError(
                    f"Weight shapes must match the model's: expected {target.shape}, "
                    f"got {value.shape}."
                )
            values.append(value)
        for layer in self._layers:
            count = len(layer.weights)
            layer.set_weights(values[:count])
            values = values[count:]

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """A layer by its name or position, as Keras's `model.get_layer`."""
        if index is not None:
            return self._layers[index]
        for layer in self._layers:
            if layer.name == name:
                return layer
        names = ", ".join(layer.name for layer in self._layers)
        raise EngineError(f"No layer named {name!r}; this model's layers are: {names}.")

    @property
    def output_shape(self) -> tuple[None, int | None]:
        return (None, self._layers[-1].units)

    def _output_width(self) -> int:
        """The last layer's width, once the model is built."""
        width = self._layers[-1].units
        if width is None:
            raise EngineError("The model is not built yet: add Input(shape=...) or call fit.")
        return width

    def count_params(self) -> int:
        return sum(layer.count_params() for layer in self._layers)

    def summary(
        self,
        line_length: int | None = None,
        positions: Sequence[float] | None = None,
        print_fn: Callable[[str], Any] | None = None,
    ) -> None:
        summary.print_summary(self, line_length, positions, print_fn)

    # --- computing ------------------------------------------------------------------------

    def _forward(
        self, x: np.ndarray, training: bool = False
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Every layer's output for a batch ([x, a1, a2, ...]) and every layer's z ([z1, z2, ...]);
        `training` switches Dropout on."""
        outputs, zs = [x], []
        for layer in self._layers:
            z, a = layer.forward(outputs[-1], training)
            outputs.append(a)
            zs.append(z)
        return outputs, zs

    def _batch_loss(
        self, y: np.ndarray, outputs: list[np.ndarray], zs: list[np.ndarray]
    ) -> tuple[np.floating, np.ndarray]:
        """The batch loss and dL/dz of the last layer."""
        last, a, z = self._layers[-1], outputs[-1], zs[-1]
        loss, _ = self._compiled("measuring a loss")
        # As TensorFlow does: after a sigmoid or softmax output, crossentropy reads the logits z.
        if loss.reads_logits(last.activation):
            probs = a if last.activation is loss.link else None
            return loss.value_and_grad(y, z, logits=True, probs=probs)
        value, da = loss.value_and_grad(y, a, logits=loss.from_logits)
        return value, activations.backward(last.activation)(z, a, da)

    def _loss_and_gradients(
        self, x: np.ndarray, y: np.ndarray, training: bool = False
    ) -> tuple[np.floating, list[np.ndarray], np.ndarray]:
        """Forward pass, loss, backpropagation: (loss, gradients in `weights` order, output)."""
        outputs, zs = self._forward(x, training)
        loss, dz = self._batch_loss(y, outputs, zs)
        grads: list[np.ndarray] = []
        for i in reversed(range(len(self._layers))):
            layer_grads, da_in = self._layers[i].backward(outputs[i], dz, input_grad=i > 0)
            grads[:0] = layer_grads
            if da_in is not None:  # asked for (input_grad) for every layer but the first
                backward = activations.backward(self._layers[i - 1].activation)
                dz = backward(zs[i - 1], outputs[i], da_in)
        return loss, grads, outputs[-1]

    @utils.quiet_overflow
    def __call__(self, x: object) -> np.ndarray:
        return self._outputs(self._inputs(x))

    def _outputs(self, x: np.ndarray) -> np.ndarray:
        for layer in self._layers:
            x = layer.call(x)
        return x

    # --- checking what arrives ------------------------------------------------------------

    def _inputs(self, x: object) -> np.ndarray:
        if not self._layers:
            raise EngineError("The model has no layers yet: add a Dense layer first.")
        x = as_batch(x)
        if not self.built:
            self._build(x.shape[1])
        check_width(self._layers[0], x)
        if not _all_finite(x):
            bad = np.argwhere(~np.isfinite(x))
            row, column = bad[0]
            raise EngineError(
                f"x contains {len(bad)} value(s) that are NaN or infinite (the first at row "
                f"{row}, column {column}: {x[row, column]}). Remove or fill them before using x."
            )
        return x

    def _compiled(self, what: str) -> tuple[losses.Loss, optimizers.Optimizer]:
        """The loss and optimizer `compile` chose; before `compile`, an error saying to call it."""
        if self.loss is None or self.optimizer is None:
            raise EngineError(
                f"Call model.compile(loss=..., optimizer=...) before {what}: "
                f"it needs to know which loss to measure."
            )
        return self.loss, self.optimizer

    def _examples(self, x: object, y: object, what: str) -> tuple[np.ndarray, np.ndarray]:
        loss, _ = self._compiled(what)
        if y is None:
            raise EngineError(f"{what} needs the labels y as well as x.")
        x = self._inputs(x)
        y_rows = len(y) if hasattr(y, "__len__") else 0
        if y_rows != len(x):
            raise EngineError(
                f"x has {len(x)} samples but y has {y_rows}; they must pair up row by row."
            )
        y = loss.labels(y, self._output_width(), len(x))
        if not np.isfinite(y).all():
            raise EngineError("y contains NaN or infinite labels; remove or fill them first.")
        return x, y

    # --- training -------------------------------------------------------------------------

    def compile(
        self,
        optimizer: str | optimizers.Optimizer = "rmsprop",
        loss: str | losses.Loss | None = None,
        metrics: Sequence[str] | None = None,
        **unsupported: object,
    ) -> None:
        """Choose the loss to minimise, the optimizer that minimises it, and what else to report.

        A missing loss is refused here, where the mistake is made, not when `fit` needs it."""
        reject_unsupported("compile", unsupported, ["optimizer", "loss", "metrics"])
        if loss is None:
            raise EngineError(
                "compile() needs a loss, e.g. model.compile(loss=BinaryCrossentropy()) for "
                "yes/no labels or loss='mse' for numbers."
            )
        self.optimizer = optimizers.get(optimizer)
        self.loss = losses.get(loss)
        if isinstance(metrics, str):
            metrics = [metrics]
        self._metric_names = list(metrics or [])
        for name in self._metric_names:
            resolve_metric(name, 1, 1, 1)  # fail now on an unknown name

    def _metrics(self, y: np.ndarray) -> list[Metric]:
        width = y.shape[1] if y.ndim > 1 else 1
        units = self._output_width()
        return [resolve_metric(name, y.ndim, width, units) for name in self._metric_names]

    @utils.quiet_overflow
    def fit(
        self,
        x: object = None,
        y: object = None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: Sequence[Callback] | None = None,
        validation_split: float = 0.0,
        validation_data: tuple[object, object] | None = None,
        shuffle: bool = True,
        initial_epoch: int = 0,
        seed: int | None = None,
        **unsupported: object,
    ) -> History:
        """Train for `epochs` passes over (x, y), one optimizer step per batch."""
        reject_unsupported("fit", unsupported, FIT_KEYWORDS)
        batch_size = DEFAULT_BATCH_SIZE if batch_size is None else batch_size
        require_positive("batch_size", batch_size, integer=True)
        require_positive("epochs", epochs, integer=True)
        x, y = self._examples(x, y, "model.fit()")
        validation = None
        if validation_split:
            if not 0 < validation_split < 1:
                raise EngineError(
                    f"validation_split is the fraction of samples held out, so it must be "
                    f"between 0 and 1 (e.g. 0.2); got {validation_split!r}."
                )
            split = math.floor(len(x) * (1.0 - validation_split))  # the last samples
            if split in (0, len(x)):
                raise EngineError(
                    f"validation_split={validation_split} of {len(x)} samples leaves "
                    f"{split} for training and {len(x) - split} for validation; both need some."
                )
            x, y, validation = x[:split], y[:split], (x[split:], y[split:])
        elif validation_data is not None:
            if not isinstance(validation_data, tuple | list) or len(validation_data) != 2:
                raise EngineError("validation_data must be a pair (x_val, y_val).")
            validation = self._examples(*validation_data, "model.fit()")

        if callbacks is not None and not isinstance(callbacks, list | tuple):
            raise EngineError(
                f"callbacks must be a list, e.g. callbacks=[EarlyStopping()]; got {callbacks!r}."
            )
        history = History()
        callback_list = [*(callbacks or []), history]
        if verbose == "auto" or verbose:
            callback_list.insert(0, ProgbarLogger(1 if verbose == "auto" else int(verbose)))
        metric_list = self._metrics(y)
        names = ["loss", *(metric.name for metric in metric_list)]
        params = {
            "verbose": verbose,
            "epochs": epochs,
            "steps": math.ceil(len(x) / batch_size),
            "samples": len(x),  # the training samples, after validation_split
            "batch_size": batch_size,
            "metrics": names + [f"val_{name}" for name in names] * (validation is not None),
        }
        for callback in callback_list:
            callback.set_model(self)
            callback.set_params(dict(params))
        batch_callbacks = [c for c in callback_list if c.wants_batches()]
        rng = utils.generator(seed)
        self.stop_training, self.stop_reason, self.stop_summary = False, None, None
        self.history = history

        for callback in callback_list:
            callback.on_train_begin()
        logs: Logs = {}
        for epoch in range(initial_epoch, epochs):
            for callback in callback_list:
                callback.on_epoch_begin(epoch)
            order = rng.permutation(len(x)) if shuffle else None
            try:
                logs = self._train_epoch(x, y, batch_size, order, metric_list, batch_callbacks)
            except _Diverged as bad:
                self._diverged(epoch, bad, len(history.epoch))
                break
            if validation is not None:
                val_logs = self._evaluate(*validation, batch_size, metric_list)
                logs.update({f"val_{key}": value for key, value in val_logs.items()})
            for callback in callback_list:
                callback.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        for callback in callback_list:
            callback.on_train_end(logs)
        return history

    def _train_epoch(
        self,
        x: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        order: np.ndarray | None,
        metric_list: list[Metric],
        batch_callbacks: list[Callback],
    ) -> Logs:
        """One pass over the data; raises `_Diverged` if the loss stops being a finite number."""
        running = _Running(metric_list)
        _, optimizer = self._compiled("model.fit()")
        weights = [self._flat_weights()]
        for step, rows in enumerate(_batches(len(x), batch_size)):
            if order is None:
                x_batch, y_batch = x[rows], y[rows]  # views: no copying
            else:
                picked = order[rows]
                x_batch, y_batch = x[picked], y[picked]
            for callback in batch_callbacks:
                callback.on_train_batch_begin(step)
            loss, grads, out = self._loss_and_gradients(x_batch, y_batch, training=True)
            if not math.isfinite(loss):
                raise _Diverged(step, loss)
            if optimizer.clips:
                grads = optimizer.clip(grads)  # per weight array, as Keras, before flattening
            self._apply_or_roll_back(weights, np.concatenate(grads, axis=None), step, loss)
            running.add(loss, y_batch, out)  # measured before this batch's update, as Keras
            if batch_callbacks:
                batch_logs = running.logs()
                for callback in batch_callbacks:
                    callback.on_train_batch_end(step, batch_logs)
            if self.stop_training:
                break
        return running.logs()

    def _apply_or_roll_back(
        self, weights: list[np.ndarray], grad: np.ndarray, step: int, loss: np.floating
    ) -> None:
        """One optimizer step, undone if it leaves a weight (or the optimizer's state) NaN or
        infinite.

        A finite loss can still give an update that overflows (inputs of 1e30 make gradients of
        that size): without the check the next batch's loss is NaN and the weights "from before
        that batch" are already broken. The weights and the optimizer's state go back to what
        they were, so the model stopped on keeps the last finite weights.
        """
        _, optimizer = self._compiled("model.fit()")
        saved = weights[0].copy()
        state = (
            [{name: value.copy() for name, value in slots.items()} for slots in optimizer.slots],
            list(optimizer._shapes),  # restored too: the first step builds the slots
            optimizer.iterations,
        )
        optimizer.apply(weights, [grad])
        # Adam's running g² can overflow while the weights stay finite, and breaks them later.
        arrays = [weights[0], *(value for slots in optimizer.slots for value in slots.values())]
        if not all(_all_finite(array) for array in arrays):
            weights[0][...] = saved
            optimizer.slots, optimizer._shapes, optimizer.iterations = state
            raise _Diverged(step, loss, in_update=True)

    def _diverged(self, epoch: int, bad: _Diverged, completed: int) -> None:
        """Stop on a NaN or infinite loss, say so, and say why it usually happens."""
        self.stop_training = True
        what = (
            f"its update overflowed, leaving a weight or the optimizer's state NaN or infinite "
            f"(the batch's loss was {float(bad.loss):g})"
            if bad.in_update
            else f"the loss became {float(bad.loss)}"
        )
        self.stop_summary = (
            f"Training stopped in epoch {epoch + 1} at batch {bad.step + 1}: {what}."
        )
        self.stop_reason = (
            f"{self.stop_summary} "
            f"The weights keep their values from before that batch and the "
            f"history keeps the {completed} completed epoch(s). Likely causes: a learning rate "
            f"too large (try one 10 times smaller) or inputs that are not scaled (normalise "
            f"each feature, e.g. to mean 0 and standard deviation 1). Keras would keep training "
            f"and report nan; tutor stops so the last good weights and history are kept."
        )
        print(f"WARNING: {self.stop_reason}", flush=True)

    # --- using ----------------------------------------------------------------------------

    def _evaluate(
        self, x: np.ndarray, y: np.ndarray, batch_size: int, metric_list: list[Metric]
    ) -> Logs:
        running = _Running(metric_list)
        for rows in _batches(len(x), batch_size):
            outputs, zs = self._forward(x[rows])
            loss, _ = self._batch_loss(y[rows], outputs, zs)
            running.add(loss, y[rows], outputs[-1])
        return running.logs()

    @overload
    def evaluate(
        self,
        x: object = None,
        y: object = None,
        batch_size: int | None = None,
        verbose: int = 0,
        *,
        return_dict: Literal[True],
        **unsupported: object,
    ) -> dict[str, float]: ...
    @overload
    def evaluate(
        self,
        x: object = None,
        y: object = None,
        batch_size: int | None = None,
        verbose: int = 0,
        return_dict: Literal[False] = False,
        **unsupported: object,
    ) -> float | list[float]: ...
    @overload
    def evaluate(
        self,
        x: object = None,
        y: object = None,
        batch_size: int | None = None,
        verbose: int = 0,
        return_dict: bool = False,
        **unsupported: object,
    ) -> float | list[float] | dict[str, float]: ...
    @utils.quiet_overflow
    def evaluate(
        self,
        x: object = None,
        y: object = None,
        batch_size: int | None = None,
        verbose: int = 0,
        return_dict: bool = False,
        **unsupported: object,
    ) -> float | list[float] | dict[str, float]:
        """The loss (and metrics) on (x, y), without training."""
        reject_unsupported(
            "evaluate", unsupported, ["x", "y", "batch_size", "verbose", "return_dict"]
        )
        batch_size = DEFAULT_BATCH_SIZE if batch_size is None else batch_size
        require_positive("batch_size", batch_size, integer=True)
        started = time.perf_counter()
        x, y = self._examples(x, y, "model.evaluate()")
        logs = self._evaluate(x, y, batch_size, self._metrics(y))
        if verbose:
            steps = math.ceil(len(x) / batch_size)
            ProgbarLogger(verbose).report(steps, time.perf_counter() - started, logs)
        if return_dict:
            return logs
        if not self._metric_names:
            return logs["loss"]
        return [logs["loss"], *(value for key, value in logs.items() if key != "loss")]

    @utils.quiet_overflow
    def predict(
        self, x: object, batch_size: int | None = None, verbose: int = 0, **unsupported: object
    ) -> np.ndarray:
        """The last layer's output for every row of x.

        With batch_size=None all rows go through at once (Keras uses batches of 32; each row's
        result is the same either way)."""
        reject_unsupported("predict", unsupported, ["x", "batch_size", "verbose"])
        started = time.perf_counter()
        x = self._inputs(x)
        if batch_size is None:
            out = self._outputs(x)
        else:
            require_positive("batch_size", batch_size, integer=True)
            out = np.concatenate([self._outputs(x[rows]) for rows in _batches(len(x), batch_size)])
        if verbose:
            steps = math.ceil(len(x) / (batch_size or DEFAULT_BATCH_SIZE))
            ProgbarLogger(verbose).report(steps, time.perf_counter() - started, {})
        return out

    def __repr__(self) -> str:
        return f"<Sequential name={self.name}, layers={[layer.name for layer in self._layers]}>"
