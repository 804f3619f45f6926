# train_digits(X, y): build, compile and fit a tutor.engine model on the digits
# X (n, 64), pixels 0-16, and labels y (n,), 0-9; return the trained model.
