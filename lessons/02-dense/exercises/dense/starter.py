import numpy as np


def dense(a_in, W, b, g):
    """The activations of a Dense layer with weights W, biases b and activation g.

    a_in: (n,) for one example, or (m, n) for a batch of m examples
    W:    (n, units), column j holds unit j's weights
    b:    (units,)
    g:    the activation function, e.g. sigmoid
    Returns (units,) for one example, (m, units) for a batch.
    """
    ...
