"""tutor.engine: the Keras Sequential API on NumPy, small enough to read next to the lessons.

    from tutor.engine import Sequential, Input, Dense
    from tutor.engine.losses import BinaryCrossentropy
    from tutor.engine.optimizers import Adam

See docs/architecture.md for what the rest of tutor may rely on.
"""

from tutor.engine import activations, callbacks, errors, initializers, losses, metrics, optimizers
from tutor.engine.layers import Dense, Dropout, Input, Normalization
from tutor.engine.model import Sequential
from tutor.engine.utils import clear_session, set_random_seed

__all__ = [
    "Dense",
    "Dropout",
    "Input",
    "Normalization",
    "Sequential",
    "activations",
    "callbacks",
    "clear_session",
    "errors",
    "initializers",
    "losses",
    "metrics",
    "optimizers",
    "set_random_seed",
]
