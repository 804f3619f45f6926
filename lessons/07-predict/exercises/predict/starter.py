import numpy as np


def predict(probabilities, threshold=0.5):
    """0/1 decisions: 1 where the probability is >= threshold, else 0.

    probabilities: (m, 1) as model.predict returns them, or (m,)
    Returns integers 0 and 1, in the same shape.
    """
    ...
