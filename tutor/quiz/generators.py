"""Questions whose numbers are fresh on every attempt, answered by the engine itself.

A generator draws random values, builds the layer with `tutor.engine` and computes the answer,
so the answer is right for whatever it drew. The question's `prompt` and `explanation` name the
generator's values as `{placeholders}`; `{answer}` is the answer, formatted.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tutor.quiz.parsing import format_shape
from tutor.quiz.questions import Dim, Numeric, Question, Shape


class GeneratorError(ValueError):
    """A generated question cannot be filled (a placeholder the generator does not provide)."""


@dataclass(frozen=True)
class Generated:
    values: dict[str, str]  # shown in the prompt and explanation
    answer: float | tuple[Dim, ...]


@dataclass(frozen=True)
class Generator:
    kind: str  # the question type it fills: "numeric" or "shape"
    make: Callable[[random.Random], Generated]


def _vector(values: list[float]) -> str:
    return "[" + ", ".join(f"{value:g}" for value in values) + "]"


def _dense(units: int, n_in: int, activation: str = "linear") -> Any:
    """A Dense layer built for inputs of width `n_in`, as Keras builds one on its first call."""
    import numpy as np

    from tutor.engine import Dense

    layer = Dense(units, activation=activation)
    layer(np.zeros((1, n_in), dtype="float32"))
    return layer


def neuron_output(rng: random.Random) -> Generated:
    """One sigmoid neuron, a = g(w·x + b), with values of one decimal so they can be typed."""
    import numpy as np

    n_in = rng.choice((2, 3))
    w = [rng.randint(-20, 20) / 10 for _ in range(n_in)]
    x = [rng.randint(0, 10) / 10 for _ in range(n_in)]
    b = rng.randint(-10, 10) / 10
    layer = _dense(1, n_in, "sigmoid")
    layer.set_weights([np.array(w, dtype="float32").reshape(n_in, 1), np.array([b], "float32")])
    a = float(np.asarray(layer(np.array([x], dtype="float32")))[0, 0])
    z = sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b
    values = {"w": _vector(w), "x": _vector(x), "b": f"{b:g}", "z": f"{z:.4g}"}
    return Generated(values, a)


def dense_param_count(rng: random.Random) -> Generated:
    """Parameters of Dense(units) on `n_in` inputs, counted from the built layer's weights."""
    n_in, units = rng.randint(2, 12), rng.randint(1, 32)
    weights = _dense(units, n_in).get_weights()
    values = {"n_in": str(n_in), "units": str(units), "kernel": str(weights[0].size)}
    values["bias"] = str(weights[1].size)
    return Generated(values, float(sum(weight.size for weight in weights)))


def dense_output_shape(rng: random.Random) -> Generated:
    """The shape a Dense layer returns for a batch of `m` examples."""
    import numpy as np

    m, n_in, units = rng.randint(2, 64), rng.randint(2, 12), rng.randint(1, 32)
    out = np.asarray(_dense(units, n_in)(np.zeros((m, n_in), dtype="float32")))
    values = {"m": str(m), "n_in": str(n_in), "units": str(units)}
    return Generated(values, tuple(int(dim) for dim in out.shape))


def dense_kernel_shape(rng: random.Random) -> Generated:
    """The shape of W, the kernel a Dense layer builds for `n_in` inputs."""
    n_in, units = rng.randint(2, 12), rng.randint(1, 32)
    kernel = _dense(units, n_in).get_weights()[0]
    return Generated({"n_in": str(n_in), "units": str(units)}, tuple(kernel.shape))


def _sequential(n_in: int, widths: list[int], activation: str = "linear") -> Any:
    """A Sequential of Dense layers on inputs of width `n_in`, built at once by its Input."""
    from tutor.engine import Dense, Input, Sequential

    return Sequential([Input(shape=(n_in,)), *(Dense(units, activation) for units in widths)])


def batch_output_shape(rng: random.Random) -> Generated:
    """What a two-layer model returns for a batch of `m` examples: its last layer sets the width."""
    import numpy as np

    m, n_in = rng.randint(2, 400), rng.randint(2, 64)
    hidden, units = rng.randint(2, 32), rng.randint(1, 10)
    model = _sequential(n_in, [hidden, units], "sigmoid")
    out = model.predict(np.zeros((m, n_in), dtype="float32"))
    values = {"m": str(m), "n_in": str(n_in), "hidden": str(hidden), "units": str(units)}
    return Generated(values, tuple(int(dim) for dim in out.shape))


def digits_predict_shape(rng: random.Random) -> Generated:
    """What a ten-digit model (64 pixels in, Dense(10) out) returns for `m` images."""
    import numpy as np

    m = rng.randint(20, 600)
    out = _sequential(64, [25, 15, 10]).predict(np.zeros((m, 64), dtype="float32"))
    return Generated({"m": str(m)}, tuple(int(dim) for dim in out.shape))


def collapsed_kernel_shape(rng: random.Random) -> Generated:
    """The one kernel W1 @ W2 that two linear Dense layers collapse into."""
    n_in, hidden, units = rng.randint(2, 12), rng.randint(2, 16), rng.randint(1, 8)
    first, second = _dense(hidden, n_in), _dense(units, hidden)
    kernel = first.get_weights()[0] @ second.get_weights()[0]
    values = {"n_in": str(n_in), "hidden": str(hidden), "units": str(units)}
    return Generated(values, tuple(int(dim) for dim in kernel.shape))


def model_param_count(rng: random.Random) -> Generated:
    """Parameters of Input(shape=(n_in,)) -> Dense(u1) -> Dense(u2), counted by the model."""
    n_in, u1, u2 = rng.randint(2, 12), rng.randint(2, 16), rng.randint(1, 8)
    count = _sequential(n_in, [u1, u2]).count_params()
    values = {"n_in": str(n_in), "u1": str(u1), "u2": str(u2)}
    return Generated(values, float(count))


def image_model_param_count(rng: random.Random) -> Generated:
    """Parameters of Dense(u1) -> Dense(u2) -> Dense(u3) on side×side images, flattened."""
    side = rng.choice((8, 10, 12, 16, 20, 28))
    u1, u2, u3 = rng.choice((16, 20, 25, 32)), rng.choice((8, 10, 15, 16)), rng.choice((1, 10))
    count = _sequential(side * side, [u1, u2, u3]).count_params()
    values = {"side": str(side), "n_in": str(side * side)}
    values |= {"u1": str(u1), "u2": str(u2), "u3": str(u3)}
    return Generated(values, float(count))


def two_layer_output(rng: random.Random) -> Generated:
    """a2 of a 2 -> 2 -> 1 sigmoid network with small whole-number weights, by the engine."""
    import numpy as np

    x = [rng.randint(-2, 2) for _ in range(2)]
    w1 = [[rng.randint(-2, 2) for _ in range(2)] for _ in range(2)]
    b1 = [rng.randint(-2, 2) / 2 for _ in range(2)]
    w2 = [[rng.randint(-3, 3)] for _ in range(2)]
    b2 = [rng.randint(-2, 2) / 2]
    model = _sequential(2, [2, 1], "sigmoid")
    model.set_weights([np.array(v, dtype="float32") for v in (w1, b1, w2, b2)])
    a2 = float(model.predict(np.array([x], dtype="float32"))[0, 0])
    values = {"x": str(x), "W1": str(w1), "b1": _vector(b1), "W2": str(w2), "b2": _vector(b2)}
    return Generated(values, a2)


def binary_crossentropy_pair(rng: random.Random) -> Generated:
    """Mean binary crossentropy of two examples, as the engine's loss computes it."""
    from tutor.engine.losses import BinaryCrossentropy

    y = [rng.randint(0, 1) for _ in range(2)]
    p = [rng.randint(1, 19) / 20 for _ in range(2)]
    loss = BinaryCrossentropy()([[v] for v in y], [[v] for v in p])
    return Generated({"y": str(y), "p": _vector(p)}, loss)


def binary_crossentropy_wrong(rng: random.Random) -> Generated:
    """One confident mistake: the label is y, the probability leans hard the other way."""
    from tutor.engine.losses import BinaryCrossentropy

    y = rng.randint(0, 1)
    miss = rng.choice((0.001, 0.002, 0.005, 0.01, 0.02, 0.05))
    p = miss if y == 1 else 1 - miss
    return Generated({"y": str(y), "p": f"{p:g}"}, BinaryCrossentropy()([[y]], [[p]]))


def softmax_value(rng: random.Random) -> Generated:
    """softmax of three whole-number scores, the probability of class k (counting from 0)."""
    import numpy as np

    from tutor.engine.activations import softmax

    while True:
        z = [rng.randint(-2, 4) for _ in range(3)]
        if len(set(z)) > 1:  # equal scores would make every answer 1/3
            break
    k = rng.randrange(3)
    p = softmax(np.array([z], dtype="float64"))[0]
    values = {"z": str(z), "k": str(k), "exp_sum": f"{float(np.exp(z).sum()):.4g}"}
    return Generated(values, float(p[k]))


def sparse_crossentropy_value(rng: random.Random) -> Generated:
    """Sparse categorical crossentropy of one example: -log of the right class's probability."""
    from tutor.engine.losses import SparseCategoricalCrossentropy

    tenths = rng.choice([(a, b, 10 - a - b) for a in range(1, 9) for b in range(1, 10 - a)])
    p, label = [v / 10 for v in tenths], rng.randrange(3)
    loss = SparseCategoricalCrossentropy()([label], [p])
    return Generated({"p": _vector(p), "label": str(label)}, loss)


def sgd_update(rng: random.Random) -> Generated:
    """One SGD step on the weight from a1 to a sigmoid output, for one example, by the engine."""
    import numpy as np

    from tutor.engine.optimizers import SGD

    a1, w = rng.randint(1, 9) / 10, rng.randint(-9, 9) / 10
    a2, y = rng.randint(1, 9) / 10, rng.randint(0, 1)
    lr = rng.choice((0.1, 0.5, 1.0))
    grad = a1 * (a2 - y)
    weights = [np.array([w], dtype="float64")]
    SGD(lr).apply(weights, [np.array([grad])])
    values = {"a1": f"{a1:g}", "w": f"{w:g}", "a2": f"{a2:g}", "y": str(y), "lr": f"{lr:g}"}
    values |= {"dz": f"{a2 - y:.4g}", "dw": f"{grad:.4g}"}
    return Generated(values, float(weights[0][0]))


def fit_steps(rng: random.Random) -> Generated:
    """Update steps of a whole fit: one per batch, counted by a callback during a real fit."""
    import numpy as np

    from tutor.engine.callbacks import Callback
    from tutor.engine.optimizers import SGD

    class Count(Callback):
        def __init__(self) -> None:
            super().__init__()
            self.steps = 0

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            self.steps += 1

    m = rng.choice((100, 200, 250, 500, 600, 1000))
    batch_size, epochs = rng.choice((16, 32, 64, 128)), rng.randint(2, 10)
    model = _sequential(1, [1])
    model.compile(loss="mse", optimizer=SGD(0.01))
    data, counter = np.zeros((m, 1), dtype="float32"), Count()
    model.fit(data, data, epochs=epochs, batch_size=batch_size, callbacks=[counter], verbose=0)
    per_epoch = counter.steps // epochs
    values = {"m": str(m), "batch_size": str(batch_size), "epochs": str(epochs)}
    values["per_epoch"] = str(per_epoch)
    return Generated(values, float(counter.steps))


def all_right_lower_bound(rng: random.Random) -> Generated:
    """n of n right: the lower end of the two-sided 95% Clopper-Pearson interval, 0.025^(1/n)."""
    n = rng.randint(20, 500)
    return Generated({"n": str(n)}, 0.025 ** (1 / n))


def clipped_all_negative(rng: random.Random) -> Generated:
    """The reported loss when every output of a linear layer is below 0 and clipped to 1e-7."""
    from tutor.engine.losses import BinaryCrossentropy

    ones = rng.randint(5, 60)
    y = [[1.0]] * ones + [[0.0]] * (200 - ones)
    loss = BinaryCrossentropy()(y, [[-1.0]] * 200)
    return Generated({"share": f"{ones / 200:.1%}"}, loss)


GENERATORS: dict[str, Generator] = {
    "neuron_output": Generator(Numeric.kind, neuron_output),
    "dense_param_count": Generator(Numeric.kind, dense_param_count),
    "dense_output_shape": Generator(Shape.kind, dense_output_shape),
    "dense_kernel_shape": Generator(Shape.kind, dense_kernel_shape),
    "batch_output_shape": Generator(Shape.kind, batch_output_shape),
    "digits_predict_shape": Generator(Shape.kind, digits_predict_shape),
    "collapsed_kernel_shape": Generator(Shape.kind, collapsed_kernel_shape),
    "model_param_count": Generator(Numeric.kind, model_param_count),
    "image_model_param_count": Generator(Numeric.kind, image_model_param_count),
    "two_layer_output": Generator(Numeric.kind, two_layer_output),
    "binary_crossentropy_pair": Generator(Numeric.kind, binary_crossentropy_pair),
    "binary_crossentropy_wrong": Generator(Numeric.kind, binary_crossentropy_wrong),
    "softmax_value": Generator(Numeric.kind, softmax_value),
    "sparse_crossentropy_value": Generator(Numeric.kind, sparse_crossentropy_value),
    "sgd_update": Generator(Numeric.kind, sgd_update),
    "fit_steps": Generator(Numeric.kind, fit_steps),
    "all_right_lower_bound": Generator(Numeric.kind, all_right_lower_bound),
    "clipped_all_negative": Generator(Numeric.kind, clipped_all_negative),
}


def fill(question: Question, rng: random.Random) -> Question:
    """The question with fresh numbers: prompt and explanation filled, answer computed."""
    if not question.generator:
        return question
    generated = GENERATORS[question.generator].make(rng)
    answer = generated.answer
    shown = format_shape(answer) if isinstance(answer, tuple) else f"{answer:.6g}"
    values = {**generated.values, "answer": shown}
    try:
        prompt = question.prompt.format(**values)
        explanation = question.explanation.format(**values)
    except (KeyError, IndexError, ValueError) as error:
        provided = ", ".join(f"{{{name}}}" for name in values)
        raise GeneratorError(
            f"the text names a value {question.generator} does not provide ({error}); "
            f"it provides {provided} (write {{{{ and }}}} for literal braces)"
        ) from None
    if isinstance(question, Numeric) and not isinstance(answer, tuple):
        return dataclasses.replace(question, prompt=prompt, explanation=explanation, answer=answer)
    if isinstance(question, Shape) and isinstance(answer, tuple):
        return dataclasses.replace(question, prompt=prompt, explanation=explanation, answer=answer)
    raise GeneratorError(
        f"{question.generator} makes {GENERATORS[question.generator].kind} questions, "
        f"not {question.kind}"
    )
