"""The sandbox as a new learner walked it (issue 13's walk): where it opens, what every tab says
after a load or an edit, saving while training, a refused layer's message, pause and step from
the code editor, the form's row after a load, and escape quickly followed by a key in a field."""

from __future__ import annotations

import pytest

from tests.ui.conftest import SIZE
from tests.ui.test_sandbox_ui import preset_keys, screen_text
from tests.waiting import until
from tutor.sandbox.spec import ALLOWED, LAYER_FORMS
from tutor.sandbox.state import State
from tutor.ui.app import TutorApp
from tutor.ui.help import HelpScreen
from tutor.ui.sandbox.layers_form import LayerForm

MODEL = "model = Sequential(["  # the first line of the default model's code


def status(app) -> str:
    return " ".join(app.screen.query_one("#status").render().plain.split())


def flat(app) -> str:
    return " ".join(screen_text(app).split())


async def test_it_opens_where_the_keys_it_names_work_and_e_edits_the_code(data_dir):
    """The tab bar's digits and the status's t and ? do what they say from the first screen;
    e enters the editor, whose status names the keys that work there (issue 13's walk, 1)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(app.focused, LayerForm)
        assert status(app) == "coffee: not built yet; t trains it, ? lists every key."
        await pilot.press("6")
        assert screen.query_one("#tabs").active == "saved-tab"
        await pilot.press("1", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert screen.query_one("#code").text.startswith(MODEL)  # nothing typed into it
        await pilot.press("e")
        assert app.focused.id == "code"
        assert "Typing code: f5 trains, f6 pauses, f7 steps, f8 stops; esc leaves." in status(app)
        await pilot.press("escape")
        assert isinstance(app.focused, LayerForm)
        assert "Typing" not in status(app)


async def test_loads_and_edits_leave_every_tab_describing_the_current_model(data_dir):
    """After training one preset, loading another, editing the model and loading a saved one,
    the status, the Train tab and the preset's note describe what is on screen now, never the
    model before (issue 13's walk, 2)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press(*preset_keys("deep-sigmoid"), "s")
        await until(pilot, lambda: screen.session and screen.session.state == State.PAUSED)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        await pilot.press("6", "tab", *"sig6", "enter")
        await until(pilot, lambda: app.store.sandbox.names() == ["sig6"])

        await pilot.press("escape", *preset_keys("xor-hidden"))
        assert status(app).startswith("xor: not built yet")
        await pilot.press("3")
        train = flat(app)
        assert "xor: loaded when training starts" in train and "circles" not in train
        assert "epoch 0/400" in train and "x stops" not in train
        assert "SGD(learning_rate=0.1)" not in train  # the preset's Adam, not circles' SGD

        await pilot.press("1", "a")  # another architecture
        assert status(app).startswith("xor: not built yet")
        await pilot.press("6")
        assert "(changed since it was loaded)" in flat(app)

        await pilot.press("tab", "enter")  # the saved model sig6, with its weights
        await until(pilot, lambda: "Loaded “sig6”" in status(app))
        assert status(app).startswith("circles: ready, 1 epoch")
        note = " ".join(app.screen.query_one("#preset-note").render().plain.split())
        assert note == "Saved model “sig6”: its weights after 1 epoch of training."
        assert note in flat(app)
        await pilot.press("3")
        train = flat(app)
        assert "circles" in train and "epoch 1/1" in train and "x stops" not in train
        assert "Loaded weights of 1 epoch; t trains 200 more." in train

        await pilot.press("1", "a")  # a new architecture: its weights are not sig6's
        assert status(app).startswith("circles: not built yet")
        assert "Loaded “sig6”" not in status(app)  # news of the model put aside
        note = app.screen.query_one("#preset-note").render().plain
        assert note.startswith("Saved model “sig6” (changed since it was loaded)")


async def test_saving_while_training_names_a_key_that_works_in_the_name_field(data_dir):
    """x would type into the field: the message names f8, which stops from there, and enter
    then saves (issue 13's walk, 3)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("s")
        await until(pilot, lambda: screen.session and screen.session.state == State.PAUSED)
        await pilot.press("6", "tab")  # no saved models yet: one tab from the presets
        assert app.focused.id == "save-name"
        await pilot.press(*"mine", "enter")
        assert "f8 stops it" in status(app) and app.store.sandbox.names() == []
        await pilot.press("f8")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        await pilot.press("enter")
        assert app.store.sandbox.names() == ["mine"]
        assert app.focused.value == "mine"


async def test_a_refused_layer_is_said_whole_naming_every_allowed_layer(data_dir):
    """ "expected ..." and the Allowed line name the same layers (one list), and the message is
    all on screen, the form hidden until the code reads again (issue 13's walk, 4)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e", "ctrl+a", *"model = Sequential([Conv2D(8), Dense(1)])")
        await pilot.pause()
        text = flat(app)
        expected = "Input(...), Normalization(...), Dense(...) or Dropout(...)"
        assert f"Conv2D(...) is not allowed here; expected {expected}" in text
        for _, form in LAYER_FORMS:
            assert form in ALLOWED
        assert " ".join(ALLOWED.split()) in text  # whole, to its last word
        await pilot.press("escape")  # the form is hidden: to the tab bar
        assert app.focused.id != "code" and not isinstance(app.focused, LayerForm)
        await pilot.press("e", "ctrl+a", *"Sequential([Dense(1, 'sigmoid')])", "escape")
        assert isinstance(app.focused, LayerForm)


async def test_f6_and_f7_pause_and_step_from_the_code_editor(data_dir):
    """The sandbox's F keys do one thing everywhere, the code editor included (issue 13's
    walk, 5), where TextArea's f6 and f7 selected text."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("w", "e", "f7")  # paced to watch; one epoch, then paused
        await until(pilot, lambda: screen.session and screen.session.state == State.PAUSED)
        await until(pilot, lambda: screen.session.epochs_done == 1)
        await pilot.press("f6")
        assert screen.session.state == State.RUNNING
        await pilot.press("f6")
        assert screen.session.state == State.PAUSED
        assert "paused (f6 resumes, f7 steps)" in status(app)  # not space and s, which type
        await pilot.press("f8")
        await until(pilot, lambda: screen.session.state == State.STOPPED)
        editor = screen.query_one("#code")
        assert app.focused is editor and editor.selected_text == ""
        assert editor.text.startswith(MODEL)


async def test_a_loaded_preset_selects_its_output_layer(data_dir):
    """A preset is another model, not an edit: the form selects its output layer, as when
    the sandbox opens (issue 13's walk, 6)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen.query_one(LayerForm)
        await pilot.press("up")
        assert form.selected == 0
        await pilot.press(*preset_keys("deep-relu"))
        assert form.selected == len(form.spec.layers) - 1 == 6


async def test_escape_then_a_key_in_a_field_leaves_it_and_does_the_key(data_dir):
    """A terminal sends escape quickly followed by 4 as one sequence, which Textual reads as
    "¢" ('cent_sign'), and escape then a letter as alt+letter: in a field, and in the code
    editor, both leave and do the key rather than type (issue 13's walk, 7)."""
    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        tabs = screen.query_one("#tabs")
        await pilot.press("5")
        probe = app.focused
        assert probe.id == "probe-input"
        await pilot.press("cent_sign")
        assert tabs.active == "view-tab" and probe.value == ""
        await pilot.press("6", "tab")
        assert app.focused.id == "save-name"
        await pilot.press("section_sign")  # escape, 6: the Saved tab's own key
        assert app.focused.id == "presets" and screen.query_one("#save-name").value == ""
        await pilot.press("e", "alt+s")  # escape, s in the editor: one epoch
        await until(pilot, lambda: screen.session and screen.session.state == State.PAUSED)
        assert screen.query_one("#code").text.startswith(MODEL)
        await pilot.press("x")
        await until(pilot, lambda: screen.session.state == State.STOPPED)


@pytest.mark.parametrize("size", [SIZE, (60, 20)])
async def test_the_way_home_is_in_the_footer_at_any_width(data_dir, size):
    """A learner found no way out of the Sandbox: the footer had no room for one at 60
    columns. h goes home (as in Cards), shown right after Help."""
    from tutor.ui.home import HomeScreen

    app = TutorApp(data_dir, "sandbox")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = app.screen._compositor.render_strips()[-1].text
        assert footer.startswith(" ? Help  h Home ")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
