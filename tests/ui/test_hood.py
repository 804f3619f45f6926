"""Under-the-hood views rendered from trace data: the numbers, the shapes, 80 columns."""

from __future__ import annotations

import io

from rich.console import Console

from tutor.ui.widgets.hood import matrix, render_trace


def text_of(renderable) -> str:
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


LAYER = {
    "name": "dense",
    "activation": "sigmoid",
    "a_in": [[1.0, 2.0]],
    "W": [[0.5, -1.0], [0.25, 0.0]],
    "b": [-1.0, 0.5],
    "z": [[0.0, -0.5]],
    "a": [[0.5, 0.3775406687981454]],
}


def test_dense_view_spells_out_one_neuron_and_the_batch():
    shown = text_of(render_trace({"view": "dense", "forward": {"layers": [LAYER]}}))
    assert "unit 0: z = 1.0000×0.5000 + 2.0000×0.2500 - 1.0000 = 0.0000" in shown
    assert "a = sigmoid(0.0000) = 0.5000" in shown
    assert "unit 1: z = 1.0000×(-1.0000) + 2.0000×0.0000 + 0.5000 = -0.5000" in shown
    assert "W (2, 2)  one column per unit" in shown
    assert "a (1, 2)  = sigmoid(z)" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_network_view_is_sequential_written_out():
    second = {**LAYER, "name": "dense_1", "W": [[1.0], [1.0]], "b": [0.0], "a": [[0.6]]}
    shown = text_of(render_trace({"view": "network", "forward": {"layers": [LAYER, second]}}))
    lines = [line.rstrip() for line in shown.splitlines()]
    assert "x                 the input (1, 2)" in lines
    assert "a1 = dense(x)     Dense(2, activation='sigmoid')" in lines
    assert "  │               W (2, 2), b (2,): 6 parameters" in lines
    assert "a2 = dense_1(a1)  Dense(1, activation='sigmoid')" in lines
    assert "output            a2, the prediction (1, 1)" in lines


def test_big_matrices_keep_their_corners_and_say_their_shape():
    big = [[float(r * 100 + c) for c in range(400)] for r in range(60)]
    lines = matrix(big).plain.splitlines()
    assert len(lines) == 5  # 4 rows and the vertical ellipsis
    assert lines[0].split() == ["0.0000", "1.0000", "2.0000", "…", "398.0000", "399.0000"]
    assert lines[2].strip() == "⋮"
    assert lines[-1].split()[-1] == "6299.0000"
    wide = {
        **LAYER,
        "a_in": big,
        "W": [[0.0, 0.0]] * 400,
        "z": [[0.0, -0.5]] * 60,
        "a": [[0.5, 0.5]] * 60,
    }
    whole = text_of(render_trace({"view": "dense", "forward": {"layers": [wide]}}))
    assert "a_in (60, 400)  one example per row" in whole
    assert "W (400, 2)" in whole
    assert max(len(line) for line in whole.splitlines()) <= 80


def test_step_view_shows_the_loss_gradients_and_updates():
    step = {
        "loss": 0.693147,
        "optimizer": "SGD(learning_rate=0.1)",
        "step": 1,
        "applied": False,
        "weights": [
            {
                "name": "dense/kernel",
                "shape": [2, 1],
                "gradient": [[0.5], [-0.25]],
                "update": [[-0.05], [0.025]],
                "before": [[0.0], [0.0]],
                "after": [[-0.05], [0.025]],
            },
        ],
    }
    shown = text_of(render_trace({"view": "step", "step": step}))
    assert "loss 0.6931  on this batch; SGD(learning_rate=0.1) step 1" in shown
    assert "gradient (2, 1)  ∂loss/∂dense/kernel" in shown
    assert "-0.0500" in shown and "0.0250" in shown


def test_predict_view_turns_probabilities_into_decisions():
    data = {
        "view": "predict",
        "threshold": 0.5,
        "probabilities": [[0.9], [0.5], [0.1]],
        "decisions": [[1], [1], [0]],
    }
    rows = [line.split() for line in text_of(render_trace(data)).splitlines()]
    assert rows[0] == ["example", "probability", "≥", "0.5?", "decision"]
    assert rows[1:] == [
        ["0", "0.9000", "yes", "1"],
        ["1", "0.5000", "yes", "1"],
        ["2", "0.1000", "no", "0"],
    ]
