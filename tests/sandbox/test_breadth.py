"""The sandbox beyond Dense: Normalization and Dropout in a model's text, the new activations,
losses and optimizers by name, and the sandbox's copies of the engine's name lists."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.engine import (
    Dropout,
    Normalization,
    activations,
    datasets,
    initializers,
    losses,
    optimizers,
)
from tutor.sandbox import data as sandbox_data
from tutor.sandbox.config import TrainConfig
from tutor.sandbox.session import TrainingSession
from tutor.sandbox.spec import (
    ACTIVATIONS,
    INITIALIZERS,
    LayerSpec,
    ModelSpec,
    SpecError,
    parse_spec,
)

MODEL = """model = Sequential([
    Input(shape=(2,)),
    Normalization(),
    Dense(8, activation='gelu'),
    Dropout(0.25),
    Dense(4, activation='leaky_relu'),
    Dense(1, activation='sigmoid'),
])"""


def test_the_sandbox_name_lists_are_the_engines():
    assert set(ACTIVATIONS) == set(activations.ACTIVATIONS)
    assert set(INITIALIZERS) <= set(initializers.INITIALIZERS)
    assert {k: v.__name__ for k, v in optimizers.OPTIMIZERS.items()} == sandbox_data.OPTIMIZERS
    for choice in sandbox_data.LOSSES.values():
        assert issubclass(getattr(losses, choice.name), losses.Loss)
    for alias, name in sandbox_data.LOSS_ALIASES.items():
        assert type(losses.get(alias)) is getattr(losses, sandbox_data.LOSSES[name].name)
    assert set(sandbox_data.DATASET_NAMES) == set(datasets.DATASETS)
    for name, width in sandbox_data.DATASET_FEATURES.items():
        assert sandbox_data.load_data(name).X.shape[1] == width, name


def test_an_input_of_the_wrong_width_is_found_before_loading_the_data():
    three = parse_spec("Sequential([Input(shape=(3,)), Dense(1, 'sigmoid')])")
    assert sandbox_data.input_mismatch(three, "spiral") == (
        "Input(shape=(3,)) declares 3 features, and spiral has 2: training would stop at "
        "once, with the engine's message. Change the Input, or remove it (Dense layers take "
        "the data's width)."
    )
    assert sandbox_data.input_mismatch(three, "mine.csv", width=3) == ""
    assert sandbox_data.input_mismatch(three, "mine.csv") == ""  # not known until loaded
    assert sandbox_data.input_mismatch(parse_spec("Sequential([Dense(1)])"), "digits") == ""


@pytest.mark.parametrize("width", [1, 2, 64])
def test_the_sandbox_counts_parameters_as_the_engine_does(width):
    for code in (MODEL, "Sequential([Dense(1)])", "Sequential([Dense(16), Dense(3, 'softmax')])"):
        spec = parse_spec(code)
        model = spec.build(width, adapt=np.ones((3, spec.input_width or width), np.float32))
        model.build((None, spec.input_width or width))
        assert spec.count_params(width) == model.count_params(), code


def test_normalization_and_dropout_read_and_write_back():
    spec = parse_spec(MODEL)
    assert spec.normalization and spec.dropout == ((0, 0.25),)
    assert [layer.activation for layer in spec.layers] == ["gelu", "leaky_relu", "sigmoid"]
    assert spec.to_code() == MODEL
    assert parse_spec(spec.to_code()) == spec
    # mean, variance and count (5) + 2*8+8 + 8*4+4 + 4*1+1
    assert spec.count_params(2) == 5 + 24 + 36 + 5


def test_the_built_model_adapts_normalization_to_what_it_is_given():
    X = np.array([[1.0, 10.0], [3.0, 30.0]], dtype=np.float32)
    model = parse_spec(MODEL).build(adapt=X)
    norm, _, dropout = model.layers[:3]
    assert isinstance(norm, Normalization) and isinstance(dropout, Dropout)
    assert [norm.name, dropout.name] == ["normalization", "dropout"]
    assert np.allclose(norm.mean, [2, 20]) and np.allclose(norm.variance, [1, 100])
    assert dropout.rate == 0.25


def test_the_session_adapts_to_the_training_part_only():
    config = TrainConfig(model=MODEL, data="coffee-raw", validation_split=0.25, epochs=1)
    session = TrainingSession(config)
    norm = session.model.layers[0]
    train = session.data.X[: session.split_at]
    assert session.split_at == 150
    assert np.allclose(norm.mean, train.mean(axis=0))
    assert not np.allclose(norm.mean, session.data.X.mean(axis=0))


def test_layer_edits_keep_each_dropout_with_its_layer():
    spec = parse_spec(MODEL)
    inserted = spec.inserting(0, LayerSpec(5, "elu"))
    assert inserted.dropout == ((1, 0.25),)
    assert spec.without_layer(0).dropout == ()  # its Dropout goes with it
    assert spec.without_layer(1).dropout == ((0, 0.25),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Sequential([Dense(3), Normalization()])", "Normalization() comes once, first"),
        ("Sequential([Normalization(axis=0), Dense(1)])", "Normalization has no argument 'axis'"),
        ("Sequential([Dropout(0.2), Dense(1)])", "Dropout(rate) goes after a Dense layer"),
        ("Sequential([Dense(3), Dropout(1.0), Dense(1)])", "from 0 to below 1, not 1.0"),
        ("Sequential([Dense(3), Dropout('a'), Dense(1)])", "from 0 to below 1, not 'a'"),
        ("Sequential([Dense(3), Dropout(), Dense(1)])", "Dropout needs its rate"),
        ("Sequential([Dense(3), Dropout(0.1), Dropout(0.1), Dense(1)])", "one Dropout per"),
        ("Sequential([Dense(3), Dense(1), Dropout(0.5)])", "after the output layer"),
        ("Sequential([Dense(3, 'prelu')])", "unknown activation 'prelu'"),
    ],
)
def test_what_is_refused(text, message):
    with pytest.raises(SpecError) as error:
        parse_spec(text)
    assert message in error.value.message


def test_a_dropout_on_the_output_layer_is_refused_by_the_spec_too():
    with pytest.raises(ValueError, match="not the output layer"):
        ModelSpec((LayerSpec(3), LayerSpec(1)), dropout=((1, 0.5),))


@pytest.mark.parametrize(
    ("loss", "optimizer", "expected_loss", "expected_optimizer"),
    [
        ("mae", "adamw", "MeanAbsoluteError()", "AdamW(learning_rate=0.02)"),
        ("huber", "sgd", "Huber()", "SGD(learning_rate=0.02)"),
    ],
)
def test_train_takes_the_new_losses_and_optimizers(
    loss, optimizer, expected_loss, expected_optimizer
):
    config = TrainConfig(
        model="Sequential([Dense(4, 'softplus'), Dense(1)])",
        data="coffee",
        loss=loss,
        optimizer=optimizer,
        epochs=2,
    )
    session = TrainingSession(config)
    assert session.loss.code() == expected_loss
    assert session.optimizer_code() == expected_optimizer
    assert session.train().state == "done"
