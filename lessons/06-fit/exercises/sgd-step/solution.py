import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sgd_step(X, y, W, b, learning_rate):
    """One gradient-descent step for Dense(1, sigmoid) with binary crossentropy."""
    m = X.shape[0]
    a = sigmoid(X @ W + b)  # forward pass, (m, 1)
    error = a - y  # dL/dz for sigmoid + crossentropy, per example
    dW = X.T @ error / m  # (n, 1): the mean over the examples
    db = error.mean(axis=0)  # (1,)
    return W - learning_rate * dW, b - learning_rate * db
