"""Unit maps: each hidden unit's output over the boundary's grid, on one scale per layer."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.sandbox.config import TrainConfig
from tutor.sandbox.presets import preset_named
from tutor.sandbox.session import TrainingSession
from tutor.sandbox.units import UnitMaps, sample_cells


def maps(activation: str, *units: list[list[float]]) -> UnitMaps:
    return UnitMaps(0, "dense", activation, np.array(units, dtype=float))


def test_bounded_activations_keep_their_own_scale():
    sigmoid = maps("sigmoid", [[0.0, 0.5], [0.75, 1.0]])
    assert sigmoid.centre == 0.5 and sigmoid.reach().tolist() == [0.5]
    assert sigmoid.levels().tolist() == [[[-1.0, 0.0], [0.5, 1.0]]]
    tanh = maps("tanh", [[-0.5, 0.25]])
    assert tanh.reach().tolist() == [1.0] and tanh.levels().tolist() == [[[-0.5, 0.25]]]


def test_each_unbounded_unit_reaches_as_far_as_it_goes():
    relu = maps("relu", [[0.0, 4.0]], [[0.0, 1.0]])
    assert relu.reach().tolist() == [4.0, 1.0]
    assert relu.levels().tolist() == [[[0.0, 1.0]], [[0.0, 1.0]]]  # both use all the colour
    linear = maps("linear", [[-2.0, 1.0]])
    assert linear.reach().tolist() == [2.0] and linear.levels().tolist() == [[[-1.0, 0.5]]]


def test_a_unit_the_same_everywhere_is_flat_and_a_dead_unit_does_not_divide_by_zero():
    relu = maps("relu", [[0.0, 0.0]], [[0.0, 3.0]], [[2.99, 3.0]])
    assert relu.flat().tolist() == [True, False, True]
    assert relu.reach().tolist() == [1.0, 3.0, 3.0]
    sigmoid = maps("sigmoid", [[0.5, 0.504]], [[0.2, 0.8]])
    assert sigmoid.flat().tolist() == [True, False]
    diverged = maps("sigmoid", [[float("nan"), 1.0]])
    assert diverged.levels().tolist() == [[[0.0, 1.0]]]  # a NaN shows as neutral
    exploded = maps("relu", [[float("inf"), 2.0]])
    assert exploded.reach().tolist() == [2.0] and exploded.levels().tolist() == [[[1.0, 1.0]]]


def test_sample_cells_reads_the_cell_under_each_centre():
    grid = np.arange(24).reshape(4, 6)
    assert sample_cells(grid, 2, 3).tolist() == [[7, 9, 11], [19, 21, 23]]
    stacked = np.stack([grid, -grid])
    assert sample_cells(stacked, 1, 2)[1].tolist() == [[-13, -16]]


def test_unit_maps_are_the_first_layers_outputs_on_the_boundarys_grid():
    session = TrainingSession(preset_named("xor-hidden").config)
    session.train(epochs=20)
    (hidden,) = session.unit_maps(30, 10)
    boundary = session.boundary(30, 10)
    assert (hidden.layer, hidden.name, hidden.activation) == (0, "dense", "relu")
    assert hidden.values.shape == (8, 10, 30)
    kernel, bias = session.model.layers[0].get_weights()
    (x0, x1), (y0, y1) = boundary.x_range, boundary.y_range
    for row, col in [(0, 0), (9, 29), (3, 17)]:  # each cell's centre, top row the highest x2
        x = x0 + (col + 0.5) * (x1 - x0) / 30
        y = y1 - (row + 0.5) * (y1 - y0) / 10
        expected = np.maximum(0, np.array([x, y], dtype=np.float32) @ kernel + bias)
        assert hidden.values[:, row, col] == pytest.approx(expected, abs=1e-5)


def test_every_epoch_that_carries_a_boundary_carries_the_unit_maps():
    session = TrainingSession(preset_named("deep-relu").config)
    session.grid = (20, 8)
    events = []
    session.train(epochs=1, on_epoch=events.append)
    assert events[0].boundary is not None
    assert [(m.name, m.values.shape) for m in events[0].units] == [
        (name, (8, 8, 20)) for name in ("dense", *(f"dense_{i}" for i in range(1, 6)))
    ]


@pytest.mark.parametrize(
    "config",
    [
        preset_named("xor-line").config,  # no hidden layer: the output is all there is
        preset_named("digits-softmax").config,  # 64 features: no plane
        TrainConfig(model="Sequential([Input(shape=(3,)), Dense(4), Dense(1)])", data="xor"),
    ],
)
def test_no_maps_without_a_hidden_layer_or_a_plane(config):
    assert TrainingSession(config).unit_maps() == ()


def test_in_six_sigmoid_layers_the_plane_fades_and_in_six_relu_layers_it_does_not():
    sigmoid = TrainingSession(preset_named("deep-sigmoid").config)
    sigmoid.train()
    flat = [int(m.flat().sum()) for m in sigmoid.unit_maps()]
    assert flat[0] == 0 and flat[3:] == [8, 8, 8]
    relu = TrainingSession(preset_named("deep-relu").config)
    relu.train()
    assert all(m.flat().sum() < 8 for m in relu.unit_maps())
