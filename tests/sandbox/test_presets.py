"""The presets: each reads, and each shows what its description says (trained cheaply)."""

from __future__ import annotations

import textwrap

import pytest

from tutor.sandbox.presets import PRESETS, preset_named
from tutor.sandbox.session import TrainingSession
from tutor.sandbox.spec import LayerSpec, parse_spec


@pytest.mark.parametrize("preset", PRESETS, ids=lambda preset: preset.key)
def test_every_preset_reads_and_says_what_it_shows_in_one_line(preset):
    parse_spec(preset.config.model)
    assert preset.config.problems() == []
    assert "\n" not in preset.title and preset.watch and preset.remedy
    assert preset.remedy_label in ("Remedy", "Try")
    # The Saved tab at 80x24 shows the title and five lines of 78 columns under a long status.
    note = [f"Watch: {preset.watch}", f"{preset.remedy_label}: {preset.remedy}"]
    assert sum(len(textwrap.wrap(part, 78)) for part in note) <= 5


def test_the_depth_presets_are_the_models_they_describe():
    def layers(key: str) -> tuple[LayerSpec, ...]:
        return parse_spec(preset_named(key).config.model).layers

    assert layers("xor-line") == (LayerSpec(1, "sigmoid"),)
    assert layers("xor-hidden") == (LayerSpec(8, "relu"), LayerSpec(1, "sigmoid"))
    for activation in ("sigmoid", "relu"):
        assert layers(f"deep-{activation}") == (
            *[LayerSpec(8, activation)] * 6,
            LayerSpec(1, "sigmoid"),
        )
    sigmoid, relu = preset_named("deep-sigmoid").config, preset_named("deep-relu").config
    assert sigmoid.with_changes(model="") == relu.with_changes(model="")  # only the model differs
    digits = TrainingSession(preset_named("digits-softmax").config)
    assert digits.spec.layers[-1] == LayerSpec(10, "softmax")
    assert digits.loss.code() == "SparseCategoricalCrossentropy()"


def trained(key: str) -> dict[str, float]:
    session = TrainingSession(preset_named(key).config)
    assert session.train().state == "done"
    return session.evaluate()


def test_xor_needs_a_hidden_layer():
    assert trained("xor-line")["accuracy"] <= 0.75  # measured 0.695 (seeds 0-5: 0.525-0.695)
    assert trained("xor-hidden")["accuracy"] >= 0.99  # measured 1.0 (seeds 0-5: 0.99-1.0)


def test_six_sigmoid_layers_stall_where_six_relu_layers_learn():
    sigmoid, relu = trained("deep-sigmoid"), trained("deep-relu")
    assert sigmoid["loss"] > 0.69 and sigmoid["accuracy"] <= 0.55  # measured 0.6934, 0.5
    assert relu["loss"] < 0.05 and relu["accuracy"] >= 0.99  # measured 0.0007, 1.0


def test_ten_digits_with_softmax_fit_and_mostly_generalise():
    results = trained("digits-softmax")
    assert results["accuracy"] >= 0.99 and results["val_accuracy"] >= 0.85  # 1.0, 0.914
