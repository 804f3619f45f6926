"""Optimizers: how a gradient becomes a weight update. Each updates the weights in place."""

from __future__ import annotations

import math

import numpy as np

from tutor.engine.errors import EngineError, named, require_positive


class Optimizer:
    """Keeps per-weight state (`slots`) and the step count `iterations`, like Keras's."""

    slot_names: tuple[str, ...] = ()

    def __init__(self, learning_rate: float) -> None:
        require_positive("learning_rate", learning_rate)
        self.learning_rate = float(learning_rate)
        self.iterations = 0
        self.slots: list[dict[str, np.ndarray]] = []
        self._shapes: list[tuple[int, ...]] = []  # the weights the slots were built for

    def build(self, weights: list[np.ndarray]) -> None:
        """One zeroed state array per slot per weight, created on the first step."""
        self.slots = [{n: np.zeros_like(w) for n in self.slot_names} for w in weights]
        self._shapes = [w.shape for w in weights]

    def apply(self, weights: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every weight in place from its gradient."""
        if self._shapes != [w.shape for w in weights]:
            self.build(weights)
        self.prepare_step(self.iterations + 1)
        for w, g, slots in zip(weights, grads, self.slots, strict=True):
            self.update(w, g, **slots)
        self.iterations += 1

    def prepare_step(self, t: int) -> None:
        """Per-step constants shared by all weights (t counts steps from 1)."""

    def update(self, w: np.ndarray, g: np.ndarray, **slots: np.ndarray) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


class SGD(Optimizer):
    """w -= lr * g; with momentum, a velocity m = momentum * m - lr * g is added instead."""

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0, nesterov: bool = False):
        super().__init__(learning_rate)
        if not 0 <= momentum <= 1:
            raise EngineError(f"SGD momentum must be between 0 and 1; got {momentum!r}.")
        self.momentum = float(momentum)
        self.nesterov = nesterov
        self.slot_names = ("m",) if momentum else ()

    def update(self, w, g, m=None):
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
    """Moving averages of g (m) and g^2 (v) give each weight its own step size."""

    slot_names = ("m", "v")

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
    ) -> None:
        super().__init__(learning_rate)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def prepare_step(self, t):
        # The bias correction of m and v folded into one step size, as Keras computes it.
        self.alpha = self.learning_rate * math.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)

    def update(self, w, g, m, v):
        m += (g - m) * (1 - self.beta_1)
        v += (g * g - v) * (1 - self.beta_2)
        w -= m * self.alpha / (np.sqrt(v) + self.epsilon)


class RMSprop(Optimizer):
    """Divides each step by a moving root-mean-square of recent gradients."""

    def __init__(
        self,
        learning_rate: float = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
    ) -> None:
        super().__init__(learning_rate)
        self.rho, self.momentum, self.epsilon = rho, momentum, epsilon
        self.slot_names = ("v", "m") if momentum else ("v",)

    def update(self, w, g, v, m=None):
        v *= self.rho
        v += (1 - self.rho) * g * g
        step = self.learning_rate * g / np.sqrt(v + self.epsilon)
        if m is None:
            w -= step
        else:
            m *= self.momentum
            m += step
            w -= m


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop}


def get(identifier: str | Optimizer) -> Optimizer:
    """An optimizer from its name ('sgd', 'adam', 'rmsprop') with Keras's defaults, or as given."""
    return named("optimizer", identifier, OPTIMIZERS, Optimizer, "adam")
