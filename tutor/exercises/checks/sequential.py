"""`sequential(x, layers)`: each (W, b, g) layer's output is the next layer's input."""

from __future__ import annotations

import numpy as np

from tutor.engine.activations import Activation
from tutor.exercises.checks import Case, differs, first_difference, not_an_array, shape_mismatch
from tutor.exercises.checks.engine_ref import Layer, forward
from tutor.exercises.wire import linear, relu, sigmoid


def apply(a: np.ndarray, layer: Layer) -> np.ndarray:
    W, b, g = layer
    return g(a @ W + b)


def chain(x: np.ndarray, layers: list[Layer]) -> np.ndarray:
    for layer in layers:
        x = apply(x, layer)
    return x


def case(title: str, x: np.ndarray, layers: list[Layer]) -> Case:
    want = forward(x, layers)
    what = "one example" if x.ndim == 1 else f"a batch of {x.shape[0]} examples"

    def explain(got: object) -> str | None:
        if isinstance(got, list) and len(got) == len(layers):
            return (
                f"your function returned a list of {len(got)} activations, one per layer; "
                "return only the last layer's output, as model.predict does"
            )
        if problem := not_an_array(got, "the last layer's activations"):
            return problem
        got = np.asarray(got, dtype=float)
        first = apply(x, layers[0])
        if len(layers) > 1 and got.shape == first.shape and not differs(got, first):
            return "this is the first layer's output: pass it on through the other layers"
        if problem := shape_mismatch(got, want, f"{what} through {len(layers)} layers"):
            return problem
        if not differs(got, want):
            return None
        if len(layers) > 1 and x.shape[-1] == layers[-1][0].shape[0]:
            if not differs(got, apply(x, layers[-1])):
                return (
                    "this is the last layer applied to x itself: "
                    "feed each layer's output a into the next layer"
                )
            if not differs(got, chain(x, layers[::-1])):
                return "the layers ran in reverse order: the first layer in the list sees x"
        return (
            f"the output differs from the engine's Sequential model: {first_difference(got, want)}"
        )

    return Case(title, (x, layers), explain)


def random_layers(
    rng: np.random.Generator, widths: list[int], activations: list[Activation]
) -> list[Layer]:
    return [
        (rng.normal(size=(n_in, n_out)), rng.normal(size=n_out), g)
        for n_in, n_out, g in zip(widths, widths[1:], activations, strict=False)
    ]


def cases(rng: np.random.Generator) -> list[Case]:
    m = int(rng.integers(3, 8))
    coffee = random_layers(rng, [2, 3, 1], [sigmoid, sigmoid])
    deep = random_layers(rng, [4, 5, 3, 2], [relu, relu, linear])
    square = random_layers(rng, [3, 3, 3], [sigmoid, sigmoid])
    # Equal widths first: a layer fed x instead of the previous output then gives a wrong
    # number the judge can name, rather than a shape error.
    return [
        case("two layers 3 → 3 → 3 on a batch (4, 3)", rng.normal(size=(4, 3)), square),
        case(f"the coffee network 2 → 3 → 1 on a batch ({m}, 2)", rng.normal(size=(m, 2)), coffee),
        case("the coffee network 2 → 3 → 1 on one example (2,)", rng.normal(size=2), coffee),
        case(
            "three layers 4 → 5 → 3 → 2 (relu, relu, linear) on a batch (2, 4)",
            rng.normal(size=(2, 4)),
            deep,
        ),
        case("a single layer 2 → 3 on a batch (3, 2)", rng.normal(size=(3, 2)), coffee[:1]),
    ]
