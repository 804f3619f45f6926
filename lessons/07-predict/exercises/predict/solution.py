import numpy as np


def predict(probabilities, threshold=0.5):
    """0/1 decisions: 1 where the probability is >= threshold, else 0."""
    return (np.asarray(probabilities) >= threshold).astype(int)
