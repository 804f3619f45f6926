"""Ready-made sandbox set-ups: the failure-mode lab's five cases (lesson 12), and a playground.

Each preset is a `TrainConfig` with what to watch and the remedy; the models and numbers are
those of the lab's cells, as far as the sandbox's choices reach (the lab's 30-point training set
is the sandbox's moons with 85% held out for validation).
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.sandbox.config import TrainConfig
from tutor.sandbox.spec import LayerSpec, ModelSpec


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    config: TrainConfig
    watch: str
    remedy: str


def _model(*layers: LayerSpec, width: int | None = 2) -> str:
    return ModelSpec(layers, width).to_code()


COFFEE = _model(LayerSpec(3, "sigmoid"), LayerSpec(1, "sigmoid"))

PRESETS: tuple[Preset, ...] = (
    Preset(
        "unscaled",
        "Unscaled inputs saturate the sigmoids",
        TrainConfig(model=COFFEE, data="coffee-raw", learning_rate=0.1, epochs=100),
        "The loss falls a little and stops; accuracy sticks at 0.785, the share of bad roasts: "
        "with temperatures in the hundreds, z is huge, every sigmoid sits at 0 or 1 where its "
        "slope is 0, and layer 1 stops learning.",
        "Choose the data 'coffee' (each feature scaled to mean 0, standard deviation 1), reset "
        "the weights and train again.",
    ),
    Preset(
        "learning-rate",
        "A learning rate too high: the loss explodes to NaN",
        TrainConfig(
            model=_model(LayerSpec(3, "linear"), LayerSpec(1, "sigmoid")),
            data="coffee",
            optimizer="sgd",
            learning_rate=10.0,
            epochs=50,
        ),
        "Each step overshoots and makes the next one bigger: the loss multiplies epoch after "
        "epoch until it is no longer a number, and tutor stops there (Keras would go on).",
        "Lower the learning rate by factors of 10 (1.0, 0.1), or choose Adam.",
    ),
    Preset(
        "loss-mismatch",
        "A loss that does not fit the output layer",
        TrainConfig(
            model=_model(LayerSpec(3, "sigmoid"), LayerSpec(1, "linear")),
            data="coffee",
            loss="binary_crossentropy",
            learning_rate=0.1,
            epochs=100,
        ),
        "BinaryCrossentropy() reads the outputs as probabilities and clips them to "
        "[1e-7, 1 - 1e-7]; a linear output leaves (0, 1), sticks on the clip where the "
        "gradient is 0, and the loss rises instead of falling.",
        "Use a sigmoid output with binary_crossentropy, or keep the linear output and choose "
        "binary_crossentropy_from_logits.",
    ),
    Preset(
        "shape",
        "A broken shape contract",
        TrainConfig(
            model=_model(
                LayerSpec(25, "sigmoid"),
                LayerSpec(15, "sigmoid"),
                LayerSpec(1, "sigmoid"),
                width=8,
            ),
            data="digits01",
            epochs=20,
        ),
        "The model was declared for rows of 8 numbers (one row of an 8x8 image); the data has "
        "64 pixels per example. Training refuses before any arithmetic and says which layer "
        "expected what.",
        "Make the contract match the data: Input(shape=(64,)), or remove Input and let the "
        "first fit build the model for the data's width.",
    ),
    Preset(
        "overfit",
        "Overfitting a small set",
        TrainConfig(
            model=_model(
                LayerSpec(25, "sigmoid"),
                LayerSpec(15, "sigmoid"),
                LayerSpec(1, "sigmoid"),
            ),
            data="moons",
            noise=0.3,
            validation_split=0.85,
            learning_rate=0.01,
            epochs=600,
        ),
        "It trains on 30 noisy points and validates on 170. The training loss keeps falling; "
        "the validation loss bottoms out and then rises: the network bends around each noisy "
        "point, and what it memorises does not generalise.",
        "A smaller model (Dense(3) then Dense(1)), more data (a smaller validation split), or "
        "stopping where the validation loss was lowest.",
    ),
    Preset(
        "spiral",
        "Playground: the spiral",
        TrainConfig(
            model=_model(
                LayerSpec(16, "relu"),
                LayerSpec(16, "relu"),
                LayerSpec(1, "sigmoid"),
            ),
            data="spiral",
            validation_split=0.2,
            learning_rate=0.01,
            epochs=300,
        ),
        "Two arms wind around each other; watch the boundary bend to follow them.",
        "Fewer units or one layer cannot follow the arms: try it and watch the boundary.",
    ),
)


def preset_named(key: str) -> Preset:
    for preset in PRESETS:
        if preset.key == key:
            return preset
    raise KeyError(f"no preset {key!r}; the presets are {', '.join(p.key for p in PRESETS)}")
