"""Under the hood: one forward pass or one training step, recorded as plain data.

`trace_forward(model, x)` keeps, for every layer, what went in (a_in), its weights (W, b), the
pre-activation z = a_in @ W + b and the output a = g(z). `trace_train_step(model, x, y)` adds the
batch loss, each trainable weight's gradient and the update the optimizer would apply, without
changing the model unless `apply=True`. Both give `to_dict()`: lists and floats, ready for JSON.

A `Normalization` layer has no W or b to show: it is applied but not recorded, so the first Dense
layer's a_in is the normalized x, the numbers that layer really receives. A `Dropout` layer is not
recorded either and passes its input through, as in `predict`: a trace is repeatable, where
`fit` would silence random units.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from tutor.engine.errors import unknown_name
from tutor.engine.layers import Dropout, Normalization
from tutor.engine.model import Sequential
from tutor.engine.utils import quiet_overflow


def _listed(array: np.ndarray | None) -> list | None:
    return None if array is None else array.tolist()


@dataclass(frozen=True)
class LayerTrace:
    name: str
    activation: str
    a_in: np.ndarray
    W: np.ndarray
    b: np.ndarray | None
    z: np.ndarray
    a: np.ndarray

    def to_dict(self) -> dict:
        arrays = {"a_in": self.a_in, "W": self.W, "b": self.b, "z": self.z, "a": self.a}
        return {
            "name": self.name,
            "activation": self.activation,
            **{key: _listed(value) for key, value in arrays.items()},
            "shapes": {k: None if v is None else list(v.shape) for k, v in arrays.items()},
        }


@dataclass(frozen=True)
class ForwardTrace:
    layers: list[LayerTrace]

    @property
    def output(self) -> np.ndarray:
        return self.layers[-1].a

    def to_dict(self) -> dict:
        return {
            "layers": [layer.to_dict() for layer in self.layers],
            "output": _listed(self.output),
        }


@quiet_overflow
def trace_forward(model: Sequential, x: object) -> ForwardTrace:
    """Every Dense layer's a_in, W, b, z and a for the rows of x (W and b copied, so that later
    training does not change the record); Normalization layers are applied, not recorded."""
    a_in = model._inputs(x)
    layers = []
    for layer in model.layers:
        z, a = layer.forward(a_in)
        if isinstance(layer, Normalization | Dropout):
            a_in = a
            continue
        weights = layer.get_weights()  # [W, b] or [W], copies
        bias = weights[1] if len(weights) > 1 else None
        name = layer.activation.__name__
        layers.append(LayerTrace(layer.name, name, a_in, weights[0], bias, z, a))
        a_in = a
    return ForwardTrace(layers)


@dataclass(frozen=True)
class WeightStep:
    """One weight array in one step: w_after = w_before + update."""

    name: str  # Keras's path, e.g. "dense/kernel"
    before: np.ndarray
    gradient: np.ndarray
    update: np.ndarray
    after: np.ndarray

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "shape": list(self.before.shape),
            **{
                key: getattr(self, key).tolist()
                for key in ("before", "gradient", "update", "after")
            },
        }


@dataclass(frozen=True)
class StepTrace:
    loss: float
    forward: ForwardTrace
    weights: list[WeightStep]
    optimizer: str
    step: int  # which optimizer step this is, counting from 1
    applied: bool

    def weight(self, name: str) -> WeightStep:
        """The step of the weight Keras calls `name`; a misspelt name is an EngineError listing
        the valid ones, not a bare StopIteration from inside."""
        for step in self.weights:
            if step.name == name:
                return step
        raise unknown_name("weight", name, [w.name for w in self.weights])

    def to_dict(self) -> dict:
        return {
            "loss": self.loss,
            "optimizer": self.optimizer,
            "step": self.step,
            "applied": self.applied,
            "forward": self.forward.to_dict(),
            "weights": [w.to_dict() for w in self.weights],
        }


def weight_names(model: Sequential, trainable_only: bool = False) -> list[str]:
    """Keras's names for `model.weights` (or `model.trainable_weights`), in order: dense/kernel,
    dense/bias, dense_1/kernel, ... (normalization/mean, normalization/variance, ...)."""
    return [
        f"{layer.name}/{kind}"
        for layer in model.layers
        for kind in (layer.trainable_weight_names if trainable_only else layer.weight_names)
    ]


@quiet_overflow
def trace_train_step(model: Sequential, x: object, y: object, apply: bool = False) -> StepTrace:
    """One training step on the batch (x, y), as `fit` takes it.

    With apply=False (the default) the update is computed on copies of the weights and of the
    optimizer's state, so the model is left exactly as it was.
    """
    x, y = model._examples(x, y, "trace_train_step()")
    forward = trace_forward(model, x)
    loss, grads, _ = model._loss_and_gradients(x, y)
    before = [w.copy() for w in model.trainable_weights]
    stepped = model if apply else copy.deepcopy(model)  # the copy's optimizer state too
    _, optimizer = stepped._compiled("trace_train_step()")
    clipped = optimizer.clip(grads) if optimizer.clips else grads  # as fit: clipped, then applied
    optimizer.apply([stepped._flat_weights()], [np.concatenate(clipped, axis=None)])
    after = [w.copy() for w in stepped.trainable_weights]
    names = weight_names(model, trainable_only=True)
    steps = [
        WeightStep(name, b, g, a - b, a)
        for name, b, g, a in zip(names, before, grads, after, strict=True)
    ]
    return StepTrace(float(loss), forward, steps, repr(optimizer), optimizer.iterations, apply)
