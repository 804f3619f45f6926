"""The sandbox's model parser: every spelling of the course's models reads; nothing else does.

Every refusal is checked for a message, a column and the list of what is allowed; every parse
here runs with `eval`, `exec` and any `compile` beyond `ast.parse`'s made to fail, and hostile
text tries to create a sentinel file.
"""

from __future__ import annotations

import ast
import builtins
import itertools
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.sandbox.spec import (
    ACTIVATIONS,
    ALLOWED,
    INITIALIZERS,
    MAX_INPUT_WIDTH,
    MAX_LAYERS,
    MAX_SOURCE_CHARS,
    MAX_UNITS,
    LayerSpec,
    ModelSpec,
    SpecError,
    parse_spec,
)


def parse(source: str) -> ModelSpec:
    """`parse_spec`, with `eval`, `exec` and any `compile` beyond `ast.parse`'s made to fail."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the parser must never eval or exec learner text")

    real_compile = builtins.compile

    def ast_only(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "the parser compiled learner text to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    with (
        patch.object(builtins, "eval", forbidden),
        patch.object(builtins, "exec", forbidden),
        patch.object(builtins, "compile", ast_only),
    ):
        return parse_spec(source)


def refused(source: str) -> SpecError:
    with pytest.raises(SpecError) as caught:
        parse(source)
    error = caught.value
    assert error.message
    assert error.line >= 1 and error.column >= 1
    text = str(error)
    assert text.startswith(f"line {error.line}, column {error.column}: {error.message}")
    assert "^" in error.caret()
    assert text.endswith(ALLOWED)
    return error


# --- every spelling of the source's models ------------------------------------------------------

SIGMOID_3_1 = ModelSpec((LayerSpec(3, "sigmoid"), LayerSpec(1, "sigmoid")))
DIGITS = ModelSpec((LayerSpec(25, "sigmoid"), LayerSpec(15, "sigmoid"), LayerSpec(1, "sigmoid")))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Sequential([Dense(3, activation='sigmoid'), Dense(1, activation='sigmoid')])",
            SIGMOID_3_1,
        ),
        (
            "model = Sequential([Dense(3, activation='sigmoid'), Dense(1, activation='sigmoid')])",
            SIGMOID_3_1,
        ),
        ("Sequential([Dense(3, 'sigmoid'), Dense(1, 'sigmoid')])", SIGMOID_3_1),
        ('Sequential([Dense(3, "sigmoid"), Dense(1, "sigmoid"),])', SIGMOID_3_1),
        ("Sequential((Dense(3, 'sigmoid'), Dense(1, 'sigmoid')))", SIGMOID_3_1),
        (
            "Sequential(layers=[Dense(units=3, activation='sigmoid'), Dense(1, 'sigmoid')])",
            SIGMOID_3_1,
        ),
        (
            "model = Sequential([Dense(25, 'sigmoid'), Dense(15, 'sigmoid'), Dense(1, 'sigmoid')])",
            DIGITS,
        ),
        (
            "model = Sequential(\n"
            "    [\n"
            "        Dense(25, activation='sigmoid'),  # layer 1\n"
            "        Dense(15, activation='sigmoid'),  # layer 2\n"
            "        Dense(1, activation='sigmoid'),\n"
            "    ]\n"
            ")\n",
            DIGITS,
        ),
        (
            "Sequential([Input(shape=(2,)), Dense(3, 'sigmoid'), Dense(1, 'sigmoid')])",
            ModelSpec(SIGMOID_3_1.layers, input_width=2),
        ),
        (
            "Sequential([Input((400,)), Dense(25, 'sigmoid'), Dense(15, 'sigmoid'), "
            "Dense(1, 'sigmoid')])",
            ModelSpec(DIGITS.layers, input_width=400),
        ),
        (
            "Sequential([Dense(25, activation='relu'), Dense(1, activation='sigmoid')])",
            ModelSpec((LayerSpec(25, "relu"), LayerSpec(1, "sigmoid"))),
        ),
        (
            "Sequential([Dense(10), Dense(1, activation=None)])",
            ModelSpec((LayerSpec(10), LayerSpec(1))),
        ),
        (
            "Sequential([Dense(4, 'tanh', False, 'he_normal', 'ones', name='hidden')], "
            "name='tiny')",
            ModelSpec((LayerSpec(4, "tanh", False, "he_normal", "ones", "hidden"),), name="tiny"),
        ),
        ("\n\n  Sequential([Dense(1)])  \n\n", ModelSpec((LayerSpec(1),))),
        ("Sequential([Dense(+3)])", ModelSpec((LayerSpec(3),))),
    ],
)
def test_every_spelling_of_the_course_models_parses(source, expected):
    assert parse(source) == expected


def test_the_canonical_code_reads_back_and_looks_like_keras():
    spec = ModelSpec(
        (LayerSpec(25, "relu"), LayerSpec(1, "sigmoid", use_bias=False, name="out")),
        input_width=2,
    )
    assert spec.to_code() == (
        "model = Sequential([\n"
        "    Input(shape=(2,)),\n"
        "    Dense(25, activation='relu'),\n"
        "    Dense(1, activation='sigmoid', use_bias=False, name='out'),\n"
        "])"
    )
    assert parse(spec.to_code()) == spec


layer_specs = st.builds(
    LayerSpec,
    units=st.integers(1, MAX_UNITS),
    activation=st.sampled_from(ACTIVATIONS),
    use_bias=st.booleans(),
    kernel_initializer=st.sampled_from(INITIALIZERS),
    bias_initializer=st.sampled_from(INITIALIZERS),
    name=st.none(),
)
model_specs = st.builds(
    ModelSpec,
    layers=st.lists(layer_specs, min_size=1, max_size=MAX_LAYERS).map(tuple),
    input_width=st.none() | st.integers(1, MAX_INPUT_WIDTH),
    name=st.none() | st.from_regex(r"[a-z_][a-z0-9_]{0,10}", fullmatch=True),
)


@given(model_specs)
def test_any_spec_round_trips_through_its_code(spec):
    assert parse(spec.to_code()) == spec


def test_the_form_edits_keep_the_code_in_sync():
    spec = parse("Sequential([Dense(3, 'sigmoid'), Dense(1, 'sigmoid')])")
    spec = spec.inserting(1, LayerSpec(8, "relu"))
    spec = spec.with_layer(0, LayerSpec(5, "tanh"))
    spec = spec.without_layer(2)
    assert parse(spec.to_code()) == ModelSpec((LayerSpec(5, "tanh"), LayerSpec(8, "relu")))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ModelSpec(()), "a model has 1 to 20 Dense layers, not 0"),
        (lambda: LayerSpec(0), "units must be a whole number from 1 to 4096, not 0"),
        (lambda: LayerSpec(True), "units must be a whole number from 1 to 4096, not True"),
        (lambda: LayerSpec(3, "maxout"), "activation must be one of linear, relu"),
        (
            lambda: ModelSpec((LayerSpec(1, name="a"), LayerSpec(1, name="a"))),
            "two layers have the same name",
        ),
    ],
)
def test_a_spec_built_by_a_form_is_checked_too(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# --- refusals with their messages and columns -----------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message", "caret"),
    [
        (
            "Sequential([foo(3)])",
            "foo(...) is not allowed here; expected Input(...), Normalization(...), Dense(...) "
            "or Dropout(...)",
            "    Sequential([foo(3)])\n                ^^^",
        ),
        (
            "Sequential([Dense(3, 'sigmod')])",
            "unknown activation 'sigmod' (did you mean 'sigmoid'?); choose one of linear, relu, "
            "sigmoid, tanh, softmax",
            "    Sequential([Dense(3, 'sigmod')])\n                         ^^^^^^^^",
        ),
        (
            "Sequential([tf.keras.layers.Dense(3)])",
            "attribute access (tf.keras.layers.Dense) is not allowed; write the bare name: "
            "Dense(...)",
            "    Sequential([tf.keras.layers.Dense(3)])\n                ^^^^^^^^^^^^^^^^^^^^^",
        ),
        (
            "Sequential([Dense(True)])",
            "units must be a whole number like 3, not True",
            "    Sequential([Dense(True)])\n                      ^^^^",
        ),
        (
            "Sequential([Dense(3.5)])",
            "units must be a whole number like 3, not 3.5",
            "    Sequential([Dense(3.5)])\n                      ^^^",
        ),
        (
            "Sequential([Dense(0)])",
            "units must be from 1 to 4,096, not 0",
            "    Sequential([Dense(0)])\n                      ^",
        ),
        (
            "Sequential([Dense(-3)])",
            "units must be from 1 to 4,096, not -3",
            "    Sequential([Dense(-3)])\n                      ^^",
        ),
        (
            "Sequential([Dense(5000)])",
            "units must be from 1 to 4,096, not 5000",
            "    Sequential([Dense(5000)])\n                      ^^^^",
        ),
        (
            "Sequential([Dense(3, units=4)])",
            "'units' is given twice",
            "    Sequential([Dense(3, units=4)])\n                         ^^^^^^^",
        ),
        (
            "Sequential([Dense(3, activation='relu', activation='relu')])",
            "'activation' is given twice",
            "    Sequential([Dense(3, activation='relu', activation='relu')])\n"
            "                                            ^^^^^^^^^^^^^^^^^",
        ),
        (
            "Sequential([Dense(3, activaton='relu')])",
            "Dense has no argument 'activaton' (did you mean 'activation'?); it takes units, "
            "activation, use_bias, kernel_initializer, bias_initializer, name",
            "    Sequential([Dense(3, activaton='relu')])\n"
            "                         ^^^^^^^^^^^^^^^^",
        ),
        (
            "Sequential([Dense(3, **options)])",
            "**kwargs is not allowed; write each argument out",
            "    Sequential([Dense(3, **options)])\n                         ^^^^^^^^^",
        ),
        (
            "Sequential([Dense(*sizes)])",
            "starred arguments (*args) are not allowed",
            "    Sequential([Dense(*sizes)])\n                      ^^^^^^",
        ),
        (
            "Sequential([Dense(3, use_bias=1)])",
            "use_bias is True or False, not 1",
            "    Sequential([Dense(3, use_bias=1)])\n                                  ^",
        ),
        (
            "Sequential([Dense(f'{n}')])",
            "units must be a whole number like 3, not an f-string",
            "    Sequential([Dense(f'{n}')])\n                      ^^^^^^",
        ),
        (
            "Sequential([Dense(n) for n in (3, 1)])",
            "the layers are a list [...], not a comprehension",
            "    Sequential([Dense(n) for n in (3, 1)])\n               ^^^^^^^^^^^^^^^^^^^^^^^^^^",
        ),
        (
            "Sequential([Dense(3, activation=lambda z: z)])",
            "activation is a string like 'linear', not a lambda",
            "    Sequential([Dense(3, activation=lambda z: z)])\n"
            "                                    ^^^^^^^^^^^",
        ),
        (
            "Sequential([Dense(3), Input(shape=(2,))])",
            "Input(...) comes first, before every Dense layer",
            "    Sequential([Dense(3), Input(shape=(2,))])\n"
            "                          ^^^^^^^^^^^^^^^^^",
        ),
        (
            "Sequential([Input(shape=(8, 8)), Dense(1)])",
            "Dense layers take rows of numbers: shape has one entry, like (2,)",
            "    Sequential([Input(shape=(8, 8)), Dense(1)])\n                            ^^^^^^",
        ),
        (
            "Sequential([Input(shape=2), Dense(1)])",
            "shape is a tuple like (2,), not 2",
            "    Sequential([Input(shape=2), Dense(1)])\n                            ^",
        ),
        (
            "Sequential([Input(shape=(20000,)), Dense(1)])",
            "the input width must be from 1 to 10,000, not 20000",
            "    Sequential([Input(shape=(20000,)), Dense(1)])\n                             ^^^^^",
        ),
        (
            "Sequential([])",
            "the model needs at least one Dense layer",
            "    Sequential([])\n               ^^",
        ),
        (
            "Sequential()",
            "Sequential needs its layers: Sequential([Dense(1)])",
            "    Sequential()\n    ^^^^^^^^^^^^",
        ),
        (
            "Sequential([Dense(1)], trainable=False)",
            "Sequential has no argument 'trainable'; it takes layers, name",
            "    Sequential([Dense(1)], trainable=False)\n"
            "                           ^^^^^^^^^^^^^^^",
        ),
        (
            "Sequential([Dense()])",
            "Dense needs its units: Dense(3, activation='sigmoid')",
            "    Sequential([Dense()])\n                ^^^^^^^",
        ),
        (
            "Sequential([Dense(3, 'relu', True, 'zeros', 'zeros', 'x')])",
            "Dense takes at most 5 positional arguments (units, activation, use_bias, "
            "kernel_initializer, bias_initializer); pass the rest by keyword",
            "    Sequential([Dense(3, 'relu', True, 'zeros', 'zeros', 'x')])\n"
            "                                                         ^^^",
        ),
        (
            "Sequential([Dense(1, name='a'), Dense(1, name='a')])",
            "two layers are named 'a'",
            "    Sequential([Dense(1, name='a'), Dense(1, name='a')])\n"
            "                                    ^^^^^^^^^^^^^^^^^^",
        ),
        (
            "Sequential([Dense(1, name='no spaces')])",
            "a name is a string of letters, digits and _ (at most 64), not 'no spaces'",
            "    Sequential([Dense(1, name='no spaces')])\n"
            "                              ^^^^^^^^^^^",
        ),
        (
            "Dense(25, 'sigmoid')",
            "Dense(...) is not allowed here; expected Sequential([...])",
            "    Dense(25, 'sigmoid')\n    ^^^^^",
        ),
        (
            "import os",
            "an import is not allowed: write Sequential([...]) or model = Sequential([...])",
            "    import os\n    ^^^^^^^^^",
        ),
        (
            "model.add(Dense(3))",
            "attribute access (model.add) is not allowed; expected Sequential([...])",
            "    model.add(Dense(3))\n    ^^^^^^^^^",
        ),
        (
            "Sequential([Dense(1)])\nSequential([Dense(2)])",
            "write one model: a single Sequential([...]) and nothing else",
            "    Sequential([Dense(2)])\n    ^^^^^^^^^^^^^^^^^^^^^^",
        ),
        (
            "model = Sequential([\n    Dense(3, 'sigmoid'),\n    Dense(1, 'sigmod'),\n])",
            "unknown activation 'sigmod' (did you mean 'sigmoid'?)",
            "        Dense(1, 'sigmod'),\n                 ^^^^^^^^",
        ),
        (
            "Sequential([Dense(3, 'sigmoid')]",
            "this is not valid Python: '(' was never closed",
            "    Sequential([Dense(3, 'sigmoid')]\n              ^",
        ),
        (
            "Sequential([Dense('é', 'x')])",
            "units must be a whole number like 3, not 'é'",
            "    Sequential([Dense('é', 'x')])\n                      ^^^",
        ),
        (
            "Sequential([Dense('é', x)])",
            "units must be a whole number like 3, not 'é'",
            "    Sequential([Dense('é', x)])\n                      ^^^",
        ),
        (
            "Sequential([Dense(3, 'é')])",
            "unknown activation 'é'",
            "    Sequential([Dense(3, 'é')])\n                         ^^^",
        ),
        ("   ", "there is no model yet: type Sequential([...])", "       \n    ^"),
    ],
)
def test_a_refusal_says_what_and_points_at_the_column(source, message, caret):
    error = refused(source)
    assert error.message.startswith(message)
    assert error.caret() == caret


def test_the_caret_of_a_long_line_shows_a_window_around_the_column():
    source = "Sequential([" + "Dense(3), " * 19 + "Dense(3, 'sigmod')])"
    error = refused(source)
    assert error.column == source.index("'sigmod'") + 1
    shown, marks = error.caret().splitlines()
    assert len(shown) <= 4 + 72
    assert shown[marks.index("^") :].startswith("'sigmod'")


def test_too_many_layers_is_refused_at_the_first_extra_one():
    source = "Sequential([" + ", ".join(["Dense(3)"] * (MAX_LAYERS + 1)) + "])"
    error = refused(source)
    assert error.message == "at most 20 Dense layers are allowed"
    assert error.column == source.rindex("Dense(3)") + 1


def test_long_text_is_refused_before_it_is_parsed(monkeypatch):
    import tutor.sandbox.spec as spec_module

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed text that was too long")

    monkeypatch.setattr(spec_module.ast, "parse", no_parse)
    error = refused("Sequential([Dense(1)])" + " " * MAX_SOURCE_CHARS)
    assert error.message == "the model text is 4,022 characters long; the limit is 4,000"
    assert error.column == MAX_SOURCE_CHARS + 1


@pytest.mark.parametrize(
    "source",
    [
        "[" * 150 + "]" * 150,
        "(" * 1000 + ")" * 1000,
        "Sequential(" * 300 + ")" * 300,
        "-" * 3000 + "1",
        "not " * 900 + "1",
        "Sequential([Dense(" + "+" * 3000 + "1)])",
        "1" * 3999,
        "Sequential([Dense(3)])\x00",
        "a" + ".a" * 1500,
        "x" + "[0]" * 1300,
    ],
)
def test_deep_nesting_and_huge_numbers_are_refused_cleanly(source):
    refused(source)


def test_a_parser_that_gives_up_becomes_a_clear_refusal(monkeypatch):
    import tutor.sandbox.spec as spec_module

    for failure in (RecursionError, MemoryError, ValueError):

        def give_up(*args, failure=failure, **kwargs):
            raise failure("too deep")

        monkeypatch.setattr(spec_module.ast, "parse", give_up)
        error = refused("Sequential([Dense(1)])")
        assert error.message == (
            f"the model text is too deeply nested or too large to read ({failure.__name__})"
        )


# --- a few hundred hostile specs, with a sentinel -----------------------------------------------

HOSTILE_VALUES = [
    "x",
    "os",
    "__import__('os').system('touch {sentinel}')",
    "open('{sentinel}', 'w')",
    "eval(\"open('{sentinel}', 'w')\")",
    "exec(\"open('{sentinel}', 'w')\")",
    "compile('1', 'f', 'exec')",
    "globals()",
    "lambda: open('{sentinel}', 'w')",
    "[open('{sentinel}', 'w') for _ in '1']",
    "(i for i in range(3))",
    "{{i: i for i in range(3)}}",
    'f\'{{open("{sentinel}", "w")}}\'',
    "3 + 4",
    "2 ** 64",
    "-(3)",
    "not 1",
    "1 if x else 2",
    "().__class__.__bases__[0].__subclasses__()",
    "x[0]",
    "(x := 3)",
    "{{3}}",
    "{{'a': 1}}",
    "...",
    "3j",
    "b'3'",
    "1e9",
    "1_000_000_000",
    "-1",
    "0",
    "'3'",
    "[3]",
    "(3,)",
    "print",
    "Dense",
    "Sequential([Dense(1)])",
    "Input(shape=(2,))",
    "*x",
    "**x",
    "await x",
    "yield",
    "'relu' 'x'",
    "'sigmoid'.upper()",
    "'\\x00'",
]
TEMPLATES = {
    "units": "Sequential([Dense({v})])",
    "positional activation": "Sequential([Dense(3, {v})])",
    "activation": "Sequential([Dense(3, activation={v})])",
    "use_bias": "Sequential([Dense(3, use_bias={v})])",
    "kernel_initializer": "Sequential([Dense(3, kernel_initializer={v})])",
    "name": "Sequential([Dense(3, name={v})])",
    "input width": "Sequential([Input(shape=({v},)), Dense(1)])",
    "layer": "Sequential([{v}, Dense(1)])",
    "layers": "Sequential({v})",
    "statement": "{v}",
}
# The few pairs that are good Keras and must read.
VALID = {
    ("layer", "Dense"),
    ("layer", "Input(shape=(2,))"),
    ("statement", "Sequential([Dense(1)])"),
    ("name", "'relu' 'x'"),  # Python joins the two strings: name='relux'
}


def hostile_sources(sentinel: str) -> list[tuple[str, str]]:
    cases = []
    for (where, template), value in itertools.product(TEMPLATES.items(), HOSTILE_VALUES):
        if (where, value) in VALID:
            continue
        cases.append((where, template.format(v=value.format(sentinel=sentinel))))
    return cases


def test_a_few_hundred_hostile_specs_are_refused_and_nothing_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sentinel = tmp_path / "sentinel"
    cases = hostile_sources(str(sentinel))
    assert len(cases) > 400
    for where, source in cases:
        try:
            parse(source)
        except SpecError as error:
            assert error.message and error.column >= 1, source
        else:
            raise AssertionError(f"{where}: {source!r} was accepted")
    assert not sentinel.exists()
    assert list(tmp_path.iterdir()) == []


def test_valid_pairs_of_the_hostile_grid_really_are_valid():
    assert parse("Sequential([Input(shape=(2,)), Dense(1)])").input_width == 2


# --- property-based: random text, mutated trees -----------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text_is_read_or_refused_cleanly(text):
    try:
        spec = parse(text)
    except SpecError as error:
        assert error.message
    else:
        assert isinstance(spec, ModelSpec)


@settings(max_examples=200)
@given(st.text(alphabet="Sequential([Dense(3, 'sigmoid')]),=\n #*.:-+1e", max_size=120))
def test_text_made_of_spec_characters_is_read_or_refused_cleanly(text):
    try:
        parse(text)
    except SpecError as error:
        assert error.message


HOSTILE_NODES = [
    ast.Name("os", ast.Load()),
    ast.Attribute(ast.Name("os", ast.Load()), "system", ast.Load()),
    ast.Call(ast.Name("open", ast.Load()), [ast.Constant("f")], []),
    ast.Lambda(
        ast.arguments([], [], None, [], [], None, []),
        ast.Constant(1),
    ),
    ast.BinOp(ast.Constant(2), ast.Pow(), ast.Constant(1000)),
    ast.Constant(True),
    ast.Constant(10**30),
    ast.Constant(3.25),
    ast.Constant(None),
    ast.Constant("relu; import os"),
    ast.ListComp(
        ast.Name("i", ast.Load()),
        [ast.comprehension(ast.Name("i", ast.Store()), ast.Name("x", ast.Load()), [], 0)],
    ),
    ast.JoinedStr([ast.Constant("x")]),
    ast.Subscript(ast.Name("x", ast.Load()), ast.Constant(0), ast.Load()),
    ast.Dict([ast.Constant("a")], [ast.Constant(1)]),
]
VALID_MODEL = (
    "model = Sequential([Input(shape=(2,)), Dense(25, activation='relu', use_bias=True, "
    "kernel_initializer='he_normal', name='hidden'), Dense(1, 'sigmoid')])"
)


def _replaceable(tree: ast.AST) -> list[tuple[ast.AST, str, int | None]]:
    """Every (parent, field, index) holding an expression the parser reads."""
    slots = []
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if isinstance(value, ast.expr):
                slots.append((parent, name, None))
            elif isinstance(value, list) and name != "targets":  # `model =` may be any name
                slots.extend(
                    (parent, name, i) for i, item in enumerate(value) if isinstance(item, ast.expr)
                )
    return slots


@settings(max_examples=300)
@given(st.data())
def test_valid_trees_with_a_hostile_node_grafted_in_are_refused(data):
    tree = ast.parse(VALID_MODEL)
    slots = _replaceable(tree)
    parent, name, index = data.draw(st.sampled_from(slots))
    hostile = data.draw(st.sampled_from(HOSTILE_NODES))
    replaced = getattr(parent, name)[index] if index is not None else getattr(parent, name)
    if isinstance(replaced, ast.Constant) and isinstance(hostile, ast.Constant):
        return  # a literal for a literal may happen to be valid (e.g. True for use_bias)
    if index is None:
        setattr(parent, name, hostile)
    else:
        getattr(parent, name)[index] = hostile
    source = ast.unparse(ast.fix_missing_locations(tree))
    refused(source)


@settings(max_examples=200)
@given(
    where=st.sampled_from(["units", "input width"]),
    number=st.integers(min_value=-(10**40), max_value=10**40),
)
def test_numbers_out_of_range_are_refused_with_the_limits(where, number):
    template = TEMPLATES[where]
    most = MAX_UNITS if where == "units" else MAX_INPUT_WIDTH
    source = template.format(v=number)
    if 1 <= number <= most:
        assert parse(source)
        return
    error = refused(source)
    assert f"must be from 1 to {most:,}, not " in error.message


@settings(max_examples=50)
@given(depth=st.integers(min_value=1, max_value=3000))
def test_any_depth_of_nesting_is_read_or_refused_cleanly(depth):
    refused("Sequential(" + "[" * depth + "]" * depth + ")")
    source = "Sequential([Dense(" + "(" * depth + "3" + ")" * depth + ")])"
    try:
        spec = parse(source)
    except SpecError as error:
        assert depth > 150, error.message  # Python's parser stops at 200 nested brackets
    else:
        assert spec == ModelSpec((LayerSpec(3),))  # brackets around a number only group it
