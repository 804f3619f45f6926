import numpy as np


def sequential(x, layers):
    """Run x through the layers in order and return the last layer's activations.

    x:      (n,) for one example, or (m, n) for a batch
    layers: a list of (W, b, g) tuples; a layer computes g(a @ W + b)
            on the previous layer's output a (the first layer gets x)
    """
    ...
