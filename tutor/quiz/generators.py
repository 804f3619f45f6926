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


GENERATORS: dict[str, Generator] = {
    "neuron_output": Generator(Numeric.kind, neuron_output),
    "dense_param_count": Generator(Numeric.kind, dense_param_count),
    "dense_output_shape": Generator(Shape.kind, dense_output_shape),
    "dense_kernel_shape": Generator(Shape.kind, dense_kernel_shape),
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
    return dataclasses.replace(question, prompt=prompt, explanation=explanation, answer=answer)
