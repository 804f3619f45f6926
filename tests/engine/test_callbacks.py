"""Callbacks see every epoch and batch and can stop training; a diverging loss stops it too."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.engine import Dense, Input, Sequential, set_random_seed
from tutor.engine.callbacks import Callback, EarlyStopping, History
from tutor.engine.optimizers import SGD

rng = np.random.default_rng(0)
X = rng.normal(size=(100, 2)).astype(np.float32)
Y = (X[:, :1] > 0).astype(np.float32)


def _model() -> Sequential:
    model = Sequential([Input(shape=(2,)), Dense(3, "tanh"), Dense(1, "sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer=SGD(0.1), metrics=["accuracy"])
    return model


class Recorder(Callback):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple] = []

    def on_train_begin(self, logs=None):
        self.events.append(("train_begin", self.model, self.params))

    def on_epoch_begin(self, epoch, logs=None):
        self.events.append(("epoch_begin", epoch))

    def on_batch_end(self, batch, logs=None):
        self.events.append(("batch_end", batch, dict(logs)))

    def on_epoch_end(self, epoch, logs=None):
        self.events.append(("epoch_end", epoch, dict(logs)))

    def on_train_end(self, logs=None):
        self.events.append(("train_end",))


def test_callbacks_see_training_begin_epochs_batches_and_end():
    model, recorder = _model(), Recorder()
    history = model.fit(X, Y, epochs=2, batch_size=40, callbacks=[recorder], verbose=0)
    kinds = [event[0] for event in recorder.events]
    assert kinds == ["train_begin"] + (["epoch_begin"] + ["batch_end"] * 3 + ["epoch_end"]) * 2 + [
        "train_end"
    ]
    _, seen_model, params = recorder.events[0]
    assert seen_model is model
    assert params == {
        "verbose": 0,
        "epochs": 2,
        "steps": 3,
        "samples": 100,
        "batch_size": 40,
        "metrics": ["loss", "accuracy"],
    }
    assert [e[1] for e in recorder.events if e[0] == "batch_end"] == [0, 1, 2, 0, 1, 2]
    epoch_logs = [e[2] for e in recorder.events if e[0] == "epoch_end"]
    assert epoch_logs == [
        {"accuracy": a, "loss": loss}
        for a, loss in zip(history.history["accuracy"], history.history["loss"], strict=True)
    ]


@pytest.mark.parametrize(
    "held_out", [{"validation_split": 0.25}, {"validation_data": (X[:10], Y[:10])}]
)
def test_params_name_every_log_key_and_count_the_training_samples(held_out):
    """What a callback is told before training matches what fit then does and reports."""
    model, recorder = _model(), Recorder()
    history = model.fit(X, Y, epochs=1, callbacks=[recorder], verbose=0, **held_out)
    params = recorder.events[0][2]
    samples = 75 if "validation_split" in held_out else 100
    assert params["samples"] == samples and params["batch_size"] == 32
    assert params["steps"] == -(-samples // 32)
    assert params["metrics"] == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert sorted(params["metrics"]) == sorted(history.history)
    batches = [e for e in recorder.events if e[0] == "batch_end"]
    assert len(batches) == params["steps"]


def test_batch_logs_are_the_running_means_of_the_epoch():
    recorder = Recorder()
    model = _model()
    model.fit(X, Y, epochs=1, batch_size=40, shuffle=False, callbacks=[recorder], verbose=0)
    batches = [e[2] for e in recorder.events if e[0] == "batch_end"]
    epoch = next(e[2] for e in recorder.events if e[0] == "epoch_end")
    assert set(batches[0]) == {"accuracy", "loss"}
    assert batches[-1] == epoch  # the last running mean is the epoch's value


def test_stop_training_from_on_epoch_end():
    class StopAfterThree(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 2:
                self.model.stop_training = True

    history = _model().fit(X, Y, epochs=10, callbacks=[StopAfterThree()], verbose=0)
    assert len(history.history["loss"]) == 3
    assert history.epoch == [0, 1, 2]


def test_stop_training_from_on_batch_end_ends_the_epoch_there():
    class StopAtBatch(Callback):
        def __init__(self):
            super().__init__()
            self.batches = 0

        def on_batch_end(self, batch, logs=None):
            self.batches += 1
            if batch == 1:
                self.model.stop_training = True

    stopper = StopAtBatch()
    history = _model().fit(X, Y, epochs=5, batch_size=10, callbacks=[stopper], verbose=0)
    assert stopper.batches == 2
    assert len(history.history["loss"]) == 1  # Keras still closes the epoch it stopped in


def test_history_is_a_callback_with_keras_fields():
    history = History()
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": 0.5})
    history.on_epoch_end(1, {"loss": 0.25})
    assert history.history == {"loss": [0.5, 0.25]} and history.epoch == [0, 1]


# --- a loss that stops being a number ---------------------------------------------------------

RAW = rng.uniform(150, 285, (40, 2)).astype(np.float32)  # unscaled temperatures
TARGET = RAW[:, :1] / 100


def _diverging_fit():
    model = Sequential([Input(shape=(2,)), Dense(1)])
    model.compile(loss="mse", optimizer=SGD(learning_rate=0.01))
    history = model.fit(RAW, TARGET, epochs=20, batch_size=40, verbose=0)
    return model, history


def test_a_diverging_loss_stops_training_and_keeps_the_history(capsys):
    model, history = _diverging_fit()
    completed = len(history.history["loss"])
    assert 0 < completed < 20
    assert all(np.isfinite(history.history["loss"]))
    assert model.stop_training
    reason = model.stop_reason
    assert f"Training stopped in epoch {completed + 1} at batch 1" in reason
    assert "the loss became inf" in reason or "the loss became nan" in reason
    assert "learning rate too large" in reason and "not scaled" in reason
    assert f"history keeps the {completed} completed epoch(s)" in reason
    assert "Keras would keep training" in reason
    assert reason.startswith(model.stop_summary + " ")
    assert model.stop_summary.startswith("Training stopped in epoch")
    assert model.stop_summary.endswith(".") and ". " not in model.stop_summary
    assert f"WARNING: {reason}" in capsys.readouterr().out
    assert all(np.isfinite(w).all() for w in model.get_weights())


def test_the_weights_are_those_from_before_the_bad_batch():
    model, _ = _diverging_fit()
    again = Sequential([Input(shape=(2,)), Dense(1)])
    again.compile(loss="mse", optimizer=SGD(learning_rate=0.01))
    again.set_weights(model.get_weights())
    assert not np.isfinite(again.evaluate(RAW, TARGET, batch_size=40))


# Inputs of 1e30 give a finite loss whose update overflows the weights: the batch after it
# (or nothing, after the last batch) would find weights that are already NaN.
HUGE = np.stack([rng.normal(size=40) * 1e30, rng.normal(size=40)], axis=1).astype(np.float32)
HUGE_Y = (np.arange(40) % 2).astype(np.float32)


@pytest.mark.parametrize("epochs", [1, 3])
def test_an_update_that_breaks_the_weights_is_rolled_back(epochs, capsys):
    set_random_seed(0)
    model = Sequential([Input(shape=(2,)), Dense(3, activation="relu"), Dense(1, "sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    model.fit(HUGE, HUGE_Y, epochs=epochs, batch_size=20, verbose=0)
    assert all(np.isfinite(w).all() for w in model.get_weights())
    assert np.isfinite(model.evaluate(HUGE, HUGE_Y, verbose=0))
    assert model.stop_training
    assert model.stop_reason.startswith(
        "Training stopped in epoch 1 at batch 1: its update overflowed, leaving a weight or "
        "the optimizer's state NaN or infinite (the batch's loss was "
    )
    # The optimizer's state went back too (Adam's g² was inf): scaled inputs train from there.
    assert model.optimizer.iterations == 0
    model.fit(HUGE / 1e30, HUGE_Y, epochs=2, batch_size=20, verbose=0)
    assert model.stop_reason is None
    assert all(np.isfinite(w).all() for w in model.get_weights())


def test_the_next_fit_starts_without_the_old_stop_reason():
    model, _ = _diverging_fit()
    model.compile(loss="mse", optimizer=SGD(learning_rate=1e-6))
    model.set_weights([np.zeros((2, 1)), np.zeros(1)])
    model.fit(RAW, TARGET, epochs=1, verbose=0)
    assert model.stop_reason is None and model.stop_summary is None
    assert not model.stop_training


@pytest.mark.parametrize("verbose", [1, 2])
def test_the_warning_follows_the_progress_lines(capsys, verbose):
    model = Sequential([Input(shape=(2,)), Dense(1)])
    model.compile(loss="mse", optimizer=SGD(learning_rate=0.01))
    model.fit(RAW, TARGET, epochs=20, batch_size=40, verbose=verbose)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("WARNING: Training stopped in epoch")
    assert lines[-2].startswith("Epoch ")  # the stopped epoch prints no progress line


# --- EarlyStopping ----------------------------------------------------------------------------


def test_early_stopping_waits_patience_epochs_then_restores_the_best(capsys):
    model = Sequential([Input(shape=(2,)), Dense(1)])
    model.compile(loss="mse", optimizer=SGD(learning_rate=0.01))
    stopper = EarlyStopping(monitor="loss", patience=2, restore_best_weights=True, verbose=1)
    history = model.fit(RAW, TARGET, epochs=5, batch_size=40, callbacks=[stopper], verbose=0)
    losses = history.history["loss"]
    assert len(losses) == 3  # epoch 1 is best, 2 and 3 are worse: stop after the third
    assert losses[0] == min(losses)
    out = capsys.readouterr().out
    assert "Epoch 3: early stopping" in out
    assert "Restoring model weights from the end of the best epoch: 1." in out
    assert stopper.best == losses[0]


def test_early_stopping_min_delta_and_accuracy_mode():
    stopper = EarlyStopping(monitor="val_accuracy", min_delta=0.05)
    stopper.set_model(_model())
    stopper.on_train_begin()
    stopper.on_epoch_end(0, {"val_accuracy": 0.5})
    stopper.on_epoch_end(1, {"val_accuracy": 0.53})  # up, but by less than min_delta
    assert stopper.model.stop_training and stopper.best == 0.5


def test_early_stopping_on_a_missing_value_says_how_to_get_it(capsys):
    history = _model().fit(X, Y, epochs=3, callbacks=[EarlyStopping()], verbose=0)
    assert len(history.history["loss"]) == 3
    out = capsys.readouterr().out
    assert out.count("WARNING: EarlyStopping watches 'val_loss'") == 1
    assert "validation_split" in out
