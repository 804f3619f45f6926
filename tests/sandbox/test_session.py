"""Training sessions: controlled from another thread, stopped on NaN, looked into."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from tests.waiting import wait_until as wait_for  # the name its tests already call
from tutor.sandbox.config import TrainConfig
from tutor.sandbox.data import DataError, fitting_loss, load_data, loss_named
from tutor.sandbox.presets import PRESETS, preset_named
from tutor.sandbox.session import (
    PausedView,
    SessionError,
    State,
    TrainingSession,
    _Recorder,
)
from tutor.sandbox.spec import SpecError, parse_spec

SPIRAL = TrainConfig(
    model="Sequential([Dense(8, 'relu'), Dense(1, 'sigmoid')])", data="spiral", epochs=50
)


@pytest.fixture
def run_in_thread():
    """Start `train` in a thread; give back the thread, the epoch events and the outcome box.

    Every session started here is stopped at the end, so a failing test cannot leave a
    paused training thread behind.
    """
    started = []

    def start(session: TrainingSession, **options):
        events, outcome = [], []
        thread = threading.Thread(
            target=lambda: outcome.append(session.train(on_epoch=events.append, **options)),
            daemon=True,
        )
        started.append((session, thread))
        thread.start()
        return thread, events, outcome

    yield start
    for session, thread in started:
        session.stop()
        thread.join(timeout=60)


def test_pausing_stepping_and_resuming_from_another_thread(run_in_thread):
    session = TrainingSession(SPIRAL)
    thread, events, outcome = run_in_thread(session, paused=True)
    wait_for(lambda: session.state == "paused" and events)
    assert len(events) == 1  # a paused start runs one epoch, then waits
    assert events[0].boundary is not None  # a pause always shows the boundary as it is
    session.step()
    wait_for(lambda: len(events) == 2 and session.state == "paused")
    assert [event.epoch for event in events] == [0, 1]
    session.resume()
    thread.join(timeout=60)
    assert outcome[0].state == "done"
    assert session.epochs_done == 50
    assert outcome[0].message == "Trained 50 epochs."


def test_stop_ends_training_early_and_train_continues_from_there(run_in_thread):
    session = TrainingSession(SPIRAL)
    thread, _, outcome = run_in_thread(session, paused=True)
    wait_for(lambda: session.state == "paused")
    session.stop()
    thread.join(timeout=60)
    assert outcome[0].state == "stopped"
    assert outcome[0].message == "Stopped after 1 epoch."
    more = session.train(epochs=3)
    assert more.state == "done" and session.epochs_done == 4
    assert len(session.history["loss"]) == 4


def test_a_stop_while_paused_runs_no_further_batch(run_in_thread):
    session = TrainingSession(SPIRAL)
    thread, _, outcome = run_in_thread(session, paused=True)
    wait_for(lambda: session.state == State.PAUSED)
    weights = [w.copy() for w in session.model.get_weights()]
    session.stop()
    thread.join(timeout=60)
    assert outcome[0].state == State.STOPPED
    after = session.model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(weights, after, strict=True))


def test_an_epoch_cut_short_by_a_stop_is_left_out_of_the_history(monkeypatch):
    session = TrainingSession(SPIRAL.with_changes(epochs=5))
    begin, stops = _Recorder.on_train_batch_begin, []

    def stop_in_the_second_epoch(recorder, batch, logs=None):
        begin(recorder, batch, logs)
        if session.epochs_done == 1 and batch == 2 and not stops:
            stops.append(batch)
            session.stop()

    monkeypatch.setattr(_Recorder, "on_train_batch_begin", stop_in_the_second_epoch)
    events = []
    outcome = session.train(on_epoch=events.append)
    assert [event.epoch for event in events] == [0]
    assert session.epochs_done == 1 and len(session.history["loss"]) == 1
    assert outcome.state == State.STOPPED
    assert outcome.message == "Stopped after 1 epoch; the epoch cut short is left out of the curve."
    more = session.train(epochs=1)  # the next epoch is numbered on from the whole ones
    assert more.state == State.DONE and session.epochs_done == 2


def test_a_pause_between_drawings_still_shows_the_current_boundary(run_in_thread):
    session = TrainingSession(SPIRAL)
    session._last_boundary = float("inf")  # as if a boundary had just been drawn: none is due
    events = []

    def pause_after_the_epoch_is_recorded(event):
        # The pause lands after the epoch's event was made without a boundary: the race a
        # learner's key can win, which left the View showing an older model.
        events.append(event)
        if len(events) == 2:
            session.pause()

    thread = threading.Thread(
        target=lambda: session.train(on_epoch=pause_after_the_epoch_is_recorded), daemon=True
    )
    thread.start()
    try:
        wait_for(lambda: len(events) == 3)
        first, second, paused = events
        assert first.boundary is None and second.boundary is None
        assert isinstance(paused, PausedView) and paused.epoch == second.epoch == 1
        assert paused.boundary == session.boundary(*session.grid)  # the weights as they are now
    finally:
        session.stop()
        thread.join(timeout=60)


def test_reset_weights_starts_over_but_not_while_training(run_in_thread):
    session = TrainingSession(SPIRAL)
    before = [w.copy() for w in session.model.get_weights()]
    session.train(epochs=2)
    thread, _, _ = run_in_thread(session, paused=True)
    wait_for(lambda: session.state == "paused")
    with pytest.raises(SessionError, match="stop training before resetting the weights"):
        session.reset_weights()
    session.stop()
    thread.join(timeout=60)
    session.reset_weights()
    assert session.history == {} and session.epochs_done == 0
    after = session.model.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(before, after, strict=True))


def test_training_twice_at_once_is_refused(run_in_thread):
    session = TrainingSession(SPIRAL)
    thread, _, _ = run_in_thread(session, paused=True)
    wait_for(lambda: session.state == "paused")
    with pytest.raises(SessionError, match="training is already running"):
        session.train()
    session.stop()
    thread.join(timeout=60)


def test_the_boundary_changes_as_the_model_learns():
    session = TrainingSession(SPIRAL)
    first = session.boundary()
    session.train(epochs=30)
    later = session.boundary()
    assert first.kind == "probability" and (first.rows, first.columns) == (20, 60)
    assert first.values != later.values
    assert all(isinstance(v, float) and 0 <= v <= 1 for row in later.values for v in row)
    assert len(later.points) == 200
    (x0, x1), (y0, y1) = later.x_range, later.y_range
    assert all(x0 < x < x1 and y0 < y < y1 for x, y, _ in later.points)
    # cells are read top row first: the top-left cell is the lowest x1, the highest x2
    assert later.cell(x0, y1) == (0, 0) and later.cell(x1, y0) == (19, 59)


def test_a_multiclass_boundary_holds_classes_and_images_have_none():
    blobs = TrainingSession(TrainConfig(model="Sequential([Dense(3, 'softmax')])", data="blobs"))
    boundary = blobs.boundary()
    assert boundary.kind == "class"
    assert {v for row in boundary.values for v in row} <= {0.0, 1.0, 2.0}
    digits = TrainingSession(
        TrainConfig(model="Sequential([Dense(1, 'sigmoid')])", data="digits01")
    )
    assert digits.boundary() is None


def test_misclassified_digits_are_drawn_with_their_labels():
    session = TrainingSession(
        TrainConfig(model="Sequential([Dense(10, 'softmax')])", data="digits", epochs=1)
    )
    wrong = session.misclassified(limit=4)
    assert 1 <= len(wrong) <= 4
    labels = session.data.y
    for example in wrong:
        assert example.label == labels[example.index] != example.predicted
        assert len(example.drawing.splitlines()) == 8
    assert TrainingSession(SPIRAL).misclassified() == []


def test_nan_stops_training_with_the_engines_explanation():
    session = TrainingSession(preset_named("learning-rate").config)
    outcome = session.train()
    assert outcome.state == "failed"
    assert "the loss became nan" in outcome.message
    assert "learning rate too large" in outcome.message
    assert 0 < session.epochs_done < 50  # the history keeps the epochs before the NaN


def test_a_broken_shape_contract_fails_with_the_engines_message():
    outcome = TrainingSession(preset_named("shape").config).train()
    assert outcome.state == "failed"
    assert outcome.message.startswith("Layer 'dense' expects 8 input features per sample")


def test_every_preset_builds():
    for preset in PRESETS:
        session = TrainingSession(preset.config)
        assert session.spec == parse_spec(preset.config.model)


def test_probe_a_typed_point_and_an_example_layer_by_layer():
    session = TrainingSession(SPIRAL)
    session.train(epochs=3)
    typed = session.probe(session.parse_input("0.25, -0.5"))
    assert typed.x == (0.25, -0.5)
    layers = typed.trace["layers"]
    assert [layer["name"] for layer in layers] == ["dense", "dense_1"]
    assert layers[0]["shapes"]["W"] == [2, 8] and layers[1]["shapes"]["a"] == [1, 1]
    assert typed.output[0] == pytest.approx(layers[-1]["a"][0][0])
    decision = typed.decision
    assert decision.startswith(f"p = {typed.output[0]:.4f} → ")
    example = session.probe(index=7)
    assert example.label == float(session.data.y[7, 0])
    with pytest.raises(SessionError, match="choose an example from 0 to 199"):
        session.probe(index=200)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1", "the model reads 2 features (x1, x2); 1 was typed"),
        ("1 2 3", "the model reads 2 features (x1, x2); 3 were typed"),
        ("1 abc", "'abc' is not a number; type 2 numbers"),
        ("1 inf", "the numbers must be finite (no inf or nan)"),
    ],
)
def test_a_bad_probe_input_says_what_is_expected(typed, message):
    with pytest.raises(SessionError) as caught:
        TrainingSession(SPIRAL).parse_input(typed)
    assert str(caught.value) == message


def test_summary_is_the_keras_table():
    summary = TrainingSession(SPIRAL).summary()
    assert "dense (Dense)" in summary and "(None, 8)" in summary
    assert "Total params: 33" in summary


@pytest.mark.parametrize(
    ("task", "model", "expected"),
    [
        ("binary", "Sequential([Dense(1, 'sigmoid')])", "BinaryCrossentropy()"),
        ("binary", "Sequential([Dense(1)])", "BinaryCrossentropy(from_logits=True)"),
        ("multiclass", "Sequential([Dense(3, 'softmax')])", "SparseCategoricalCrossentropy()"),
        (
            "multiclass",
            "Sequential([Dense(3)])",
            "SparseCategoricalCrossentropy(from_logits=True)",
        ),
        ("binary", "Sequential([Dense(2, 'softmax')])", "SparseCategoricalCrossentropy()"),
        ("regression", "Sequential([Dense(1)])", "MeanSquaredError()"),
    ],
)
def test_the_default_loss_fits_labels_and_output(task, model, expected):
    assert fitting_loss(task, parse_spec(model)).code() == expected


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda: load_data("spirals"),
            DataError,
            "unknown dataset 'spirals': choose one of coffee, coffee-raw, digits01, digits, xor, "
            "circles, moons, spiral, blobs, or give the path of a .csv file",
        ),
        (lambda: load_data("moons", noise=5), DataError, "noise must be from 0 to 1.0, not 5"),
        (
            lambda: loss_named("hinge"),
            DataError,
            "unknown loss 'hinge': choose one of binary_crossentropy, "
            "binary_crossentropy_from_logits, sparse_categorical_crossentropy, "
            "sparse_categorical_crossentropy_from_logits, categorical_crossentropy, "
            "mean_squared_error, mean_absolute_error, huber, or mse, mae or bce",
        ),
        (
            lambda: TrainingSession(SPIRAL.with_changes(optimizer="adagrad")),
            DataError,
            "unknown optimizer 'adagrad': choose one of adam, adamw, sgd, rmsprop",
        ),
        (
            lambda: TrainingSession(SPIRAL.with_changes(epochs=0, batch_size=0)),
            SessionError,
            "epochs must be from 1 to 10,000, not 0; the batch size must be from 1 to 100,000, "
            "not 0",
        ),
        (
            lambda: TrainingSession(
                SPIRAL.with_changes(model="Sequential([" + "Dense(4096), " * 20 + "])")
            ),
            SessionError,
            "this model has 318,857,216 parameters; the sandbox trains at most 2,000,000 "
            "(NumPy on your CPU, with the optimizer's state beside them)",
        ),
        (
            lambda: TrainingSession(SPIRAL.with_changes(model="Sequential([Dense(1, 'sig')])")),
            SpecError,
            "line 1, column 22: unknown activation 'sig' (did you mean 'sigmoid'?); choose one "
            "of linear, relu, sigmoid, tanh, softmax, leaky_relu, relu6, elu, selu, celu, "
            "softplus, softsign, silu, swish, gelu, hard_sigmoid, hard_silu, hard_swish, "
            "hard_tanh, mish, log_sigmoid, exponential",
        ),
    ],
)
def test_bad_choices_are_refused_with_what_is_allowed(make, error, message):
    with pytest.raises(error) as caught:
        make()
    text = caught.value.one_line() if isinstance(caught.value, SpecError) else str(caught.value)
    assert text == message


def test_noise_and_seed_reach_the_generated_data():
    calm, noisy = load_data("moons", noise=0.0), load_data("moons", noise=0.5)
    assert not np.array_equal(calm.X, noisy.X)
    assert np.array_equal(load_data("moons", seed=3).X, load_data("moons", seed=3).X)


def test_a_csv_file_is_data(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("a,b,label\n0,1,1\n1,0,0\n2,2,1\n3,1,0\n")
    data = load_data(str(path))
    assert data.X.shape == (4, 2) and data.task == "binary"
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,label\n0,1,1\n1,x,0\n")
    with pytest.raises(DataError) as caught:
        load_data(str(bad))
    assert str(caught.value) == f"{bad}:3: column 'b' holds 'x', which is not a number"


def test_the_config_round_trips_through_json():
    config = SPIRAL.with_changes(noise=0.2, loss="mse", validation_split=0.25)
    assert TrainConfig.from_json(config.to_json()) == config
    assert TrainConfig.from_json('{"data": "xor", "from_the_future": 1}').data == "xor"
