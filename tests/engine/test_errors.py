"""Every bad input gets a message a learner can act on (the text is checked, not only the type)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tutor.engine import Dense, Input, Sequential
from tutor.engine.errors import EngineError
from tutor.engine.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    MeanSquaredError,
    SparseCategoricalCrossentropy,
)
from tutor.engine.optimizers import SGD, Adam, RMSprop

rng = np.random.default_rng(0)
X = rng.normal(size=(20, 2)).astype(np.float32)
Y = (X[:, :1] > 0).astype(np.float32)


def _compiled(*layers, loss=None) -> Sequential:
    model = Sequential(list(layers) or [Input(shape=(2,)), Dense(3, "relu"), Dense(1, "sigmoid")])
    model.compile(loss=loss or BinaryCrossentropy(), optimizer="sgd")
    return model


def test_engine_error_is_a_value_error():
    assert issubclass(EngineError, ValueError)


# --- the shape of x --------------------------------------------------------------------------


def test_wrong_number_of_features_names_the_layer_and_both_widths():
    model = _compiled()
    with pytest.raises(EngineError) as error:
        model.fit(np.ones((20, 3)), Y, verbose=0)
    message = str(error.value)
    assert "Layer 'dense' expects 2 input features" in message
    assert "received 3" in message and "(20, 3)" in message


def test_wrong_number_of_features_in_predict_too():
    with pytest.raises(EngineError, match=r"expects 2 input features.*received 5"):
        _compiled().predict(np.ones((4, 5)))


def test_a_single_row_gets_the_reshape_it_needs():
    with pytest.raises(EngineError, match=r"x.reshape\(1, -1\)"):
        _compiled().predict(np.array([200.0, 13.9]))


def test_three_dimensional_x_is_told_to_flatten():
    with pytest.raises(EngineError, match=r"x.reshape\(len\(x\), -1\)"):
        _compiled().predict(np.ones((4, 2, 2)))


def test_x_that_is_not_numbers():
    with pytest.raises(EngineError, match="x must be numbers in a rectangular array"):
        _compiled().predict([[1.0, 2.0], [3.0]])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_x_says_where(bad):
    x = X.copy()
    x[4, 1] = bad
    with pytest.raises(EngineError) as error:
        _compiled().fit(x, Y, verbose=0)
    assert "NaN or infinite" in str(error.value)
    assert "row 4, column 1" in str(error.value)


def test_huge_but_finite_x_is_accepted():
    x = np.full((4, 2), 3e38, dtype=np.float32)  # the sum overflows; the values do not
    assert _compiled().predict(x).shape == (4, 1)


# --- compile and the names it takes -----------------------------------------------------------


def test_fit_before_compile():
    model = Sequential([Dense(1, "sigmoid")])
    with pytest.raises(EngineError, match=r"Call model.compile\(.*\) before model.fit\(\)"):
        model.fit(X, Y)


def test_evaluate_before_compile():
    model = Sequential([Dense(1, "sigmoid")])
    with pytest.raises(EngineError, match=r"before model.evaluate\(\)"):
        model.evaluate(X, Y)


def test_compile_without_a_loss():
    with pytest.raises(EngineError, match="compile\\(\\) needs a loss"):
        Sequential([Dense(1)]).compile(optimizer="adam")


def _raises_exactly(text: str):
    return pytest.raises(EngineError, match=re.escape(text))


def test_unknown_activation_suggests_the_nearest():
    with _raises_exactly("Unknown activation 'sigmod'. Did you mean 'sigmoid'?"):
        Dense(3, activation="sigmod")


def test_unknown_loss_suggests_the_nearest():
    model = Sequential([Dense(1)])
    with _raises_exactly("Unknown loss 'binary_crosentropy'. Did you mean 'binary_crossentropy'?"):
        model.compile(loss="binary_crosentropy")


def test_unknown_optimizer_suggests_the_nearest():
    with _raises_exactly("Unknown optimizer 'adma'. Did you mean 'adam'?"):
        Sequential([Dense(1)]).compile(loss="mse", optimizer="adma")


def test_unknown_metric_suggests_the_nearest():
    with _raises_exactly("Unknown metric 'acuracy'. Did you mean 'accuracy'?"):
        Sequential([Dense(1)]).compile(loss="mse", metrics=["acuracy"])


def test_a_loss_class_instead_of_an_instance():
    with pytest.raises(EngineError, match=r"pass an instance: loss=BinaryCrossentropy\(\)"):
        Sequential([Dense(1)]).compile(loss=BinaryCrossentropy)


# --- labels that do not fit the loss ----------------------------------------------------------


def test_digit_labels_with_binary_crossentropy():
    y = np.arange(20) % 10
    with pytest.raises(EngineError) as error:
        _compiled().fit(X, y, verbose=0)
    message = str(error.value)
    assert "BinaryCrossentropy needs labels between 0 and 1" in message
    assert "from 0 to 9" in message and "SparseCategoricalCrossentropy" in message


def test_fractional_labels_with_sparse_crossentropy():
    model = _compiled(Dense(3, "softmax"), loss=SparseCategoricalCrossentropy())
    with pytest.raises(EngineError, match="takes whole class numbers"):
        model.fit(X, rng.random((20, 1)), verbose=0)


def test_one_hot_labels_with_sparse_crossentropy():
    model = _compiled(Dense(3, "softmax"), loss=SparseCategoricalCrossentropy())
    with pytest.raises(EngineError, match=r"Use CategoricalCrossentropy .* y.argmax\(axis=1\)"):
        model.fit(X, np.eye(3)[np.arange(20) % 3], verbose=0)


def test_more_classes_than_output_units():
    model = _compiled(Dense(3, "softmax"), loss=SparseCategoricalCrossentropy())
    with pytest.raises(EngineError, match="class numbers must be 0 to 2; y holds 0 to 9"):
        model.fit(X, np.arange(20) % 10, verbose=0)


def test_class_numbers_with_categorical_crossentropy():
    model = _compiled(Dense(3, "softmax"), loss=CategoricalCrossentropy())
    with pytest.raises(EngineError, match=r"Use SparseCategoricalCrossentropy .* np.eye\(3\)\[y\]"):
        model.fit(X, np.arange(20) % 3, verbose=0)


def test_label_columns_must_match_the_output_units():
    model = _compiled(Dense(1), loss=MeanSquaredError())
    with pytest.raises(EngineError, match=r"y must have shape \(20, 1\).*got y of shape \(20, 2\)"):
        model.fit(X, np.ones((20, 2)), verbose=0)


def test_x_and_y_of_different_lengths():
    with pytest.raises(EngineError, match="x has 20 samples but y has 15"):
        _compiled().fit(X, Y[:15], verbose=0)


def test_missing_y():
    with pytest.raises(EngineError, match=r"model.fit\(\) needs the labels y"):
        _compiled().fit(X, verbose=0)


# --- numbers that must be positive ------------------------------------------------------------


@pytest.mark.parametrize("units", [0, -3])
def test_non_positive_units(units):
    with pytest.raises(EngineError, match=f"number of units must be greater than 0; got {units}"):
        Dense(units)


def test_fractional_units():
    with pytest.raises(EngineError, match=re.escape("must be a whole number; got 2.5")):
        Dense(2.5)


@pytest.mark.parametrize("optimizer", [SGD, Adam, RMSprop])
@pytest.mark.parametrize("rate", [0, -0.01])
def test_non_positive_learning_rate(optimizer, rate):
    with pytest.raises(EngineError, match=f"learning_rate must be greater than 0; got {rate}"):
        optimizer(learning_rate=rate)


@pytest.mark.parametrize("epochs", [0, -1])
def test_non_positive_epochs(epochs):
    with pytest.raises(EngineError, match=f"epochs must be greater than 0; got {epochs}"):
        _compiled().fit(X, Y, epochs=epochs, verbose=0)


@pytest.mark.parametrize("batch_size", [0, -32])
def test_non_positive_batch_size(batch_size):
    with pytest.raises(EngineError, match=f"batch_size must be greater than 0; got {batch_size}"):
        _compiled().fit(X, Y, batch_size=batch_size, verbose=0)


def test_epochs_as_text():
    with pytest.raises(EngineError, match="epochs must be a positive whole number; got '10'"):
        _compiled().fit(X, Y, epochs="10", verbose=0)


@pytest.mark.parametrize("split", [1.0, 1.5, -0.2])
def test_validation_split_outside_zero_one(split):
    with pytest.raises(EngineError, match=f"must be between 0 and 1 .*got {split}"):
        _compiled().fit(X, Y, validation_split=split, verbose=0)


def test_validation_split_that_leaves_nothing():
    with pytest.raises(EngineError, match="leaves 0 for training and 1 for validation"):
        _compiled().fit(X[:1], Y[:1], validation_split=0.5, verbose=0)


# --- building and weights ---------------------------------------------------------------------


def test_input_shape_must_be_one_width():
    with pytest.raises(EngineError, match=r"give shape=\(number_of_features,\)"):
        Input(shape=(28, 28))


def test_set_weights_with_the_wrong_count():
    with pytest.raises(EngineError, match=r"holds 4 weight arrays \(\[kernel, bias\] per layer"):
        _compiled().set_weights([np.ones((2, 3))])


def test_set_weights_with_the_wrong_shape():
    model = _compiled()
    weights = model.get_weights()
    weights[0] = np.ones((3, 3))
    with pytest.raises(EngineError, match=r"expected \(2, 3\), got \(3, 3\)"):
        model.set_weights(weights)


def test_the_same_layer_twice():
    layer = Dense(2)
    with pytest.raises(EngineError, match="already has a layer named 'dense'"):
        Sequential([layer, layer])


def test_predict_on_a_model_without_layers():
    with pytest.raises(EngineError, match="no layers yet"):
        Sequential().predict(X)


def test_callbacks_must_be_a_list():
    from tutor.engine.callbacks import History

    with pytest.raises(EngineError, match=r"callbacks must be a list, e.g. callbacks=\["):
        _compiled().fit(X, Y, callbacks=History(), verbose=0)
