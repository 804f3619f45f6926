"""Optimizers: how a gradient becomes a weight update. Each updates the weights in place.

Every optimizer takes Keras's shared keywords: `weight_decay` (each step first shrinks every
trainable weight by w * weight_decay * learning_rate, "decoupled" from the gradient, as Keras),
and one of `clipnorm` (each weight array's gradient scaled down to at most that L2 norm),
`global_clipnorm` (all gradients scaled together to at most that joint norm) or `clipvalue`
(each gradient value clipped to [-clipvalue, clipvalue]). The order is Keras's
(keras/src/optimizers/base_optimizer.py): clip the gradients, decay the weights, then step.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tutor.engine.errors import EngineError, named, reject_unsupported, require_positive

SHARED_KEYWORDS = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "name")


class Optimizer:
    """Keeps per-weight state (`slots`) and the step count `iterations`, like Keras's."""

    slot_names: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ("learning_rate",)

    def __init__(
        self,
        learning_rate: float,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
        unsupported: dict[str, object] | None = None,
    ) -> None:
        reject_unsupported(type(self).__name__, unsupported or {}, self.keywords + SHARED_KEYWORDS)
        require_positive("learning_rate", learning_rate)
        self.learning_rate = float(learning_rate)
        for what, value in (
            ("weight_decay", weight_decay),
            ("clipnorm", clipnorm),
            ("clipvalue", clipvalue),
            ("global_clipnorm", global_clipnorm),
        ):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise EngineError(f"{what} must be a number, 0 or more, or None; got {value!r}.")
        if sum(v is not None for v in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise EngineError(
                "Only one of clipnorm, clipvalue and global_clipnorm can be set (as in Keras); "
                f"got clipnorm={clipnorm}, clipvalue={clipvalue}, "
                f"global_clipnorm={global_clipnorm}."
            )
        self.weight_decay = weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.name = name or type(self).__name__.lower()
        # Keras skips a clip whose value is 0 or None.
        self.clips = bool(clipnorm or clipvalue or global_clipnorm)
        self.iterations = 0
        self.slots: list[dict[str, np.ndarray]] = []
        self._shapes: list[tuple[int, ...]] = []  # the weights the slots were built for

    def build(self, weights: list[np.ndarray]) -> None:
        """One zeroed state array per slot per weight, created on the first step."""
        self.slots = [{n: np.zeros_like(w) for n in self.slot_names} for w in weights]
        self._shapes = [w.shape for w in weights]

    def clip(self, grads: list[np.ndarray]) -> list[np.ndarray]:
        """The gradients clipped as Keras's `_clip_gradients`: by each array's norm, by the
        global norm, or value by value. The model calls this with one array per weight (a
        kernel, a bias), since clipnorm measures each separately."""
        if self.clipnorm:
            c = np.float32(self.clipnorm)
            return [g * c / np.maximum(np.sqrt((g * g).sum()), c) for g in grads]
        if self.global_clipnorm:
            c = np.float32(self.global_clipnorm)
            norm = np.sqrt(sum((g * g).sum() for g in grads))
            scale = c * np.minimum(1 / norm, 1 / c)
            return [g * scale for g in grads]
        if self.clipvalue:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def apply(self, weights: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every weight in place from its (already clipped) gradient."""
        if self._shapes != [w.shape for w in weights]:
            self.build(weights)
        if self.weight_decay:
            # Keras: variable - variable * wd * lr, in the variable's float32.
            decay, lr = np.float32(self.weight_decay), np.float32(self.learning_rate)
            for w in weights:
                w -= w * decay * lr
        self.prepare_step(self.iterations + 1)
        for w, g, slots in zip(weights, grads, self.slots, strict=True):
            self.update(w, g, **slots)
        self.iterations += 1

    def prepare_step(self, t: int) -> None:
        """Per-step constants shared by all weights (t counts steps from 1)."""

    def update(self, w: np.ndarray, g: np.ndarray, *args: Any, **slots: Any) -> None:
        """Step `w` in place from `g`. Each optimizer names the slots it keeps (m, v, ...) as its
        own parameters, and `apply` passes them by name; `Any` leaves each free to."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


class SGD(Optimizer):
    """w -= lr * g; with momentum, a velocity m = momentum * m - lr * g is added instead."""

    keywords = ("learning_rate", "momentum", "nesterov")

    def __init__(
        self,
        learning_rate: float = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        super().__init__(
            learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, unsupported
        )
        if not 0 <= momentum <= 1:
            raise EngineError(f"SGD momentum must be between 0 and 1; got {momentum!r}.")
        self.momentum = float(momentum)
        self.nesterov = nesterov
        self.slot_names = ("m",) if momentum else ()

    def update(self, w: np.ndarray, g: np.ndarray, m: np.ndarray | None = None) -> None:
        lr = self.learning_rate
        if m is None:
            w -= lr * g
            return
        m *= self.momentum
        m -= lr * g
        if self.nesterov:
            w += self.momentum * m - lr * g  # look one velocity step ahead
        else:
            w += m


class Adam(Optimizer):
    """Moving averages of g (m) and g^2 (v) give each weight its own step size. With
    `amsgrad=True` the step divides by the largest v seen so far, so it never grows back."""

    keywords = ("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        super().__init__(
            learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, unsupported
        )
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.amsgrad = bool(amsgrad)
        self.slot_names = ("m", "v", "v_hat") if amsgrad else ("m", "v")

    def prepare_step(self, t: int) -> None:
        # The bias correction of m and v folded into one step size, as Keras computes it.
        self.alpha = self.learning_rate * math.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)

    def update(
        self,
        w: np.ndarray,
        g: np.ndarray,
        m: np.ndarray,
        v: np.ndarray,
        v_hat: np.ndarray | None = None,
    ) -> None:
        m += (g - m) * (1 - self.beta_1)
        v += (g * g - v) * (1 - self.beta_2)
        if v_hat is not None:
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        w -= m * self.alpha / (np.sqrt(v) + self.epsilon)


class AdamW(Adam):
    """Adam with weight decay on by default (weight_decay=0.004, Keras's): each step also
    shrinks every weight toward 0 by w * weight_decay * learning_rate, apart from the gradient.
    Keras decays every trainable weight, biases included, unless told otherwise."""

    def __init__(
        self,
        learning_rate: float = 0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        if weight_decay is None:
            raise EngineError("AdamW needs a weight_decay number (Keras's default is 0.004).")
        super().__init__(
            learning_rate,
            beta_1,
            beta_2,
            epsilon,
            amsgrad,
            weight_decay,
            clipnorm,
            clipvalue,
            global_clipnorm,
            name,
            **unsupported,
        )


class RMSprop(Optimizer):
    """Divides each step by a moving root-mean-square of recent gradients. With
    `centered=True` it divides by their moving standard deviation instead (the mean square less
    the squared moving mean)."""

    keywords = ("learning_rate", "rho", "momentum", "epsilon", "centered")

    def __init__(
        self,
        learning_rate: float = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        name: str | None = None,
        **unsupported: object,
    ) -> None:
        super().__init__(
            learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, unsupported
        )
        self.rho, self.momentum, self.epsilon = rho, momentum, epsilon
        self.centered = bool(centered)
        self.slot_names = ("v",) + (("m",) if momentum else ()) + (("mg",) if centered else ())

    def update(
        self,
        w: np.ndarray,
        g: np.ndarray,
        v: np.ndarray,
        m: np.ndarray | None = None,
        mg: np.ndarray | None = None,
    ) -> None:
        v *= self.rho
        v += (1 - self.rho) * g * g
        if mg is None:
            denominator = v + self.epsilon
        else:
            mg *= self.rho
            mg += (1 - self.rho) * g
            denominator = v - mg * mg + self.epsilon
        step = self.learning_rate * g / np.sqrt(denominator)
        if m is None:
            w -= step
        else:
            m *= self.momentum
            m += step
            w -= m


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "adam": Adam,
    "adamw": AdamW,
    "rmsprop": RMSprop,
}


def get(identifier: str | Optimizer) -> Optimizer:
    """An optimizer from its name ('sgd', 'adam', 'adamw', 'rmsprop') with Keras's defaults, or
    as given."""
    return named("optimizer", identifier, OPTIMIZERS, Optimizer, "adam")
