from tutor.engine import Dense, Input, Sequential
from tutor.engine.losses import SparseCategoricalCrossentropy
from tutor.engine.optimizers import Adam


def train_digits(X, y):
    """A 25-15-10 network; the raw pixels (0-16) go straight in, a scale ReLU and Adam cope with."""
    model = Sequential(
        [
            Input(shape=(64,)),
            Dense(25, activation="relu"),
            Dense(15, activation="relu"),
            Dense(10),  # one score (logit) per digit
        ]
    )
    model.compile(
        optimizer=Adam(learning_rate=0.001),
        loss=SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    model.fit(X, y, epochs=40, batch_size=32, verbose=0)
    return model
