def backprop(X, y, a1, a2, W2):
    """The gradients of the mean binary crossentropy for Dense(h, sigmoid) -> Dense(1, sigmoid)."""
    m = X.shape[0]
    dz2 = (a2 - y) / m  # dL/dz2: sigmoid + crossentropy, averaged over the batch
    dW2 = a1.T @ dz2  # (h, 1): what came into the output layer, times its error
    db2 = dz2.sum(axis=0)  # (1,)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)  # back through W2, then the hidden sigmoid's slope
    dW1 = X.T @ dz1  # (n, h)
    db1 = dz1.sum(axis=0)  # (h,)
    return dW1, db1, dW2, db2
