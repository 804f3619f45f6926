"""Sequential as a learner uses it: building, naming, weights, fit/predict/evaluate, summary."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tutor.engine import Dense, Input, Sequential, clear_session, initializers, set_random_seed
from tutor.engine.losses import BinaryCrossentropy, CategoricalCrossentropy
from tutor.engine.optimizers import SGD, Adam
from tutor.engine.summary import format_summary

rng = np.random.default_rng(0)
X = rng.normal(size=(200, 2)).astype(np.float32)
Y = (X[:, :1] * X[:, 1:] > 0).astype(np.float32)


def _coffee_model(**compile_args) -> Sequential:
    model = Sequential([Dense(3, activation="sigmoid"), Dense(1, activation="sigmoid")])
    model.compile(loss=BinaryCrossentropy(), **compile_args)
    return model


def test_layers_are_named_as_keras_names_them():
    first, second = Dense(3), Dense(1)
    assert (first.name, second.name) == ("dense", "dense_1")
    assert Sequential([Dense(2)]).name == "sequential"
    assert Sequential([Dense(2)]).name == "sequential_1"
    clear_session()
    assert Dense(3).name == "dense"
    assert Dense(3, name="hidden").name == "hidden"


def test_weights_appear_once_the_input_width_is_known():
    model = _coffee_model()
    assert model.get_weights() == [] and not model.built
    model.predict(X[:1])
    kernel, bias = model.layers[0].get_weights()
    assert kernel.shape == (2, 3) and bias.shape == (3,)
    assert kernel.dtype == bias.dtype == np.float32
    assert np.array_equal(bias, np.zeros(3))
    assert model.layers[1].kernel.shape == (3, 1)


def test_an_unbuilt_layer_has_no_weights_as_in_keras():
    layer = Dense(3)
    assert (layer.weights, layer.trainable_weights) == ([], [])
    layer.build(2)
    assert [w.shape for w in layer.weights] == [(2, 3), (3,)]
    assert [w.shape for w in layer.trainable_weights] == [(2, 3), (3,)]
    no_bias = Dense(1, use_bias=False)
    no_bias.build(4)
    assert [w.shape for w in no_bias.weights] == [(4, 1)]


def test_input_builds_at_once_and_is_not_a_layer():
    model = Sequential([Input(shape=(400,)), Dense(25, "sigmoid"), Dense(15, "sigmoid")])
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert [w.shape for w in model.get_weights()] == [(400, 25), (25,), (25, 15), (15,)]


def test_add_and_input_shape_build_too():
    model = Sequential()
    model.add(Dense(4, "relu", input_shape=(3,)))
    model.add(Dense(1))
    assert model.count_params() == 3 * 4 + 4 + 4 + 1


def test_activation_positionally_and_as_a_function():
    from tutor.engine import activations

    assert Dense(25, "sigmoid").activation is activations.sigmoid
    assert Dense(25, activation=activations.relu).activation is activations.relu
    assert Dense(25).activation is activations.linear


def test_glorot_uniform_stays_within_its_limit_and_seeds_repeat():
    kernel = initializers.GlorotUniform(seed=7)((400, 25))
    limit = np.sqrt(6 / (400 + 25))
    assert np.abs(kernel).max() <= limit and np.abs(kernel).max() > 0.9 * limit
    np.testing.assert_array_equal(kernel, initializers.GlorotUniform(seed=7)((400, 25)))


def test_set_random_seed_makes_initial_weights_repeat():
    def weights():
        set_random_seed(3)
        model = Sequential([Input(shape=(2,)), Dense(3), Dense(1)])
        return model.get_weights()

    for a, b in zip(weights(), weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_get_and_set_weights_round_trip_and_copy():
    model = _coffee_model()
    model.build((None, 2))
    weights = model.get_weights()
    weights[0][:] = 1.0
    assert not np.array_equal(model.get_weights()[0], weights[0])  # get_weights copies
    model.set_weights(weights)
    np.testing.assert_array_equal(model.layers[0].kernel, np.ones((2, 3)))


def test_calling_the_model_and_the_layer_is_the_forward_pass():
    model = _coffee_model()
    out = model(X[:5])
    np.testing.assert_array_equal(out, model.predict(X[:5]))
    hidden = model.layers[0](X[:5])
    manual = 1 / (1 + np.exp(-(X[:5] @ model.layers[0].kernel + model.layers[0].bias)))
    np.testing.assert_allclose(hidden, manual, rtol=1e-6)


def test_predict_is_float32_and_batch_size_does_not_change_it():
    model = _coffee_model()
    everything = model.predict(X.astype(np.float64))
    assert everything.dtype == np.float32 and everything.shape == (200, 1)
    np.testing.assert_allclose(model.predict(X, batch_size=7), everything, atol=1e-7)


def test_fit_returns_keras_history_and_learns():
    model = _coffee_model(optimizer=Adam(0.05), metrics=["accuracy"])
    separable = (X[:, :1] + X[:, 1:] > 0).astype(np.float32)
    history = model.fit(X, separable, epochs=40, verbose=0, seed=0)
    assert model.history is history
    assert list(history.history) == ["accuracy", "loss"]
    assert history.epoch == list(range(40))
    assert all(isinstance(v, float) for v in history.history["loss"])
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.9


def test_validation_split_holds_out_the_last_samples():
    model = _coffee_model(optimizer=SGD(0.5), metrics=["accuracy"])
    history = model.fit(X, Y, epochs=3, validation_split=0.25, shuffle=False, verbose=0)
    assert list(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    last = model.evaluate(X[150:], Y[150:], return_dict=True)
    assert history.history["val_loss"][-1] == pytest.approx(last["loss"], rel=1e-6)
    assert history.history["val_accuracy"][-1] == pytest.approx(last["accuracy"])


def test_validation_data_is_reported_the_same_way():
    model = _coffee_model(optimizer=SGD(0.5))
    history = model.fit(X[:150], Y[:150], epochs=2, validation_data=(X[150:], Y[150:]), verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(model.evaluate(X[150:], Y[150:]))


def test_shuffling_is_repeatable_with_a_seed():
    def trained(seed):
        set_random_seed(1)
        model = _coffee_model(optimizer=SGD(0.5))
        model.fit(X, Y, epochs=2, verbose=0, seed=seed)
        return model.get_weights()[0]

    np.testing.assert_array_equal(trained(5), trained(5))
    assert not np.array_equal(trained(5), trained(6))


def test_evaluate_returns_loss_list_or_dict():
    plain = _coffee_model()
    assert isinstance(plain.evaluate(X, Y), float)
    scored = _coffee_model(metrics=["accuracy"])
    loss, accuracy = scored.evaluate(X, Y)
    assert scored.evaluate(X, Y, return_dict=True) == {"accuracy": accuracy, "loss": loss}


def test_accuracy_is_resolved_from_the_shapes_as_keras_does():
    one_hot = np.eye(3, dtype=np.float32)[np.arange(200) % 3]
    outputs = np.array([[0.1, 0.7, 0.2]] * 200, dtype=np.float32)
    model = Sequential([Dense(3, "softmax")])
    model.compile(loss=CategoricalCrossentropy(), metrics=["accuracy"])
    model.build((None, 2))
    model.layers[0].kernel[...] = 0
    model.layers[0].bias[...] = np.log(outputs[0])
    assert model.evaluate(X, one_hot, return_dict=True)["accuracy"] == pytest.approx(1 / 3, 0.01)
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    assert model.evaluate(X, np.ones(200), return_dict=True)["accuracy"] == 1.0


def test_binary_accuracy_thresholds_logits_at_one_half_like_keras():
    model = Sequential([Input(shape=(2,)), Dense(1)])
    model.compile(loss=BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    model.layers[0].kernel[...] = 0
    model.layers[0].bias[...] = 0.3  # logit 0.3 means p = 0.57, yet 0.3 < 0.5 counts as class 0
    assert model.evaluate(X, np.zeros(200), return_dict=True)["accuracy"] == 1.0


def test_verbose_one_prints_a_keras_progress_line_per_epoch(capsys):
    model = _coffee_model(metrics=["accuracy"])
    model.fit(X, Y, epochs=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    pattern = r"7/7 ━{20} \d+s \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}"
    assert re.fullmatch(pattern, lines[1]), lines[1]


def test_verbose_two_and_zero(capsys):
    model = _coffee_model()
    model.fit(X, Y, epochs=1, verbose=2)
    line = capsys.readouterr().out.splitlines()[1]
    assert re.fullmatch(r"7/7 - \d+s - \d+(us|ms|s)/step - loss: \d\.\d{4}", line), line
    model.fit(X, Y, epochs=1, verbose=0)
    model.predict(X)
    assert capsys.readouterr().out == ""


def _summary(model) -> str:
    printed = []
    model.summary(print_fn=printed.append)
    assert len(printed) == 1
    return printed[0]


def test_summary_is_keras_table_with_totals():
    model = Sequential(
        [Input(shape=(400,)), Dense(25, "sigmoid"), Dense(15, "sigmoid"), Dense(1, "sigmoid")]
    )
    text = _summary(model)
    lines = text.splitlines()
    assert lines[0] == 'Model: "sequential"'
    assert "Layer (type)" in lines[2] and "Output Shape" in lines[2] and "Param #" in lines[2]
    rows = [line for line in lines if "(Dense)" in line]
    assert [re.split(r"\s*│\s*", row)[1:4] for row in rows] == [
        ["dense (Dense)", "(None, 25)", "10,025"],
        ["dense_1 (Dense)", "(None, 15)", "390"],
        ["dense_2 (Dense)", "(None, 1)", "16"],
    ]
    assert " Total params: 10,431 (40.75 KB)" in lines
    assert " Trainable params: 10,431 (40.75 KB)" in lines
    assert " Non-trainable params: 0 (0.00 B)" in lines
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize("line_length", [40, 50, 65, 84])
def test_summary_table_is_line_length_wide(line_length):
    model = Sequential([Input(shape=(2,)), Dense(3, "relu"), Dense(1)])
    table = [line for line in format_summary(model, line_length).splitlines() if line[0] in "┏│└"]
    assert {len(line) for line in table} == {line_length}


def test_summary_before_build_shows_unbuilt_layers(capsys):
    Sequential([Dense(3, "sigmoid"), Dense(1, "sigmoid")]).summary()
    out = capsys.readouterr().out
    assert "?" in out and "0 (unbuilt)" in out and "Total params: 0" in out


def test_get_layer_and_output_shape():
    model = Sequential([Input(shape=(2,)), Dense(3, name="hidden"), Dense(1)])
    assert model.get_layer("hidden") is model.layers[0]
    assert model.get_layer(index=1) is model.layers[1]
    assert model.output_shape == (None, 1)
    with pytest.raises(Exception, match="No layer named 'output'; this model's layers are: hidden"):
        model.get_layer("output")


def test_a_layer_builds_from_a_width_or_a_keras_shape():
    by_width, by_shape = Dense(3), Dense(3)
    by_width.build(4)
    by_shape.build((None, 4))
    assert by_width.kernel.shape == by_shape.kernel.shape == (4, 3)


def test_a_replaced_kernel_is_trained_from_its_new_values():
    model = _coffee_model(optimizer=SGD(0.1))
    model.build((None, 2))
    model.layers[0].kernel = np.ones((2, 3))  # float64, rebinding rather than assigning into
    model.fit(X, Y, epochs=1, verbose=0)
    kernel = model.layers[0].kernel
    assert kernel.dtype == np.float32 and not np.array_equal(kernel, np.ones((2, 3)))
    assert np.abs(kernel - 1).max() < 0.5
