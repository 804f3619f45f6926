"""A model typed as Keras code, read with `ast` against a whitelist and never run.

    spec = parse_spec("Sequential([Dense(25, activation='relu'), Dense(1, 'sigmoid')])")
    spec.to_code()        # the canonical Keras code, for a form that edits the spec
    model = spec.build()  # a tutor.engine Sequential

The learner's text is only parsed: nothing in it is evaluated, imported or called. Only the
calls Sequential, Input and Dense are read, with literal values checked against sane limits;
anything else is refused with a `SpecError` that points at the column. Besides Dense, a model
may start with `Normalization()` (adapted to the training data when the model is built for it)
and put `Dropout(rate)` after any hidden Dense layer.
"""

from __future__ import annotations

import ast
import difflib
import re
import warnings
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    import numpy as np

    from tutor.engine import Sequential

MAX_SOURCE_CHARS = 4000
MAX_UNITS = 4096
MAX_LAYERS = 20
MAX_INPUT_WIDTH = 10_000
MAX_NAME_CHARS = 64
CARET_WIDTH = 72

# Copies of the engine's names, so that reading a spec never imports NumPy (a test keeps them
# equal to tutor.engine.activations.ACTIVATIONS and tutor.engine.initializers').
ACTIVATIONS = (
    "linear",
    "relu",
    "sigmoid",
    "tanh",
    "softmax",
    "leaky_relu",
    "relu6",
    "elu",
    "selu",
    "celu",
    "softplus",
    "softsign",
    "silu",
    "swish",
    "gelu",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "mish",
    "log_sigmoid",
    "exponential",
)
INITIALIZERS = (
    "glorot_uniform",
    "glorot_normal",
    "he_uniform",
    "he_normal",
    "random_uniform",
    "random_normal",
    "zeros",
    "ones",
)

# The layers a model may hold, in the order they may come, each as the Allowed line shows it:
# both the Allowed line and "expected ..." are built from this one list, so they name the same.
LAYER_FORMS = (
    ("Input", "Input(shape=(n,))"),
    ("Normalization", "Normalization()"),
    ("Dense", "Dense(units, activation)"),
    ("Dropout", "Dropout(rate)"),
)
_LAYER_CALLS = tuple(name for name, _ in LAYER_FORMS)
EXPECTED_LAYER = (
    ", ".join(f"{name}(...)" for name in _LAYER_CALLS[:-1]) + f" or {_LAYER_CALLS[-1]}(...)"
)
# Only the layers: a wrong argument or a value that is not a literal has its own message,
# which names what is allowed there; under every message, this stays short enough to be read
# whole under the code at 60x20.
ALLOWED = f"Allowed: Sequential([{', '.join(form for _, form in LAYER_FORMS)}, ...])."

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_DENSE_PARAMS = (
    "units",
    "activation",
    "use_bias",
    "kernel_initializer",
    "bias_initializer",
    "name",
)


class SpecError(ValueError):
    """A model text that was refused: what is wrong, where (1-based line and column), and why."""

    def __init__(
        self, message: str, source: str = "", line: int = 1, column: int = 1, width: int = 1
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.width = max(1, width)
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"

    def caret(self) -> str:
        """The offending line with carets under the offending text, as Python shows it.

        A long line is shown as a window of `CARET_WIDTH` characters around the column.
        """
        lines = _lines(self.source)
        text = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        start = max(0, min(self.column - 1 - CARET_WIDTH // 2, len(text) - CARET_WIDTH))
        shown = "".join(c if c.isprintable() else "?" for c in text[start : start + CARET_WIDTH])
        column = self.column - 1 - start
        width = max(1, min(self.width, len(shown) - column))
        return f"    {shown}\n    {' ' * column}{'^' * width}"

    def __str__(self) -> str:
        return f"{self.one_line()}\n{self.caret()}\n{ALLOWED}"


@dataclass(frozen=True)
class LayerSpec:
    """One Dense layer, with Keras's defaults."""

    units: int
    activation: str = "linear"
    use_bias: bool = True
    kernel_initializer: str = "glorot_uniform"
    bias_initializer: str = "zeros"
    name: str | None = None

    def __post_init__(self) -> None:
        _check_whole("units", self.units, MAX_UNITS)
        _check_choice("activation", self.activation, ACTIVATIONS)
        _check_choice("kernel_initializer", self.kernel_initializer, INITIALIZERS)
        _check_choice("bias_initializer", self.bias_initializer, INITIALIZERS)
        if self.name is not None and not _NAME.match(self.name[: MAX_NAME_CHARS + 1]):
            raise ValueError(f"a layer name is letters, digits and _, not {self.name!r}")

    def to_code(self) -> str:
        parts = [str(self.units), f"activation={self.activation!r}"]
        defaults = LayerSpec(1)
        for option in ("use_bias", "kernel_initializer", "bias_initializer", "name"):
            value = getattr(self, option)
            if value != getattr(defaults, option):
                parts.append(f"{option}={value!r}")
        return f"Dense({', '.join(parts)})"


class _DenseOptions(TypedDict, total=False):
    """The options of a `LayerSpec` besides its units that a Dense call gave; the others keep
    their defaults."""

    activation: str
    use_bias: bool
    kernel_initializer: str
    bias_initializer: str
    name: str | None


@dataclass(frozen=True)
class ModelSpec:
    """A Sequential of Dense layers, optionally with its input width fixed by `Input`, a
    `Normalization()` before them, and `Dropout(rate)` after some: `dropout` pairs the index of
    the Dense layer a Dropout follows with its rate. `layers` holds only the Dense layers, so
    code that reads units and activations needs to know nothing of the others."""

    layers: tuple[LayerSpec, ...] = field(default_factory=tuple)
    input_width: int | None = None
    name: str | None = None
    normalization: bool = False
    dropout: tuple[tuple[int, float], ...] = ()

    def __post_init__(self) -> None:
        if not 1 <= len(self.layers) <= MAX_LAYERS:
            raise ValueError(f"a model has 1 to {MAX_LAYERS} Dense layers, not {len(self.layers)}")
        if self.input_width is not None:
            _check_whole("input width", self.input_width, MAX_INPUT_WIDTH)
        names = [layer.name for layer in self.layers if layer.name]
        if len(names) != len(set(names)):
            raise ValueError("two layers have the same name; Keras needs each name once")
        for index, rate in self.dropout:
            if not 0 <= index < len(self.layers) - 1:
                raise ValueError("a Dropout follows a hidden Dense layer, not the output layer")
            if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate < 1:
                raise ValueError(f"a Dropout rate is from 0 to below 1, not {rate!r}")
        if len({index for index, _ in self.dropout}) != len(self.dropout):
            raise ValueError("one Dropout after a layer is enough")

    @property
    def output_units(self) -> int:
        return self.layers[-1].units

    @property
    def output_activation(self) -> str:
        return self.layers[-1].activation

    def count_params(self, input_width: int) -> int:
        """Weights and biases for inputs `input_width` wide (the Input's width, if declared)."""
        total, width = 0, self.input_width or input_width
        if self.normalization:
            total += 2 * width + 1  # mean, variance and count: not trained, but counted
        for layer in self.layers:
            total += width * layer.units + (layer.units if layer.use_bias else 0)
            width = layer.units
        return total

    def to_code(self) -> str:
        """Canonical Keras code for this model; `parse_spec` reads it back to an equal spec."""
        lines = [f"Input(shape=({self.input_width},))"] if self.input_width else []
        lines += ["Normalization()"] if self.normalization else []
        rates = dict(self.dropout)
        for index, layer in enumerate(self.layers):
            lines.append(layer.to_code())
            if index in rates:
                lines.append(f"Dropout({rates[index]!r})")
        body = "".join(f"    {line},\n" for line in lines)
        named = f", name={self.name!r}" if self.name else ""
        return f"model = Sequential([\n{body}]{named})"

    def with_layer(self, index: int, layer: LayerSpec) -> ModelSpec:
        layers = list(self.layers)
        layers[index] = layer
        return replace(self, layers=tuple(layers))

    def inserting(self, index: int, layer: LayerSpec) -> ModelSpec:
        """A Dense layer inserted before `index`; the Dropouts stay with their layers."""
        layers = list(self.layers)
        layers.insert(index, layer)
        dropout = tuple((i + (i >= index), rate) for i, rate in self.dropout)
        return replace(self, layers=tuple(layers), dropout=dropout)

    def without_layer(self, index: int) -> ModelSpec:
        """Dense layer `index` removed, with the Dropout after it (a Dropout left after the new
        output layer goes too)."""
        layers = self.layers[:index] + self.layers[index + 1 :]
        dropout = tuple(
            (i - (i > index), rate)
            for i, rate in self.dropout
            if i != index and i - (i > index) < len(layers) - 1
        )
        return replace(self, layers=layers, dropout=dropout)

    def build(self, input_width: int | None = None, adapt: np.ndarray | None = None) -> Sequential:
        """The engine model; `input_width` (the data's) is used when the spec has no Input, and
        a Normalization is adapted to `adapt`, the training inputs (without the validation
        part), as a Keras user calls `adapt` before `fit`."""
        from tutor.engine import Dense, Dropout, Input, Normalization, Sequential

        width = self.input_width or input_width
        layers: list = [Input(shape=(width,))] if width else []
        if self.normalization:
            normalization = Normalization(name="normalization")
            if adapt is not None:
                normalization.adapt(adapt)
            layers.append(normalization)
        rates = dict(self.dropout)
        dropout_names = (f"dropout_{n}" if n else "dropout" for n in range(len(rates)))
        for index, (layer, name) in enumerate(zip(self.layers, self.layer_names(), strict=True)):
            layers.append(
                Dense(
                    layer.units,
                    activation=layer.activation,
                    use_bias=layer.use_bias,
                    kernel_initializer=layer.kernel_initializer,
                    bias_initializer=layer.bias_initializer,
                    name=name,
                )
            )
            if index in rates:
                layers.append(Dropout(rates[index], name=next(dropout_names)))
        return Sequential(layers, name=self.name)

    def layer_names(self) -> list[str]:
        """Each layer's name: the learner's, else Keras's in a fresh session (dense, dense_1,
        ..., skipping names already given), however many models were built before."""
        taken = {layer.name for layer in self.layers if layer.name}
        free = (
            name
            for n in range(2 * MAX_LAYERS)
            if (name := f"dense_{n}" if n else "dense") not in taken
        )
        return [layer.name or next(free) for layer in self.layers]


def _check_whole(what: str, value: object, most: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise ValueError(f"{what} must be a whole number from 1 to {most}, not {value!r}")


def _check_choice(what: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)}, not {value!r}")


def parse_spec(source: str) -> ModelSpec:
    """Read a model typed as Keras code; raise `SpecError` pointing at anything not allowed."""
    if len(source) > MAX_SOURCE_CHARS:  # before any work on the text, parsing above all
        line, column = _position(source, MAX_SOURCE_CHARS)
        raise SpecError(
            f"the model text is {len(source):,} characters long; the limit is {MAX_SOURCE_CHARS:,}",
            source,
            line,
            column,
        )
    return _Reader(source).model()


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        # Text pasted with a common indentation is read without it (Python would refuse it).
        self.lines = _lines(source)
        margins = [
            line[: len(line) - len(line.lstrip(" \t"))] for line in self.lines if line.strip()
        ]
        self.margin = min(map(len, margins), default=0)
        for column, chars in enumerate(zip(*margins, strict=False)):
            if len(set(chars)) > 1:
                self.margin = column
                break
        self.text = "\n".join(line[self.margin :] for line in self.lines)

    def model(self) -> ModelSpec:
        if not self.source.strip():
            raise SpecError("there is no model yet: type Sequential([...])", self.source)
        tree = self._parse()
        if len(tree.body) != 1:
            extra = tree.body[1] if tree.body else tree
            raise self.error(extra, "write one model: a single Sequential([...]) and nothing else")
        statement = tree.body[0]
        if isinstance(statement, ast.Expr):
            return self.sequential(statement.value)
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            return self.sequential(statement.value)
        raise self.error(
            statement,
            f"{_describe(statement)} is not allowed: write Sequential([...]) "
            "or model = Sequential([...])",
        )

    def _parse(self) -> ast.Module:
        try:
            with warnings.catch_warnings():  # e.g. "invalid decimal literal" for 1e
                warnings.simplefilter("ignore")
                return ast.parse(self.text, mode="exec")
        except SyntaxError as error:
            line, column = error.lineno or 1, (error.offset or 1) + self.margin
            if "\0" in self.source:
                line, column = _position(self.source, self.source.index("\0"))
            raise SpecError(
                f"this is not valid Python: {error.msg}", self.source, line, column
            ) from None
        except (RecursionError, MemoryError, ValueError) as error:
            raise SpecError(
                "the model text is too deeply nested or too large to read "
                f"({type(error).__name__})",
                self.source,
            ) from None

    def error(self, node: ast.AST, message: str) -> SpecError:
        line = getattr(node, "lineno", 1)
        text = self.lines[line - 1][self.margin :]
        start = _chars(text, getattr(node, "col_offset", 0))
        end_column = getattr(node, "end_col_offset", None)
        if getattr(node, "end_lineno", None) == line and end_column is not None:
            end = _chars(text, end_column)
        else:
            end = len(text)
        return SpecError(message, self.source, line, self.margin + start + 1, end - start)

    def call(self, node: ast.expr, expected: str, names: tuple[str, ...]) -> tuple[str, ast.Call]:
        """The callee's name and the call, if `node` is a call of one of `names`."""
        if not isinstance(node, ast.Call):
            raise self.error(node, f"expected {expected}, found {_describe(node)}")
        func = node.func
        if isinstance(func, ast.Attribute):
            advice = (
                f"write the bare name: {func.attr}(...)"
                if func.attr in names
                else f"expected {expected}"
            )
            raise self.error(
                func, f"attribute access ({_segment(self.text, func)}) is not allowed; {advice}"
            )
        if not isinstance(func, ast.Name):
            raise self.error(func, f"expected {expected}, found a call of {_describe(func)}")
        if func.id not in names:
            hint = _closest(func.id, names)
            raise self.error(func, f"{func.id}(...) is not allowed here{hint}; expected {expected}")
        return func.id, node

    def bind(
        self, call: ast.Call, callee: str, params: tuple[str, ...], positional: int
    ) -> dict[str, ast.expr]:
        """Match a call's arguments to `params` as Python would, refusing anything else."""
        for argument in call.args:
            if isinstance(argument, ast.Starred):
                raise self.error(argument, "starred arguments (*args) are not allowed")
        named: list[tuple[str, ast.keyword]] = []
        for keyword in call.keywords:
            if keyword.arg is None:
                raise self.error(keyword, "**kwargs is not allowed; write each argument out")
            named.append((keyword.arg, keyword))
        if len(call.args) > positional:
            names = ", ".join(params[:positional])
            raise self.error(
                call.args[positional],
                f"{callee} takes at most {positional} positional argument"
                f"{'s' if positional > 1 else ''} ({names}); pass the rest by keyword",
            )
        bound = dict(zip(params, call.args, strict=False))
        for arg, keyword in named:
            if arg not in params:
                hint = _closest(arg, params)
                raise self.error(
                    keyword, f"{callee} has no argument {arg!r}{hint}; it takes {', '.join(params)}"
                )
            if arg in bound:
                raise self.error(keyword, f"{arg!r} is given twice")
            bound[arg] = keyword.value
        return bound

    def sequential(self, node: ast.expr) -> ModelSpec:
        _, call = self.call(node, "Sequential([...])", ("Sequential",))
        arguments = self.bind(call, "Sequential", ("layers", "name"), 1)
        if "layers" not in arguments:
            raise self.error(call, "Sequential needs its layers: Sequential([Dense(1)])")
        items = arguments["layers"]
        if not isinstance(items, ast.List | ast.Tuple):
            raise self.error(items, f"the layers are a list [...], not {_describe(items)}")
        name = self.name(arguments.get("name"))
        input_width = None
        normalization = False
        dropout: list[tuple[int, float]] = []
        layers: list[LayerSpec] = []
        for position, item in enumerate(items.elts):
            callee, layer_call = self.call(item, EXPECTED_LAYER, _LAYER_CALLS)
            if callee == "Input":
                if position:
                    raise self.error(item, "Input(...) comes first, before every Dense layer")
                input_width = self.input(layer_call)
                continue
            if callee == "Normalization":
                if layers or normalization:
                    raise self.error(
                        item,
                        "Normalization() comes once, first (after Input): it rescales the "
                        "inputs with the training data's mean and variance",
                    )
                self.bind(layer_call, "Normalization", (), 0)
                normalization = True
                continue
            if callee == "Dropout":
                if not layers or (dropout and dropout[-1][0] == len(layers) - 1):
                    raise self.error(
                        item, "Dropout(rate) goes after a Dense layer, one Dropout per layer"
                    )
                dropout.append((len(layers) - 1, self.rate(layer_call)))
                continue
            if len(layers) == MAX_LAYERS:
                raise self.error(item, f"at most {MAX_LAYERS} Dense layers are allowed")
            layers.append(self.dense(layer_call))
            if layers[-1].name and [lay.name for lay in layers].count(layers[-1].name) > 1:
                raise self.error(item, f"two layers are named {layers[-1].name!r}")
        if not layers:
            raise self.error(items, "the model needs at least one Dense layer")
        if dropout and dropout[-1][0] == len(layers) - 1:
            last = items.elts[-1]
            raise self.error(
                last, "Dropout after the output layer would drop answers: put it after a hidden one"
            )
        return ModelSpec(tuple(layers), input_width, name, normalization, tuple(dropout))

    def rate(self, call: ast.Call) -> float:
        arguments = self.bind(call, "Dropout", ("rate",), 1)
        if "rate" not in arguments:
            raise self.error(call, "Dropout needs its rate: Dropout(0.2) drops 20% of the inputs")
        value = _literal_number(arguments["rate"])
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
            shown = repr(value) if isinstance(value, int | float) else _describe(arguments["rate"])
            raise self.error(
                arguments["rate"], f"the Dropout rate is a number from 0 to below 1, not {shown}"
            )
        return float(value)

    def input(self, call: ast.Call) -> int:
        arguments = self.bind(call, "Input", ("shape",), 1)
        if "shape" not in arguments:
            raise self.error(call, "Input needs its shape: Input(shape=(2,))")
        shape = arguments["shape"]
        if not isinstance(shape, ast.Tuple | ast.List):
            raise self.error(shape, f"shape is a tuple like (2,), not {_describe(shape)}")
        if len(shape.elts) != 1:
            raise self.error(
                shape, "Dense layers take rows of numbers: shape has one entry, like (2,)"
            )
        return self.whole(shape.elts[0], "the input width", MAX_INPUT_WIDTH)

    def dense(self, call: ast.Call) -> LayerSpec:
        arguments = self.bind(call, "Dense", _DENSE_PARAMS, 5)
        if "units" not in arguments:
            raise self.error(call, "Dense needs its units: Dense(3, activation='sigmoid')")
        units = self.whole(arguments["units"], "units", MAX_UNITS)
        options: _DenseOptions = {}
        if "activation" in arguments:
            activation = arguments["activation"]
            is_none = isinstance(activation, ast.Constant) and activation.value is None
            options["activation"] = (
                "linear" if is_none else self.choice(activation, "activation", ACTIVATIONS)
            )
        if "use_bias" in arguments:
            options["use_bias"] = self.boolean(arguments["use_bias"], "use_bias")
        if "kernel_initializer" in arguments:
            options["kernel_initializer"] = self.choice(
                arguments["kernel_initializer"], "kernel_initializer", INITIALIZERS
            )
        if "bias_initializer" in arguments:
            options["bias_initializer"] = self.choice(
                arguments["bias_initializer"], "bias_initializer", INITIALIZERS
            )
        if "name" in arguments:
            options["name"] = self.name(arguments["name"])
        return LayerSpec(units, **options)

    def whole(self, node: ast.expr, what: str, most: int) -> int:
        value = _literal_number(node)
        if isinstance(value, bool) or not isinstance(value, int):
            shown = repr(value) if isinstance(value, bool | float) else _describe(node)
            raise self.error(node, f"{what} must be a whole number like 3, not {shown}")
        if not 1 <= value <= most:
            shown = str(value) if len(str(value)) < 20 else f"a {len(str(value))}-digit number"
            raise self.error(node, f"{what} must be from 1 to {most:,}, not {shown}")
        return value

    def choice(self, node: ast.expr, what: str, choices: tuple[str, ...]) -> str:
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            raise self.error(node, f"{what} is a string like {choices[0]!r}, not {_describe(node)}")
        if node.value not in choices:
            hint = _closest(node.value, choices)
            raise self.error(
                node,
                f"unknown {what} {_short(node.value)}{hint}; choose one of {', '.join(choices)}",
            )
        return node.value

    def boolean(self, node: ast.expr, what: str) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return node.value
        raise self.error(node, f"{what} is True or False, not {_describe(node)}")

    def name(self, node: ast.expr | None) -> str | None:
        if node is None or (isinstance(node, ast.Constant) and node.value is None):
            return None
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and len(node.value) <= MAX_NAME_CHARS
            and _NAME.match(node.value)
        ):
            return node.value
        raise self.error(
            node,
            f"a name is a string of letters, digits and _ (at most {MAX_NAME_CHARS}), "
            f"not {_describe(node)}",
        )


def _literal_number(node: ast.expr) -> object:
    """The value of a number literal, with a leading minus; anything else returns the node."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = node.operand
        if (
            isinstance(inner, ast.Constant)
            and isinstance(inner.value, int | float)
            and not isinstance(inner.value, bool)
        ):
            return -inner.value if isinstance(node.op, ast.USub) else inner.value
        return node
    if isinstance(node, ast.Constant):
        return node.value
    return node


_DESCRIPTIONS: dict[type, str] = {
    ast.Attribute: "attribute access",
    ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.JoinedStr: "an f-string",
    ast.Starred: "a starred argument",
    ast.BinOp: "arithmetic",
    ast.UnaryOp: "an expression",
    ast.BoolOp: "an expression",
    ast.Compare: "a comparison",
    ast.IfExp: "a conditional expression",
    ast.Subscript: "indexing",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.List: "a list",
    ast.Tuple: "a tuple",
    ast.Call: "a call",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.NamedExpr: "an assignment expression",
    ast.Slice: "a slice",
    ast.Import: "an import",
    ast.ImportFrom: "an import",
    ast.Assign: "this assignment",
    ast.AugAssign: "an assignment",
    ast.AnnAssign: "an annotated assignment",
    ast.FunctionDef: "a function definition",
    ast.AsyncFunctionDef: "a function definition",
    ast.ClassDef: "a class definition",
}


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return f"the name {_short(node.id)}"
    if isinstance(node, ast.Constant):
        return _short(node.value)
    return _DESCRIPTIONS.get(type(node), f"a {type(node).__name__} statement")


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 30 else shown[:27] + "..."


def _segment(source: str, node: ast.AST) -> str:
    text = ast.get_source_segment(source, node) or ""
    return text if len(text) <= 30 else text[:27] + "..."


def _closest(word: str, choices: tuple[str, ...]) -> str:
    match = difflib.get_close_matches(word[:40], choices, n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _chars(line: str, byte_offset: int) -> int:
    """The character column of a UTF-8 byte offset, which is what `ast` reports."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _lines(source: str) -> list[str]:
    """The lines as Python's tokenizer counts them (not str.splitlines, which splits on more)."""
    return re.split(r"\r\n|\r|\n", source)


def _position(source: str, index: int) -> tuple[int, int]:
    before = source[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1
