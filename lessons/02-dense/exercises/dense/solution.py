import numpy as np


def dense(a_in, W, b, g):
    """The activations of a Dense layer: g(a_in @ W + b)."""
    z = np.matmul(a_in, W) + b  # (n,) @ (n, units) -> (units,); (m, n) @ (n, units) -> (m, units)
    return g(z)
