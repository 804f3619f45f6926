def sequential(x, layers):
    """Run x through the layers in order and return the last layer's activations."""
    a = x
    for W, b, g in layers:
        a = g(a @ W + b)  # this layer's output is the next layer's input
    return a
