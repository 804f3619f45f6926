"""The Sandbox at 80x24 with keys only: build a model with the form, train on the spiral, watch
the boundary change, stop, probe one point; keys are answered while training runs."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from tests.ui.conftest import SIZE
from tests.waiting import until
from tutor.sandbox.config import TrainConfig
from tutor.sandbox.presets import PRESETS, preset_named
from tutor.sandbox.session import Boundary
from tutor.sandbox.spec import LayerSpec, parse_spec
from tutor.sandbox.state import State
from tutor.sandbox.units import UnitMaps
from tutor.ui.app import TutorApp
from tutor.ui.help import help_sections
from tutor.ui.sandbox import SandboxScreen, bench
from tutor.ui.sandbox.boundary import (
    BoundaryView,
    cell_colour,
    examples_that_fit,
    heatmap,
    legend,
)
from tutor.ui.sandbox.layers_form import LayerForm
from tutor.ui.sandbox.screen import WATCH_PACE
from tutor.ui.sandbox.units import (
    TileLayout,
    UnitMapsView,
    level_colour,
    tile_layout,
    unit_tiles,
)


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_build_train_on_spiral_watch_stop_and_probe(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SandboxScreen)
        assert "1 Model  2 Data  3 Train  4 View  5 Probe  6 Saved" in screen_text(app)

        # The form (where the sandbox opens): add a layer, double two layers' units.
        assert isinstance(app.focused, LayerForm)
        await pilot.press("a", "right_square_bracket", "up", "right_square_bracket", "right")
        expected = (
            "model = Sequential([\n"
            "    Dense(16, activation='sigmoid'),\n"
            "    Dense(16, activation='relu'),\n"
            "    Dense(1, activation='sigmoid'),\n"
            "])"
        )
        assert screen.query_one("#code").text == expected
        assert parse_spec(screen.config.model) == parse_spec(expected)
        assert "dense_1      16 units  relu" in screen_text(app)

        # The data: the spiral, 400 epochs.
        await pilot.press("2")
        await pilot.press("enter", "s", "p", "enter")
        assert screen.config.data == "spiral"
        for _ in range(8):
            await pilot.press("tab")
        assert app.focused.id == "epochs"
        await pilot.press("4", "0", "0")
        assert screen.config.epochs == 400
        await pilot.press("escape", "4")
        assert screen.query_one("#tabs").active == "view-tab"

        # Train slowly enough to watch (w), and see the boundary move while keys keep working.
        await pilot.press("w", "t")
        await until(pilot, lambda: screen.session.epochs_done >= 5)
        boundary = screen.query_one(BoundaryView)
        await until(pilot, lambda: boundary.boundary is not None)
        early = boundary.boundary.values
        await pilot.press("3")
        assert screen.query_one("#tabs").active == "train-tab"
        assert screen.session.state == State.RUNNING
        await pilot.press("space")
        assert screen.session.state == State.PAUSED
        paused_at = screen.session.epochs_done
        await pilot.pause(0.3)
        assert screen.session.epochs_done == paused_at
        await pilot.press("space", "4")
        assert screen.session.state == State.RUNNING
        await until(pilot, lambda: screen.session.epochs_done >= paused_at + 40)
        await until(pilot, lambda: boundary.boundary.values != early)

        # Stop.
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        stopped_at = screen.session.epochs_done
        assert stopped_at < 400
        await until(pilot, lambda: f"Stopped after {stopped_at} epochs" in screen_text(app))

        # Probe the point under the cursor: the forward pass, layer by layer.
        await pilot.press("4", "left", "left", "up", "enter")
        assert screen.query_one("#tabs").active == "probe-tab"
        x, y = boundary.point()
        await until(pilot, lambda: f"x = ({x:.4g}, {y:.4g})  →  p = " in screen_text(app))
        text = screen_text(app)
        for layer in ("Dense(16, activation='sigmoid')", "Dense(16, activation='relu')"):
            assert layer in text  # the forward pass, layer by layer
        shown = [float(f"{x:.4g}"), float(f"{y:.4g}")]  # the point as the probe tab typed it
        probe = screen.session.probe(shown)
        assert f"p = {probe.output[0]:.4f}" in text


async def test_a_typed_model_error_points_at_the_column_and_keeps_the_form(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        editor = screen.query_one("#code")
        editor.text = "Sequential([Dense(3, 'sigmod')])"
        await pilot.pause()
        text = screen_text(app)
        assert "line 1, column 22: unknown activation 'sigmod' (did you mean 'sigmoid'?)" in text
        assert "    Sequential([Dense(3, 'sigmod')])\n" in str(
            screen.query_one("#spec-status").render()
        )
        assert screen.spec.layers[0].units == 8  # the form keeps the last model that read
        await pilot.press("escape", "t")  # training uses the code on screen, so it refuses
        await pilot.pause()
        assert screen.session is None
        assert "unknown activation 'sigmod'" in screen.message[0] and screen.message[1]
        editor.text = "Sequential([Input(shape=(2,)), Dense(3, 'tanh'), Dense(1, 'sigmoid')])"
        await pilot.pause()
        assert "✓ 2 Dense layers, output 1 sigmoid" in screen_text(app)
        assert "dense         3 units  tanh" in screen_text(app)


async def test_the_probe_tab_shows_the_model_summary(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "5")
        text = screen_text(app)
        assert "model.summary()" in text
        assert "dense_1 (Dense)" in text and "Total params: 33" in text


async def test_a_preset_loads_trains_and_explains_a_nan(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "6")
        assert app.focused.id == "presets"
        await pilot.press("down", "enter")  # the second preset: the learning rate
        assert screen.config.optimizer == "sgd" and screen.config.learning_rate == 10.0
        assert "Watch: Each step overshoots" in screen_text(app)
        await pilot.press("t")
        await until(pilot, lambda: screen.session.state == State.FAILED)
        await until(pilot, lambda: "the loss became nan" in screen_text(app))


async def test_save_export_and_load_a_model(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "s")  # one epoch, then paused
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        assert screen.session.epochs_done == 1
        await pilot.press("s")  # one more
        await until(pilot, lambda: screen.session.epochs_done == 2)
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        await pilot.press("6", "tab")
        assert app.focused.id == "save-name"
        await pilot.press(*"mine", "enter")
        assert app.store.sandbox.names() == ["mine"]
        await pilot.press("escape", "k")
        folder = data_dir / "exports" / "mine"
        await until(pilot, lambda: (folder / "model.py").exists())
        assert (folder / "model_weights.npz").exists()
        said = " ".join(screen.query_one("#status").render().plain.split())
        assert f"Exported model.py, model_weights.npz and data.npz to {folder}" in said
        weights = [w.copy() for w in screen.session.model.get_weights()]
        await pilot.press("r")  # new weights
        await pilot.press("6", "tab", "enter")
        assert app.focused.id == "saved-models"
        await asyncio.sleep(0)
        for saved, now in zip(weights, screen.session.model.get_weights(), strict=True):
            assert (saved == now).all()
        # The weights' epochs come back with them, in the message and the status line.
        await until(
            pilot, lambda: "Loaded “mine” with its saved weights (2 epochs)" in screen_text(app)
        )
        assert "ready, 2 epochs" in screen_text(app)


async def test_a_loaded_preset_or_saved_model_is_what_the_next_start_restores(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*preset_keys("xor-hidden"))
        assert app.screen.config.data == "xor"
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.config == preset_named("xor-hidden").config


async def test_esc_leaves_the_probe_input_so_the_tab_keys_work_again(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "5")
        assert app.focused.id == "probe-input"
        await pilot.press("4")  # a digit in the input is a number typed
        assert app.focused.value == "4"
        await pilot.press("escape", "4")
        assert screen.query_one("#tabs").active == "view-tab"


async def test_ctrl_a_selects_the_whole_model_so_typing_replaces_it(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("e")
        assert app.focused.id == "code"
        await pilot.press("ctrl+a")
        assert app.focused.selected_text == app.focused.text
        await pilot.press(*"Sequential([Dense(1, 'sigmoid')])")
        assert parse_spec(screen.config.model) == parse_spec("Sequential([Dense(1, 'sigmoid')])")


async def test_an_old_error_goes_once_the_code_is_fixed(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("e", "ctrl+a", *"Sequential([Dense(1, 'sigmoid'),", "escape", "t")
        await until(
            pilot,
            lambda: (
                "Sequential( is never closed" in screen.query_one("#status").render().plain
                or screen.message[1]
            ),
        )
        assert screen.message[1]  # training refused the broken code, in the status line
        await pilot.press("shift+tab", "end")
        await pilot.press(*"])")
        assert screen.message == ("", False)


async def test_a_model_that_cannot_read_the_data_is_flagged_before_training(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("e", "ctrl+a", *"Sequential([Input(shape=(3,)), Dense(1, 'sigmoid')])")
        wrong = "Input(shape=(3,)) declares 3 features, and coffee has 2"
        assert wrong in screen_text(app)
        assert screen.session is None  # nothing was trained or loaded to find it
        await pilot.press("escape", "2")
        assert wrong in screen_text(app)  # the Data tab says it too
        await pilot.press("escape", "1", "shift+tab")
        assert app.focused.id == "code"
        await pilot.press("ctrl+a", *"Sequential([Input(shape=(2,)), Dense(1, 'sigmoid')])")
        assert wrong not in screen_text(app) and "✓ 1 Dense layer" in screen_text(app)


async def test_w_trains_at_a_watching_pace_and_again_at_full_speed(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "s")
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        assert screen.session.pace == 0
        await pilot.press("w")
        assert screen.session.pace == WATCH_PACE and "Watching" in screen_text(app)
        await pilot.press("w")
        assert screen.session.pace == 0 and "Full speed" in screen_text(app)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)


def test_snapshot_of_the_model_tab(snap_compare, data_dir):
    async def opened(pilot):
        await pilot.pause()

    assert snap_compare(TutorApp(data_dir, "sandbox"), terminal_size=SIZE, run_before=opened)


def test_snapshot_of_the_boundary_after_one_epoch(snap_compare, data_dir):
    async def one_epoch(pilot):
        await pilot.pause()
        await pilot.press("escape", "4", "s")
        screen = pilot.app.screen
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await until(pilot, lambda: "1 epoch" in screen_text(pilot.app))
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        await until(pilot, lambda: "Stopped after 1 epoch." in screen_text(pilot.app))

    app = TutorApp(data_dir, "sandbox")
    assert snap_compare(app, terminal_size=SIZE, run_before=one_epoch)


def test_the_heatmap_draws_points_by_class_over_the_probabilities():
    boundary = Boundary(
        kind="probability",
        x_range=(0.0, 3.0),
        y_range=(0.0, 2.0),
        values=((0.1, 0.5, 0.9), (0.9, 0.5, 0.1)),
        points=((0.5, 1.5, 0.0), (2.5, 0.5, 1.0)),
    )
    text = heatmap(boundary, cursor=(1, 1))
    assert text.plain == "o  \n +x"
    backgrounds = [span.style.bgcolor for span in text.spans if span.style.bgcolor]
    assert cell_colour(boundary, 0.1) != cell_colour(boundary, 0.9)
    assert cell_colour(boundary, 0.1) in backgrounds and cell_colour(boundary, 0.9) in backgrounds
    side = legend(boundary, ("bad roast", "good roast")).plain
    assert "o bad roast" in side and "x good roast" in side


def test_the_heatmaps_last_row_keeps_its_trailing_coloured_cells():
    boundary = Boundary(
        kind="probability",
        x_range=(0.0, 3.0),
        y_range=(0.0, 2.0),
        values=((0.1, 0.5, 0.9), (0.9, 0.5, 0.1)),
        points=((0.5, 1.5, 0.0),),  # the last row has no point: three coloured spaces
    )
    assert heatmap(boundary).plain == "o  \n   "
    tall = Boundary("probability", (0.0, 3.0), (0.0, 20.0), ((0.5,) * 3,) * 20, ())
    view = BoundaryView()
    view.update = lambda table: setattr(view, "drawn", table)
    view.show(tall, ("bad", "good"))
    lines = view.drawn.plain.split("\n")
    assert len(lines) == 20 and lines[-1] == "   "  # below the legend: the grid's whole row


async def test_the_form_keeps_a_model_within_its_limits(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("d")
        assert len(screen.spec.layers) == 1
        await pilot.press("d")
        assert len(screen.spec.layers) == 1
        assert "A model needs at least one Dense layer." in [
            notification.message for notification in app._notifications
        ]
        assert screen.spec.layers[0] == LayerSpec(8, "relu")  # the output went first
        for _ in range(5):
            await pilot.press("left_square_bracket")
        assert screen.spec.layers[0].units == 1  # halving stops at one unit
        await pilot.press("minus")
        assert screen.spec.layers[0].units == 1
        await pilot.press("left")
        assert screen.spec.layers[0].activation == "linear"  # relu's neighbour
        assert screen.query_one("#code").text == (
            "model = Sequential([\n    Dense(1, activation='linear'),\n])"
        )


async def test_a_broken_shape_contract_is_explained_not_crashed_on(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "6", "down", "down", "down", "enter")
        assert screen.config.data == "digits01"
        await pilot.press("escape", "4")
        await pilot.press("5")
        assert "model.summary()" in screen_text(app)
        await pilot.press(*"#0", "enter")
        assert "Layer 'dense' expects 8 input features per sample" in screen_text(app)
        await pilot.press("escape", "4", "t")
        await until(pilot, lambda: screen.session.state == State.FAILED)
        await pilot.pause()
        text = screen_text(app)
        assert "The model was declared for 8 features, and the data has 64" in text
        assert "Layer 'dense' expects 8 input features per sample" in text


async def test_an_unexpected_error_in_training_is_reported_and_the_app_lives(data_dir, monkeypatch):
    from tutor.sandbox.session import TrainingSession

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        monkeypatch.setattr(TrainingSession, "_after_epoch", broken)
        await pilot.press("escape", "t")
        await until(pilot, lambda: "Training failed unexpectedly" in screen_text(app))
        assert screen.session.state == State.FAILED and not screen.training
        monkeypatch.undo()
        await pilot.press("t")  # and it trains again
        await until(pilot, lambda: screen.session.state == State.DONE, seconds=120)


def preset_keys(key: str) -> list[str]:
    """From anywhere but a field: the keys that load a preset in the Saved tab."""
    index = [preset.key for preset in PRESETS].index(key)
    return ["escape", "6", "home", *["down"] * index, "enter"]


def test_tiles_are_as_large_as_fit_and_say_when_not_all_do():
    assert tile_layout(9, 78, 17) == TileLayout(12, 4, 6, 9)  # 8 units and the output, 80x24
    assert tile_layout(9, 58, 13) == TileLayout(9, 3, 5, 9)  # at 60x20
    assert tile_layout(3, 78, 17) == TileLayout(18, 6, 4, 3)  # few units: the largest tiles
    assert tile_layout(65, 78, 16) == TileLayout(6, 2, 11, 55)  # 64 units: as many as fit
    values = np.zeros((3, 4, 6))
    values[0, :, 3:] = 4.0  # on in the right half
    values[2] = 1.5  # the same everywhere
    boundary = Boundary("probability", (0, 1), (0, 1), ((0.0,) * 6,) * 4, ())
    text = unit_tiles(UnitMaps(0, "dense", "relu", values), boundary, 2, 40, 20)
    lines = text.plain.splitlines()
    assert lines[0] == "Hidden layer 1 of 2 (dense): 3 relu units"
    assert lines[1].endswith(" its largest (≤ on the tile) · m: layer 2")
    # two tiles of 18x6 a row (each row two grid rows), each under its label
    assert len(lines) == 2 + 2 * 7 and lines[3] == "▀" * 18 + " " + "▀" * 18
    assert lines[2].split() == ["1", "≤4", "2", "flat"]
    assert lines[9].split() == ["3", "flat", "output"]
    offset = len("\n".join(lines[:3])) + 1
    first_row = [span.style for span in text.spans if span.start >= offset][:18]
    assert first_row[0].color == level_colour(0) and first_row[17].color == level_colour(1)
    crowded = unit_tiles(UnitMaps(1, "dense_1", "tanh", np.zeros((64, 4, 6))), None, 2, 40, 9)
    assert "Units 1-10 of 64 shown: a larger window shows more." in crowded.plain
    assert "m: the boundary" in crowded.plain


async def test_unit_maps_of_the_xor_units_update_live_and_cycle_with_m(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press(*preset_keys("xor-hidden"))
        assert screen.config.data == "xor" and screen.config.noise == 0.0
        assert "Try: m in the View tab shows the units." in screen_text(app)
        await pilot.press("w", "s")  # watching pace; one epoch, then paused
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await pilot.press("m")  # from the Saved tab: the View tab, on the unit maps
        assert screen.query_one("#tabs").active == "view-tab"
        units = screen.query_one(UnitMapsView)
        assert units.display and not screen.query_one(BoundaryView).display
        await until(pilot, lambda: units.maps is not None)
        text = screen_text(app)
        assert "Hidden layer 1 of 1 (dense): 8 relu units" in text
        assert "m: the boundary" in text and "output" in text
        early = units.maps.values.copy()
        await pilot.press("space")  # resume: the maps follow the training
        await until(pilot, lambda: screen.session.epochs_done >= 40)
        await until(pilot, lambda: not np.array_equal(units.maps.values, early))
        await pilot.press("m")  # back to the boundary, and its cursor keys
        assert not units.display and screen.query_one(BoundaryView).display
        assert app.focused is screen.query_one(BoundaryView)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)


async def test_unit_maps_step_through_deep_layers_and_fit_a_smaller_window(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press(*preset_keys("deep-relu"), "s")
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        await pilot.press("m")
        for layer in range(1, 7):
            following = f"layer {layer + 1}" if layer < 6 else "the boundary"
            await until(pilot, lambda layer=layer: f"Hidden layer {layer} of 6" in screen_text(app))
            assert f"m: {following}" in screen_text(app)
            await pilot.press("m")
        assert screen.view_layer is None and screen.query_one(BoundaryView).display
        await pilot.press("m")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        text = screen_text(app)
        assert "m: layer 2" in text  # the heading still fits
        labels = next(line for line in text.splitlines() if line.lstrip().startswith("1 "))
        assert "5" in labels.split() and "Units 1-" not in text  # five tiles a row, all shown
        assert "output" in text
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert screen.session.grid == screen._grid_size() == (55, 18)


async def test_unit_maps_explain_when_there_is_nothing_to_map(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "m")
        assert "Train a model (t) to see what its hidden units do" in screen_text(app)
        await pilot.press(*preset_keys("xor-line"), "s")
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await pilot.press("x", "m")
        await until(pilot, lambda: "This model has no hidden layer" in screen_text(app))
        await pilot.press(*preset_keys("digits-softmax"), "s")
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await pilot.press("x", "m")
        await until(pilot, lambda: "Unit maps need 2 features." in screen_text(app))
        assert "digits has 64 features, one per pixel" in screen_text(app)
        await pilot.press("m")  # back to the images it gets wrong
        await until(pilot, lambda: "→" in screen_text(app))
        keys = dict(help_sections(app))["Sandbox"]
        assert ("m", "View: each hidden layer's unit maps in turn, then the boundary") in keys


def test_snapshot_of_the_unit_maps_after_one_epoch(snap_compare, data_dir):
    async def one_epoch(pilot):
        await pilot.pause()
        await pilot.press(*preset_keys("xor-hidden"), "s")
        screen = pilot.app.screen
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        await pilot.press("m")
        await until(pilot, lambda: "Hidden layer 1 of 1" in screen_text(pilot.app))

    app = TutorApp(data_dir, "sandbox")
    assert snap_compare(app, terminal_size=SIZE, run_before=one_epoch)


async def test_the_focused_data_field_stands_out(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "2", "tab", "tab", "tab", "tab")
        focused = app.focused
        assert focused.id in ("noise", "validation_split", "loss", "optimizer", "csv")
        fields = app.screen.query("SettingsForm > Input").results()
        others = [field for field in fields if field is not focused]
        if focused.id in ("loss", "optimizer"):
            focused = focused.query_one("SelectCurrent")
        for other in others:
            assert focused.styles.background != other.styles.background


async def test_the_sandbox_benchmark_trains_in_the_app_what_the_engine_trains_alone():
    config = TrainConfig(data="spiral", epochs=30)
    alone, app = bench.engine_alone(config), await bench.in_the_app(config, tab="4")
    assert alone.epochs == app.epochs == 30
    assert app.boundaries >= 1  # the View tab drew the boundary as it trained


SIZES = [(80, 24), (60, 20)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_train_tabs_plot_keeps_its_axes(data_dir, size):
    """At 80x24 and 60x20 the loss plot is sized to the room it has: its x-axis (the ticks,
    their labels and the word epoch) is on screen above the status line (issue 13)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "s")
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await pilot.press("s")
        await until(pilot, lambda: screen.session.epochs_done == 2)
        await until(pilot, lambda: screen.session.state == State.PAUSED)
        await pilot.press("x", "3")
        await until(pilot, lambda: "Stopped after 2 epochs" in screen_text(app))
        await pilot.pause(0.3)  # the plot's redraw clock
        lines = screen_text(app).splitlines()
        status = next(i for i, line in enumerate(lines) if "stopped, 2 epochs" in line)
        axis = next(i for i, line in enumerate(lines) if "└" in line)
        assert lines[axis + 1].split() == ["1", "2"], lines[axis:]  # a tick for each epoch
        assert lines[axis + 2].strip() == "epoch" and axis + 2 < status, lines


def footer_keys(app) -> list[str]:
    """The footer's keys as shown, each only if it is whole on screen."""
    from textual.widgets._footer import FooterKey

    width = app.screen.size.width
    return [
        f"{key.key_display} {key.description}"
        for key in app.screen.query(FooterKey)
        if key.region.right <= width and key.region.width
    ]


TRAINING_KEYS = ["t Train", "space Pause", "s Step", "x Stop", "r Reset"]


@pytest.mark.parametrize("size", SIZES)
async def test_every_tab_shows_help_first_and_only_whole_keys_that_work_there(data_dir, size):
    """tutor's footer (help first), every key of it whole at 80 and 60 columns, and each a key
    that works where it is shown: in the code editor and the inputs, where letters are typed,
    the F keys (issue 13)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        in_a_field = ["f1 Help", "f5 Train", "f6 Pause", "f7 Step", "f8 Stop"]
        # Help, the way home, then the training keys; at 60 columns the last does not fit.
        page = ["? Help", "h Home", *TRAINING_KEYS][: None if size[0] >= 80 else -1]
        for keys, focused, shown in [
            ([], "layers", page),  # the form's hint says a, d
            (["e"], "code", in_a_field),  # F6 and F7 pause and step here too
            (["escape"], "layers", page),
            (["2"], "dataset", ["? Help", "h Home", "t Train", "f6 Pause", *TRAINING_KEYS[2:]]),
            (["tab"], "csv", in_a_field),
            (["escape", "3"], "training", page),  # x, not ctrl+g
            (["4"], "boundary", page),  # its legend says enter probes
            (["5"], "probe-input", in_a_field),
            (["escape", "6"], "presets", page),
        ]:
            await pilot.press(*keys)
            await pilot.pause()
            assert app.focused.id == focused
            assert footer_keys(app) == shown, focused


async def test_the_watching_pace_is_remembered_across_a_restart(data_dir):
    """w is a preference, kept as the theme is: the next start trains at the pace left."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "w")
        assert app.screen.watching
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.watching
        assert "Watching: 0.05 s after each epoch; w for full speed." in screen_text(app)
        await pilot.press("escape", "s")
        await until(pilot, lambda: screen.session and screen.session.state == State.PAUSED)
        assert screen.session.pace == WATCH_PACE
        await pilot.press("w")  # full speed, remembered too
        assert screen.session.pace == 0
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.watching
        assert "Watching" not in screen_text(app)


async def test_the_saved_tab_is_readable_at_60x20(data_dir):
    """At 60 columns the lists are not two 27-column halves: each saved name, each preset
    title and the name field's hint is whole on its line, and a loaded preset's note is on
    screen in full, under its list (issue 13)."""
    names = ["spiral 16-16 relu after 400 epochs", "xor with one hidden layer of 2"]
    for name in names:
        TutorApp(data_dir).store.sandbox.save(name, TrainConfig().to_json(), None, 0)
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("escape", "6", "tab")
        assert app.focused.id == "saved-models"
        lines = screen_text(app).splitlines()
        for name in names:
            assert any(name in line for line in lines), name
        await pilot.press("tab")
        assert app.focused.id == "save-name"
        assert "name, enter saves; esc, k exports" in screen_text(app)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused.id == "presets"
        titles = screen_text(app)
        assert PRESETS[0].title in titles and PRESETS[1].title in titles
        await pilot.press("down", "enter")
        preset = PRESETS[1]
        note = " ".join(screen_text(app).split())
        for part in (preset.title, f"Watch: {preset.watch}", preset.remedy):
            assert " ".join(part.split()) in note, part


async def test_a_message_is_read_whole_under_a_long_state_at_60x20(data_dir):
    """The spiral's state (four metrics) fills the status at 60 columns; the message under it
    stays whole and the state is cut with an ellipsis, the losses first (issue 13)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press(*preset_keys("spiral"), "s")
        await until(pilot, lambda: screen.session and screen.session.state == State.PAUSED)
        await pilot.press("w")
        status = screen.query_one("#status").render().plain.splitlines()
        assert status[0].startswith("spiral: paused (space resumes, s steps), 1 epoch · loss")
        assert status[1].endswith("…") and len(status) == 3
        assert status[2] == "Watching: 0.05 s after each epoch; w for full speed."
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)


async def test_the_model_summary_fits_the_probe_tab_at_60x20(data_dir):
    """Keras's table is 65 columns here; at 60 its rows wrapped into a tangle. It is drawn as
    wide as the tab (Keras's line_length), each row on one line (issue 13)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("escape", "5")
        summary = app.screen.query_one("#summary")
        await until(pilot, lambda: "Total params: 33" in summary.render().plain)
        lines = summary.render().plain.splitlines()
        assert max(len(line) for line in lines) <= summary.content_region.width
        assert any(line.startswith("│ dense_1 (Dense)") and " 9 │" in line for line in lines)


def test_the_status_keeps_a_line_of_state_under_any_message():
    from rich.console import Console
    from rich.text import Text

    from tutor.ui.sandbox.screen import fit_status

    state = Text("spiral: done, 300 epochs · loss 0.0931 · val_loss 0.1076")
    lines = fit_status(state, Text("a long message " * 6), 30, Console()).plain.split("\n")
    assert len(lines) == 3 and all(len(line) <= 30 for line in lines)
    assert lines[0] == "spiral: done, 300 epochs ·…"  # the state, cut to its one line
    assert lines[1] == "a long message a long message"
    assert lines[2].startswith("a long message") and lines[2].endswith("…")
    short = fit_status(state, None, 30, Console()).plain.split("\n")
    assert short == ["spiral: done, 300 epochs ·", "loss 0.0931 · val_loss 0.1076"]


async def test_the_data_tabs_fields_and_choices_are_whole_at_60x20(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("escape", "2")
        assert "loss  fits the data ▼" in screen_text(app)  # 18-column labels left it 10
        await pilot.press("tab", "tab")
        assert app.focused.id == "loss"
        await pilot.press("enter")  # the choices, each on one line
        await pilot.pause()
        assert "sparse_categorical_crossentropy_from_logits" in screen_text(app)
        await pilot.press("escape")


async def test_a_deep_models_form_keeps_its_selected_layer_in_view_at_60x20(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press(*preset_keys("deep-relu"), "1")  # 1: the Model tab, on the form
        assert isinstance(app.focused, LayerForm)
        await pilot.press(*["down"] * 6)  # to the output layer, the form's last row
        await pilot.pause()
        text = screen_text(app)
        assert "▶ dense_6       1 units  sigmoid" in text and "a add  d remove" in text
        await pilot.press(*["up"] * 6)
        await pilot.pause()
        assert "▶ dense         8 units  relu" in screen_text(app)


def test_misclassified_images_come_as_many_as_fit():
    assert examples_that_fit(78, 19) == (4, 2)  # the View tab at 80x24: eight, as before
    assert examples_that_fit(58, 15) == (3, 1)  # at 60x20: four a row broke every line


async def test_the_images_a_model_gets_wrong_fit_the_view_at_60x20(data_dir):
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press(*preset_keys("digits-softmax"), "s")
        await until(pilot, lambda: screen.session and screen.session.state == State.PAUSED)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        await pilot.press("4")
        await until(pilot, lambda: "→" in screen_text(app))
        captions = [line for line in screen_text(app).splitlines() if "→" in line]
        assert len(captions) == 1 and captions[0].count("→") == 3, captions


async def test_an_error_is_said_in_the_status_not_in_a_toast_over_it(data_dir):
    """At 60 columns an error toast covered the status line, the message with it, for 8 s."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e", "ctrl+a", *"Sequential([Input(shape=(3,)), Dense(1, 'sigmoid')])")
        await pilot.press("escape", "t")  # trains, to show the engine's own message
        await until(pilot, lambda: app.screen.session and app.screen.session.state == State.FAILED)
        await pilot.pause()
        status = " ".join(str(app.screen.query_one("#status").content).split())
        assert "coffee: failed, 0 epochs Layer 'dense' expects 3 input features" in status
        assert not [n for n in app._notifications if n.severity == "error"]
