import numpy as np


def binary_crossentropy(y_true, y_pred):
    """The mean binary crossentropy of probabilities y_pred against 0/1 labels y_true."""
    p = np.clip(y_pred, 1e-7, 1 - 1e-7)  # as Keras: log(0) would be -inf
    losses = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return np.mean(losses)
