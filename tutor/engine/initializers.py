"""Starting values for weights, as Keras draws them (the numbers differ: different generators).

Each initializer is called with a shape and returns a float32 array. A `seed` makes it return the
same values on every call; without one it draws from the session's generator
(`tutor.engine.utils.set_random_seed` makes that repeatable).
"""

from __future__ import annotations

import math

import numpy as np

from tutor.engine import utils
from tutor.engine.errors import named

Shape = tuple[int, ...]


def _fans(shape: Shape) -> tuple[int, int]:
    """(fan_in, fan_out): a kernel of shape (inputs, units) has inputs in, units out."""
    if len(shape) == 1:
        return shape[0], shape[0]
    return shape[0], shape[1]


class Initializer:
    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed

    def __call__(self, shape: Shape) -> np.ndarray:
        return self.draw(utils.generator(self.seed), tuple(shape)).astype(np.float32)

    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        raise NotImplementedError


class Zeros(Initializer):
    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        return np.zeros(shape)


class Ones(Initializer):
    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        return np.ones(shape)


class Constant(Initializer):
    def __init__(self, value: float = 0.0) -> None:
        super().__init__()
        self.value = value

    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        return np.full(shape, self.value)


class RandomUniform(Initializer):
    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        return rng.uniform(self.minval, self.maxval, shape)


class RandomNormal(Initializer):
    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        return rng.normal(self.mean, self.stddev, shape)


TRUNCATED_SPREAD = 0.87962566103423978  # std of a unit normal truncated at two deviations


def _truncated_normal(rng: np.random.Generator, stddev: float, shape: Shape) -> np.ndarray:
    """Normal draws, redrawing any beyond two standard deviations (Keras's truncated normal)."""
    values = rng.normal(0.0, stddev, shape)
    outside = np.abs(values) > 2 * stddev
    while outside.any():
        values[outside] = rng.normal(0.0, stddev, int(outside.sum()))
        outside = np.abs(values) > 2 * stddev
    return values


class GlorotUniform(Initializer):
    """Uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)): Dense's default."""

    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        fan_in, fan_out = _fans(shape)
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, shape)


class GlorotNormal(Initializer):
    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        fan_in, fan_out = _fans(shape)
        # Dividing by the truncated spread gives the draws the variance 2 / (fan_in + fan_out).
        return _truncated_normal(rng, math.sqrt(2.0 / (fan_in + fan_out)) / TRUNCATED_SPREAD, shape)


class HeUniform(Initializer):
    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        limit = math.sqrt(6.0 / _fans(shape)[0])
        return rng.uniform(-limit, limit, shape)


class HeNormal(Initializer):
    def draw(self, rng: np.random.Generator, shape: Shape) -> np.ndarray:
        return _truncated_normal(rng, math.sqrt(2.0 / _fans(shape)[0]) / TRUNCATED_SPREAD, shape)


INITIALIZERS: dict[str, type[Initializer]] = {
    "zeros": Zeros,
    "ones": Ones,
    "random_uniform": RandomUniform,
    "random_normal": RandomNormal,
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "he_uniform": HeUniform,
    "he_normal": HeNormal,
}


def get(identifier: str | Initializer) -> Initializer:
    """An initializer from its Keras name ('glorot_uniform', 'zeros', ...) or an instance."""
    return named("initializer", identifier, INITIALIZERS, Initializer, "glorot_uniform")
