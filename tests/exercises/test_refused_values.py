"""Returned values the checks cannot compare are refused in the learner's terms, never with a
traceback and never as "did you call os._exit?" (which the child dying in `encode` produced)."""

from __future__ import annotations

import datetime
import json
import textwrap

import numpy as np
import pytest

from tutor.exercises.checks import not_an_array
from tutor.exercises.runner import check_source
from tutor.exercises.wire import MAX_DEPTH, Opaque, decode, encode


class Subclass(np.ndarray):
    pass


class BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def nested(depth: int, kind=list):
    value = 1.0
    for _ in range(depth):
        value = kind([value])
    return value


RECORDS = np.zeros(3, dtype=[("a", "f8"), ("b", "i8")])

REFUSED = {
    "10**400": (10**400, "a whole number too large for any float to hold (about 10**400)"),
    "10**5000 (too long for str)": (10**5000, "(about 10**5000)"),
    "a structured dtype": (RECORDS, "an array of records with named fields, dtype [('a'"),
    "a record array": (RECORDS.view(np.recarray), "a recarray, not a plain NumPy array"),
    "an ndarray subclass": (np.zeros(3).view(Subclass), "a Subclass, not a plain NumPy array"),
    "a masked array": (np.ma.masked_array([1.0], [True]), "a MaskedArray, not a plain NumPy"),
    "complex": (1 + 2j, "a complex number ((1+2j))"),
    "a complex scalar": (np.complex128(1j), "a complex number, dtype complex128"),
    "a complex array": (np.array([1j]), "an array of complex numbers, dtype complex128"),
    "a datetime": (datetime.datetime(2020, 1, 1), "a datetime (datetime.datetime(2020, 1, 1"),
    "datetime64": (np.array(["2020-01-01"], "M8[D]"), "an array of dates, dtype datetime64[D]"),
    "an object array": (np.array([object()]), "an array of Python objects, dtype object"),
    "a string array": (np.array(["a"]), "an array of strings, dtype <U1"),
    "deeply nested lists": (nested(10_000), f"lists or tuples nested over {MAX_DEPTH} deep"),
    "deeply nested tuples": (nested(10_000, tuple), "(tuple in tuple in …)"),
    "a repr that raises": (BrokenRepr(), "a BrokenRepr (<BrokenRepr object>)"),
}


@pytest.mark.parametrize("value, words", REFUSED.values(), ids=REFUSED.keys())
def test_a_value_the_checks_cannot_compare_is_refused_in_words(value, words):
    data = json.loads(json.dumps(encode(value)))  # encode never raises; its data is JSON
    back = decode(data)
    assert isinstance(back, Opaque)
    message = not_an_array(back, "the activations")
    assert words in message, message
    assert message.endswith(", but it should return the activations")


def test_values_within_limits_still_travel():
    assert decode(encode(nested(MAX_DEPTH))) == nested(MAX_DEPTH)
    assert decode(encode(2**1023)) == 2**1023
    assert decode(encode([1.0, 2**1024]))[1].what.startswith("a whole number too large")


def test_a_number_too_large_for_a_float_is_explained_not_raised():
    message = not_an_array([1.0, 10**400], "an array")
    assert (
        message
        == "your function returned a number too large for a float, but it should return an array"
    )


def test_an_array_that_cannot_be_read_back_becomes_an_opaque():
    back = decode({"array": [[1, 2]], "dtype": "[('a', '<f8')]", "shape": [1]})
    assert not_an_array(back) == (
        "your function returned an array the checks could not read back (dtype [('a', '<f8')]), "
        "but it should return an array"
    )


@pytest.mark.parametrize(
    "returned, words",
    [
        ("10**400", "a whole number too large for any float to hold"),
        ("np.zeros(3, dtype=[('a', 'f8')])", "an array of records with named fields"),
        ("np.zeros(3).view(np.recarray)", "a recarray, not a plain NumPy array"),
        ("np.array([1j])", "an array of complex numbers"),
    ],
)
def test_the_judge_says_what_came_back(returned, words):
    source = f"import numpy as np\ndef dense(a_in, W, b, g):\n    return {returned}\n"
    verdict = check_source("dense", source, timeout=20)
    assert verdict.status == "failed", verdict.message
    assert words in verdict.message


def test_a_model_whose_predict_returns_complex_is_judged_not_crashed():
    source = textwrap.dedent(
        """
        import numpy as np
        class Model:
            def predict(self, X):
                return np.ones((len(X), 10)) * 1j
        def train_digits(X, y):
            return Model()
        """
    )
    verdict = check_source("digits", source, timeout=60)
    assert verdict.status == "failed", verdict.message
    assert "an array of complex numbers" in verdict.message
    assert "os._exit" not in verdict.message
