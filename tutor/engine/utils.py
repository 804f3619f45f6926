"""Session state shared by the engine: the random generator and the layer-name counter.

Like `keras.utils.set_random_seed` and `keras.backend.clear_session`.
"""

from __future__ import annotations

import functools
import random
from collections import defaultdict
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import numpy as np

P = ParamSpec("P")
R = TypeVar("R")

_generator = np.random.default_rng()
_name_counts: defaultdict[str, int] = defaultdict(int)


def set_random_seed(seed: int) -> None:
    """Make weight initialisation and shuffling repeatable from here on."""
    global _generator
    random.seed(seed)
    np.random.seed(seed)
    _generator = np.random.default_rng(seed)


def generator(seed: int | None = None) -> np.random.Generator:
    """A fresh generator for an explicit seed, else the session's generator."""
    return np.random.default_rng(seed) if seed is not None else _generator


def unique_name(prefix: str) -> str:
    """`dense`, then `dense_1`, `dense_2`, ... as Keras names layers within a session."""
    count = _name_counts[prefix]
    _name_counts[prefix] += 1
    return prefix if count == 0 else f"{prefix}_{count}"


def clear_session() -> None:
    """Forget the layer names handed out so far, so the next Dense is `dense` again."""
    _name_counts.clear()


def quiet_overflow(function: Callable[P, R]) -> Callable[P, R]:
    """Run without NumPy's overflow warnings: e^-z overflowing to inf inside sigmoid is expected
    (1 / inf is the right 0), and a loss that overflows is caught and explained by `fit`."""

    @functools.wraps(function)
    def quiet(*args: P.args, **kwargs: P.kwargs) -> R:
        with np.errstate(over="ignore", invalid="ignore"):
            return function(*args, **kwargs)

    return quiet
