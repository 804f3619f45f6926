from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.quiz.parsing import AnswerError, format_shape, parse_number, parse_shape

dims = st.lists(st.integers(min_value=0, max_value=10_000) | st.none(), max_size=5).map(tuple)
concrete_dims = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=5).map(
    tuple
)


@pytest.mark.parametrize(
    "text", ["(4, 1)", "4,1", "4x1", "4 × 1", "4X1", "[4, 1]", " ( 4 ,1 ) ", "4 1", "4*1"]
)
def test_the_ways_of_writing_a_shape_all_read_the_same(text):
    assert parse_shape(text) == (4, 1)


@pytest.mark.parametrize("text", ["(4,)", "4,", "4", "[4]"])
def test_a_one_dimensional_shape_with_or_without_its_comma(text):
    assert parse_shape(text) == (4,)


def test_none_is_the_open_batch_dimension_and_empty_is_a_scalar():
    assert parse_shape("(None, 3)") == (None, 3)
    assert parse_shape("?x3") == (None, 3)
    assert parse_shape("()") == ()


@given(dims)
def test_a_formatted_shape_reads_back(shape):
    assert parse_shape(format_shape(shape)) == shape


@given(concrete_dims, st.sampled_from([",", ", ", "x", " x ", "×", " × ", "X", "*"]), st.booleans())
def test_any_separator_and_brackets_read_back(shape, separator, brackets):
    text = separator.join(map(str, shape))
    text = f"({text})" if brackets else text
    assert parse_shape(text) == shape


@given(st.text(max_size=20))
def test_any_text_reads_as_a_shape_or_gets_a_message(text):
    try:
        shape = parse_shape(text)
    except AnswerError as error:
        assert "Type a shape such as (4, 1)" in str(error)
    else:
        assert all(dim is None or dim >= 0 for dim in shape)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("(4, 1", "opens a bracket it does not close"),
        ("4,,1", "Could not read an empty dimension"),
        ("4.5x1", "Could not read “4.5”"),
        ("-4, 1", "Could not read “-4”"),
        ("four", "Could not read “four”"),
    ],
)
def test_an_unreadable_shape_says_how_to_type_one(text, message):
    with pytest.raises(AnswerError) as caught:
        parse_shape(text)
    assert message in str(caught.value)
    assert "Type a shape such as (4, 1), 4x1 or (4,)." in str(caught.value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.73", 0.73),
        (" -2 ", -2.0),
        ("1.5e-3", 0.0015),
        ("1,234", 1234.0),
        ("1 000", 1000.0),
        ("10_000", 10000.0),
        (".5", 0.5),
    ],
)
def test_numbers_read_leniently(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0,73", "has a comma: use a point for decimals"),
        ("abc", "“abc” is not a number"),
        ("", "Type a number such as 0.73"),
        ("nan", "is not a finite number"),
        ("inf", "is not a finite number"),
    ],
)
def test_an_unreadable_number_gets_a_message(text, message):
    with pytest.raises(AnswerError, match=message):
        parse_number(text)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_python_prints_reads_back(value):
    assert parse_number(repr(value)) == value


@pytest.mark.parametrize(("text", "value"), [("1/4", 0.25), (" -3 / 4 ", -0.75), ("1.5/3", 0.5)])
def test_a_fraction_reads_as_its_value(text, value):
    assert parse_number(text) == value


@given(st.integers(-10_000, 10_000), st.integers(-10_000, 10_000).filter(bool))
def test_any_fraction_of_whole_numbers_reads_as_its_quotient(top, bottom):
    assert parse_number(f"{top}/{bottom}") == top / bottom


@pytest.mark.parametrize(
    ("text", "message"),
    [("1/0", "divides by zero"), ("1/", "is not a number"), ("1/2/3", "is not a number")],
)
def test_a_broken_fraction_gets_a_message(text, message):
    with pytest.raises(AnswerError, match=message):
        parse_number(text)


@pytest.mark.parametrize("text", ["abc", "", "1,5"])
def test_a_whole_number_question_never_suggests_a_decimal(text):
    with pytest.raises(AnswerError) as raised:
        parse_number(text, whole=True)
    assert "whole number" in str(raised.value) and "0.73" not in str(raised.value)
