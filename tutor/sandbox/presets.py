"""Ready-made sandbox set-ups: the failure-mode lab's five cases (lesson 12), a playground, and
five that show what depth and softmax do (lessons 08 and 10).

Each preset is a `TrainConfig` with what to watch and the remedy (or what to try next); the
lab's models and numbers are those of its cells, as far as the sandbox's choices reach (the lab's
30-point training set is the sandbox's moons with 85% held out for validation). The numbers the
others quote were measured with `TrainingSession` over seeds 0-5 (0-3 for the digits), so they
hold after a few resets (r), not only for seed 0.
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
    remedy_label: str = "Remedy"  # "Try" where nothing is broken: a next step to compare


def _model(*layers: LayerSpec, width: int | None = 2) -> str:
    return ModelSpec(layers, width).to_code()


COFFEE = _model(LayerSpec(3, "sigmoid"), LayerSpec(1, "sigmoid"))
# XOR without noise: the labels are exactly "same sign", so one hidden layer can get them all.
XOR = TrainConfig(data="xor", noise=0.0, epochs=400)
# Plain SGD, so that each layer moves by its own gradient: Adam rescales every weight's step,
# which hides a vanishing gradient (with Adam the six sigmoid layers escape on some seeds).
DEEP = TrainConfig(data="circles", optimizer="sgd", learning_rate=0.1, epochs=200)


def _deep(activation: str) -> str:
    return _model(*[LayerSpec(8, activation)] * 6, LayerSpec(1, "sigmoid"))


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
        "Try",
    ),
    Preset(
        "xor-line",
        "XOR, no hidden layer: one straight line cannot fit it",
        XOR.with_changes(model=_model(LayerSpec(1, "sigmoid"))),
        "One Dense(1, 'sigmoid') draws one straight boundary, and no line puts both same-sign "
        "corners on one side: the loss stays near 0.69 (ln 2 = 0.693 is a coin toss) and "
        "accuracy never passes 72%, however long it trains.",
        "Load the next preset: one hidden layer of 8 units, and m in the View tab shows each "
        "unit's line.",
        "Try",
    ),
    Preset(
        "xor-hidden",
        "XOR, one hidden layer: the units' lines combine",
        XOR.with_changes(model=_model(LayerSpec(8, "relu"), LayerSpec(1, "sigmoid"))),
        "Each ReLU unit is 0 on one side of its own line; the output layer adds the eight up "
        "and the boundary bends round the corners: in 400 epochs accuracy reaches 99-100%, "
        "the loss 0.01-0.04.",
        "m in the View tab shows the units. Then give the hidden layer 2 units (Model tab: "
        "↑, [, [): two lines are too few, and accuracy stays at 64-76%.",
        "Try",
    ),
    Preset(
        "deep-sigmoid",
        "Six sigmoid layers: the gradient vanishes",
        DEEP.with_changes(model=_deep("sigmoid")),
        "A sigmoid's slope is at most 0.25, so the gradient shrinks on its way back: at first "
        "layer 1's is 20,000-120,000 times smaller than layer 7's. The loss stays at 0.693 "
        "(a coin toss) and accuracy at 50%, even for 1,000 epochs.",
        "m, m, m in the View tab: by layer 4 every unit is flat. Then load the ReLU preset.",
        "Try",
    ),
    Preset(
        "deep-relu",
        "Six ReLU layers: the same depth learns",
        DEEP.with_changes(model=_deep("relu")),
        "ReLU's slope is 1 where a unit is on, so the gradient reaches layer 1: the same data, "
        "optimizer and epochs take the loss to 0.011 or less and accuracy to 100%.",
        "Adam (learning rate 0.02) on the sigmoids rescales each small gradient: in 200 epochs "
        "one seed in six reaches 100%, the others 65-73%.",
        "Try",
    ),
    Preset(
        "digits-softmax",
        "All ten digits: a softmax output",
        TrainConfig(
            model=_model(LayerSpec(32, "relu"), LayerSpec(10, "softmax"), width=64),
            data="digits",
            validation_split=0.2,
            learning_rate=0.005,
            epochs=30,
        ),
        "Ten softmax units, one probability per digit, summing to 1, and the loss "
        "SparseCategoricalCrossentropy() takes the labels 0-9 as they are. Training accuracy "
        "reaches 100%, the 360 held-out images 90-91%.",
        "Output Dense(10) (linear): the sandbox picks the loss with from_logits=True, the same "
        "numbers computed more safely.",
        "Try",
    ),
)


def preset_named(key: str) -> Preset:
    for preset in PRESETS:
        if preset.key == key:
            return preset
    raise KeyError(f"no preset {key!r}; the presets are {', '.join(p.key for p in PRESETS)}")
