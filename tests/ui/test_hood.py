"""Under-the-hood views: rendered from trace data (the numbers, the shapes, what fits at 80x24),
and kept up to date with the cells above them in the app."""

from __future__ import annotations

import io

import numpy as np
from rich.console import Console

from tests.ui.conftest import SIZE, next_step, output_text, settle
from tests.waiting import until
from tutor.lessons.loader import load_course
from tutor.ui.app import TutorApp
from tutor.ui.widgets.hood import matrix, render_trace

HOOD_WIDTH = 73  # what a hood view's body gets in an 80-column terminal


def text_of(renderable, width: int = 80) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
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


def test_a_tiny_negative_weight_reads_as_the_zero_it_is_shown_as():
    tiny = {**LAYER, "W": [[-1e-7, -1.0], [0.25, 0.0]], "b": [-1e-7, 0.5]}
    shown = text_of(render_trace({"view": "dense", "forward": {"layers": [tiny]}}))
    assert "unit 0: z = 1.0000×0.0000 + 2.0000×0.2500 + 0.0000 = 0.0000" in shown


def test_network_view_is_sequential_written_out():
    second = {**LAYER, "name": "dense_1", "W": [[1.0], [1.0]], "b": [0.0], "a": [[0.6]]}
    shown = text_of(render_trace({"view": "network", "forward": {"layers": [LAYER, second]}}))
    lines = [line.rstrip() for line in shown.splitlines()]
    assert "x                 the input (1, 2)" in lines
    assert "a1 = dense(x)     Dense(2, activation='sigmoid')" in lines
    assert "  │               W (2, 2), b (2,): 6 parameters" in lines
    assert "a2 = dense_1(a1)  Dense(1, activation='sigmoid')" in lines
    assert "output            a2, the prediction (1, 1)" in lines


def test_big_matrices_keep_their_corners_and_say_what_is_left_out():
    big = [[float(r * 100 + c) for c in range(400)] for r in range(60)]
    lines = matrix(big, 80).plain.splitlines()
    assert len(lines) == 6  # 4 rows, the vertical ellipsis, and what is not shown
    assert lines[0].split() == [
        "0.0000", "1.0000", "2.0000", "3.0000", "…", "397.0000", "398.0000", "399.0000",
    ]  # fmt: skip
    assert lines[2].strip() == "⋮"
    assert lines[-2].split()[-1] == "6299.0000"
    assert lines[-1] == (
        "(rows 2 to 57 and columns 4 to 396 not shown: print it in a cell to see them)"
    )
    wide = {
        **LAYER,
        "a_in": big,
        "W": [[0.0, 0.0]] * 400,
        "z": [[0.0, -0.5]] * 60,
        "a": [[0.5, 0.5]] * 60,
    }
    whole = text_of(render_trace({"view": "dense", "forward": {"layers": [wide]}}), HOOD_WIDTH)
    assert "a_in (60, 400)  one example per row" in whole
    assert "W (400, 2)" in whole
    assert max(len(line.rstrip()) for line in whole.splitlines()) <= HOOD_WIDTH


def ten_unit_layer() -> dict:
    """A last layer like lesson 10's: 15 ReLU activations in, 10 logits out."""
    rng = np.random.default_rng(0)
    a_in = np.abs(rng.normal(size=(1, 15))) * 3
    W, b = rng.normal(size=(15, 10)) * 2, rng.normal(size=10)
    z = a_in @ W + b
    return {"name": "dense_3", "activation": "linear", "a_in": a_in.tolist(), "W": W.tolist(),
            "b": b.tolist(), "z": z.tolist(), "a": z.tolist()}  # fmt: skip


def test_all_ten_logits_of_a_ten_unit_layer_are_shown_at_80_columns():
    layer = ten_unit_layer()
    shown = text_of(render_trace({"view": "dense", "forward": {"layers": [layer]}}), HOOD_WIDTH)
    lines = [line.rstrip() for line in shown.splitlines()]
    assert max(map(len, lines)) <= HOOD_WIDTH  # nothing wraps mid-number
    z_rows = lines[lines.index("z (1, 10)  = a_in @ W + b") + 1 :][:4]
    assert z_rows[0].split() == ["0", "1", "2", "3", "4"]  # column k is unit k, digit k
    assert z_rows[2].split() == ["5", "6", "7", "8", "9"]
    assert [float(v) for v in z_rows[1].split() + z_rows[3].split()] == [
        round(v, 4) for v in layer["z"][0]
    ]
    assert "  ⋮ units 2 to 7 are not written out; see z and a below" in lines
    assert "(rows 2 to 12 not shown: print it in a cell to see them)" in lines  # W


def test_a_sum_of_three_terms_is_written_whole_and_breaks_between_terms():
    """Lesson 3's second layer: the learner computed this sum by hand, so no term is left out."""
    layer = {
        **LAYER,
        "a_in": [[0.0909, 0.0086, 0.0]],
        "W": [[-31.18], [-27.59], [-32.56]],
        "b": [15.41],
        "z": [[12.336]],
        "a": [[1.0]],
    }
    shown = text_of(render_trace({"view": "dense", "forward": {"layers": [layer]}}), HOOD_WIDTH)
    lines = [line.rstrip() for line in shown.splitlines()]
    assert lines[2:4] == [
        "  unit 0: z = 0.0909×(-31.1800) + 0.0086×(-27.5900) + 0.0000×(-32.5600)",
        "              + 15.4100 = 12.3360",
    ]
    terms = text_of(render_trace({"view": "dense", "forward": {"layers": [ten_unit_layer()]}}))
    assert "…12 more…" in terms  # 15 inputs: the first two, the last, and how many between


def test_columns_that_fit_stay_on_one_line_as_before():
    lines = matrix([[0.5, -1.0, 0.25], [1.0, 2.0, 3.0]], HOOD_WIDTH).plain.splitlines()
    assert lines == [" 0.5000 -1.0000  0.2500", " 1.0000  2.0000  3.0000"]


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


def test_a_softmax_prediction_is_decided_by_argmax_with_the_class_picked():
    probabilities = np.full((2, 10), 0.02)
    probabilities[0, 7], probabilities[1, 3] = 0.82, 0.82
    data = {
        "view": "predict",
        "decide": "argmax",
        "activation": "softmax",
        "logits": None,
        "probabilities": probabilities.tolist(),
        "decisions": [7, 3],
    }
    shown = text_of(render_trace(data), HOOD_WIDTH)
    lines = [line.rstrip() for line in shown.splitlines()]
    assert max(map(len, lines)) <= HOOD_WIDTH
    assert "The decision is the argmax" in " ".join(lines)
    header = lines.index("probabilities (2, 10)") + 1
    assert lines[header].split() == ["#", *map(str, range(10)), "argmax"]
    assert lines[header + 1].split() == ["0", *["0.020"] * 7, "0.820", "0.020", "0.020", "7"]
    assert lines[header + 2].split()[-1] == "3"


def test_logits_are_shown_then_softmax_then_argmax():
    logits = [[2.0, 1.0, -1.0]]
    e = np.exp(logits[0])
    data = {
        "view": "predict",
        "decide": "argmax",
        "activation": "linear",
        "logits": logits,
        "probabilities": [(e / e.sum()).tolist()],
        "decisions": [0],
    }
    lines = [line.rstrip() for line in text_of(render_trace(data), HOOD_WIDTH).splitlines()]
    assert "logits (1, 3)  what predict returns" in lines
    assert lines[lines.index("softmax(logits) (1, 3)") + 2].split() == [
        "0", "0.7054", "0.2595", "0.0351", "0",
    ]  # fmt: skip


# -- in the app: a view shows the model the cells above now leave ---------------------------------

COURSE = load_course()


def body_text(view) -> str:
    return text_of(view.query_one(".hood-body").content)


def old_note(view) -> str:
    note = view.query_one(".hood-old")
    return str(note.content) if note.display else ""


async def test_lesson_8s_view_is_redrawn_after_the_drill_changes_the_model(data_dir):
    """The drill sets activation = None in the `hidden` cell and runs it; the hood view below it
    says it is old, and going back to it redraws it from the new model."""
    lesson = next(lesson for lesson in COURSE.lessons if lesson.id == "depth")
    ids = [getattr(step, "id", None) for step in lesson.steps]
    hidden = ids.index("hidden")
    hood = next(i for i, step in enumerate(lesson.steps) if step.kind == "hood")
    assert hidden < hood
    app = TutorApp(data_dir, course=COURSE)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("depth", hood)
        await until(pilot, lambda: bool(app.screen.query(f"#step-{hood}")))
        screen = app.screen
        view = screen.frame(hood).view
        await until(pilot, lambda: "activation g" in body_text(view))
        assert "activation g = sigmoid" in body_text(view)
        await screen.go_to(hidden)
        cell = screen.frame(hidden).view
        cell.editor.load_text(cell.code.replace('"sigmoid"', "None", 1))
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "hidden Dense(16, None)" in output_text(cell)
        assert "activation g = sigmoid" in body_text(view)  # still the old drawing, and it says so
        assert old_note(view) == (
            "This view was drawn before cell hidden ran again: ctrl+r redraws it (so does "
            "coming back to this step)."
        )
        while screen.current < hood:
            await next_step(app, pilot)
        await settle(app, pilot)
        assert "activation g = linear" in body_text(view)
        assert old_note(view) == ""


async def test_a_view_below_a_failed_cell_names_it_and_draws_nothing(make_app):
    app = make_app(lesson="model")  # build, hood, train, hood (network), hood (predict)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await screen.go_to(4)
        await settle(app, pilot)
        view = screen.frame(4).view
        assert "probability" in body_text(view)
        await screen.go_to(2)
        screen.frame(2).view.editor.load_text("history = model.fit(X, y, epochs=nope)")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "before cell train ran again" in old_note(view)
        await screen.go_to(4)
        await settle(app, pilot)
        assert "The cell above, train, failed on its last run" in output_text(view)
        assert "could not be drawn" in body_text(view)
        await screen.go_to(2)
        screen.frame(2).view.reset()  # ctrl+o: the lesson's code, which runs
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert old_note(view) == ""  # nothing drawn to call old: its message says what to do
        await screen.go_to(4)  # coming back draws it
        await settle(app, pilot)
        assert "probability" in body_text(view)
        assert "failed" not in output_text(view)


async def test_a_lesson_opened_at_a_view_draws_it(make_app):
    """Opening (or resuming) at a view: starting the kernel must not cancel its drawing, which
    left "Tracing…" and a page that refused every run."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("model", 1)
        await until(pilot, lambda: bool(app.screen.query("#step-1")))
        view = app.screen.frame(1).view
        await until(pilot, lambda: app.screen.busy is None)
        assert body_text(view).startswith("dense: activation g = sigmoid")


def test_a_negative_input_is_subtracted_not_added_as_a_negative():
    layer = {
        **LAYER,
        "a_in": [[0.5, -0.6529]],
        "W": [[2.0], [0.5]],
        "b": [-0.1],
        "z": [[0.5736]],
        "a": [[0.5736]],
    }
    shown = text_of(render_trace({"view": "dense", "forward": {"layers": [layer]}}), HOOD_WIDTH)
    assert "  unit 0: z = 0.5000×2.0000 - 0.6529×0.5000 - 0.1000 = 0.5736" in shown.splitlines()
