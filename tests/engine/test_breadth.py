"""What the reference runs cannot show: names and aliases, Keras keywords the engine refuses with
a message, and Dropout's behaviour (its masks cannot match Keras's, so they are tested here)."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.engine import (
    Dense,
    Dropout,
    Input,
    Normalization,
    Sequential,
    activations,
    losses,
    optimizers,
)
from tutor.engine.errors import EngineError

X = np.random.default_rng(0).normal(size=(40, 2)).astype(np.float32)
Y = (X[:, :1] > 0).astype(np.float32)


def _model(*layers) -> Sequential:
    return Sequential([Input(shape=(2,)), *layers, Dense(1, "sigmoid")])


# (what is called, the keyword that must be named)
UNSUPPORTED = [
    (lambda: Dense(3, kernel_regularizer="l2"), "kernel_regularizer"),
    (lambda: Dense(3, activity_regularizer="l1"), "activity_regularizer"),
    (lambda: Dense(3, kernel_constraint="max_norm"), "kernel_constraint"),
    (lambda: Dense(3, dtype="float64"), "dtype"),
    (lambda: Input(shape=(2,), sparse=True), "sparse"),
    (lambda: Normalization(mean_fn=None), "mean_fn"),
    (lambda: Dropout(0.2, rate2=1), "rate2"),
    (lambda: Dropout(0.2, noise_shape=(1, 2)), "noise_shape"),
    (lambda: optimizers.SGD(foo=1), "foo"),
    (lambda: optimizers.SGD(use_ema=True), "use_ema"),
    (lambda: optimizers.Adam(gradient_accumulation_steps=2), "gradient_accumulation_steps"),
    (lambda: optimizers.AdamW(loss_scale_factor=2.0), "loss_scale_factor"),
    (lambda: optimizers.RMSprop(decay=0.1), "decay"),
    (lambda: losses.BinaryCrossentropy(axis=0), "axis"),
    (lambda: losses.SparseCategoricalCrossentropy(ignore_class=0), "ignore_class"),
    (lambda: losses.SparseCategoricalCrossentropy(label_smoothing=0.1), "label_smoothing"),
    (lambda: losses.CategoricalCrossentropy(reduction="sum"), "reduction"),
    (lambda: losses.MeanSquaredError(reduction="sum"), "reduction"),
    (lambda: losses.MeanAbsoluteError(dtype="float32"), "dtype"),
    (lambda: losses.Huber(reduction="none"), "reduction"),
    (lambda: _model().compile(loss="mse", loss_weights=[1.0]), "loss_weights"),
    (lambda: _model().compile(loss="mse", jit_compile=True), "jit_compile"),
]


@pytest.mark.parametrize(("call", "keyword"), UNSUPPORTED, ids=[k for _, k in UNSUPPORTED])
def test_an_unsupported_keyword_is_an_engine_error_naming_it_and_the_supported_ones(call, keyword):
    with pytest.raises(EngineError, match=keyword) as error:
        call()
    assert "Supported keywords:" in str(error.value)


@pytest.mark.parametrize("method", ["fit", "evaluate", "predict"])
def test_fit_evaluate_and_predict_name_an_unsupported_keyword(method):
    model = _model()
    model.compile(loss="binary_crossentropy")
    arguments = (X,) if method == "predict" else (X, Y)
    with pytest.raises(EngineError, match=r"sample_weight.*Supported keywords: x, "):
        getattr(model, method)(*arguments, sample_weight=np.ones(len(X)))


def test_only_one_clipping_at_a_time_as_keras():
    with pytest.raises(EngineError, match="Only one of clipnorm"):
        optimizers.Adam(clipnorm=1.0, clipvalue=0.5)


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("mae", losses.MeanAbsoluteError),
        ("mean_absolute_error", losses.MeanAbsoluteError),
        ("MeanAbsoluteError", losses.MeanAbsoluteError),
        ("huber", losses.Huber),
        ("bce", losses.BinaryCrossentropy),
        ("Huber", losses.Huber),
    ],
)
def test_loss_names_as_keras_spells_them(name, cls):
    assert type(losses.get(name)) is cls


def test_adamw_by_name_has_keras_defaults():
    adamw = optimizers.get("adamw")
    assert isinstance(adamw, optimizers.AdamW)
    assert (adamw.weight_decay, adamw.learning_rate) == (0.004, 0.001)


def test_swish_and_hard_swish_are_silu_and_hard_silu():
    assert activations.get("swish") is activations.silu
    assert activations.get("hard_swish") is activations.hard_silu


def test_hard_sigmoid_is_keras_3s():
    z = np.array([-3.0, -1.5, 0.0, 1.5, 3.0], dtype=np.float32)
    assert np.allclose(activations.hard_sigmoid(z), [0, 0.25, 0.5, 0.75, 1])


def test_mae_and_mse_metrics_are_reported():
    model = Sequential([Input(shape=(2,)), Dense(1)])
    model.compile(optimizer="sgd", loss="huber", metrics=["mae", "mse"])
    history = model.fit(X, Y, epochs=2, verbose=0)
    assert sorted(history.history) == ["loss", "mae", "mse"]
    out = model.predict(X)
    logs = model.evaluate(X, Y, return_dict=True)
    assert logs["mae"] == pytest.approx(float(np.abs(out - Y).mean()), rel=1e-5)
    assert logs["mse"] == pytest.approx(float(((out - Y) ** 2).mean()), rel=1e-5)


def test_label_smoothing_leaves_accuracy_on_the_real_labels():
    model = _model()
    model.compile(loss=losses.BinaryCrossentropy(label_smoothing=0.4), metrics=["accuracy"])
    plain = _model()
    plain.compile(loss="binary_crossentropy", metrics=["accuracy"])
    plain.set_weights(model.get_weights())
    smoothed = model.evaluate(X, Y, return_dict=True)
    assert smoothed["accuracy"] == plain.evaluate(X, Y, return_dict=True)["accuracy"]
    assert smoothed["loss"] != pytest.approx(plain.evaluate(X, Y, return_dict=True)["loss"])


def test_dropout_passes_its_input_through_outside_fit():
    layer = Dropout(0.5)
    assert np.array_equal(layer(X), X)
    model = Sequential([Input(shape=(2,)), Dense(4), Dropout(0.5), Dense(1)])
    without = Sequential([Input(shape=(2,)), Dense(4), Dense(1)])
    without.set_weights(model.get_weights())
    assert np.array_equal(model.predict(X), without.predict(X))
    assert model.count_params() == without.count_params()


def test_dropout_in_training_zeroes_about_rate_and_scales_the_rest():
    out = Dropout(0.25, seed=1)(np.ones((400, 50), dtype=np.float32), training=True)
    kept = out != 0
    assert abs(1 - kept.mean() - 0.25) < 0.01
    assert np.allclose(out[kept], 1 / 0.75)


def test_dropout_is_active_in_fit_only():
    """The same weights trained with and without Dropout(0.5) end apart; with Dropout(0) not."""
    finals = []
    for rate in (0.0, 0.5, None):
        layers = [Dense(8, "relu", kernel_initializer="ones")]
        layers += [Dropout(rate, seed=0)] if rate is not None else []
        output = Dense(1, "sigmoid", kernel_initializer="ones")
        model = Sequential([Input(shape=(2,)), *layers, output])
        model.compile(optimizer="sgd", loss="binary_crossentropy")
        model.fit(X, Y, epochs=3, verbose=0, shuffle=False)
        finals.append(model.get_weights())
    no_dropout, half, absent = finals
    assert all(np.allclose(a, b) for a, b in zip(no_dropout, absent, strict=True))
    assert not all(np.allclose(a, b) for a, b in zip(half, absent, strict=True))


@pytest.mark.parametrize("rate", [1, 1.5, -0.1, "0.2", True])
def test_dropout_rate_must_be_a_fraction_below_one(rate):
    with pytest.raises(EngineError, match="fraction of inputs dropped"):
        Dropout(rate)


def test_traces_pass_through_dropout_and_clip_as_fit_does():
    from tutor.engine.trace import trace_forward, trace_train_step

    model = Sequential([Input(shape=(2,)), Dense(4, "elu"), Dropout(0.5), Dense(1, "sigmoid")])
    model.compile(optimizer=optimizers.SGD(learning_rate=1.0, clipvalue=0.01), loss="bce")
    forward = trace_forward(model, X[:3])
    assert [layer.name for layer in forward.layers] == ["dense", "dense_1"]
    assert np.array_equal(forward.layers[1].a_in, forward.layers[0].a)
    step = trace_train_step(model, X[:3], Y[:3])
    assert all(np.abs(w.update).max() <= 0.01 + 1e-7 for w in step.weights)
    assert any(np.abs(w.gradient).max() > 0.01 for w in step.weights)
