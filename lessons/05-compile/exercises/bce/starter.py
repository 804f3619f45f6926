import numpy as np


def binary_crossentropy(y_true, y_pred):
    """The mean binary crossentropy of probabilities y_pred against 0/1 labels y_true.

    y_true, y_pred: arrays of the same shape, (m,) or (m, 1)
    Clip y_pred to [1e-7, 1 - 1e-7] first, as the engine does.
    Returns a single number: the mean of the examples' losses.
    """
    ...
