import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sgd_step(X, y, W, b, learning_rate):
    """One gradient-descent step for Dense(1, sigmoid) with binary crossentropy.

    X: (m, n) inputs    y: (m, 1) labels 0/1
    W: (n, 1) weights   b: (1,) bias
    Returns (W_new, b_new), the same shapes as W and b.
    """
    ...
