import numpy as np


def backprop(X, y, a1, a2, W2):
    """The gradients of the mean binary crossentropy for Dense(h, sigmoid) -> Dense(1, sigmoid).

    X:  (m, n) inputs          y:  (m, 1) labels 0/1
    a1: (m, h) hidden layer    a2: (m, 1) output, after the forward pass
    W2: (h, 1) output weights
    Returns (dW1, db1, dW2, db2), each shaped like its weight: (n, h), (h,), (h, 1), (1,).
    """
    ...
