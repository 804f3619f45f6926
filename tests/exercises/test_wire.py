"""Values survive the trip to the child and back, whatever their shape, dtype or special value."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tutor.exercises.wire import Opaque, decode, encode, sigmoid

arrays = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.float32, np.int64, np.bool_]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
)


def trip(value):
    return decode(json.loads(json.dumps(encode(value))))


@given(arrays)
def test_an_array_comes_back_with_its_dtype_shape_and_values(array):
    back = trip(array)
    assert back.dtype == array.dtype
    assert back.shape == array.shape
    assert np.array_equal(back, array, equal_nan=array.dtype.kind == "f")


@given(st.tuples(arrays, st.floats(allow_nan=False), st.integers(-(2**53), 2**53)))
def test_tuples_stay_tuples(value):
    back = trip(value)
    assert isinstance(back, tuple)
    assert back[1:] == value[1:]


def test_an_activation_travels_by_name():
    assert trip([sigmoid]) == [sigmoid]


def test_anything_else_comes_back_as_its_type_and_repr():
    back = trip({"a": 1})
    assert isinstance(back, Opaque)
    assert back.type_name == "dict"
    assert back.text == "{'a': 1}"


def test_sigmoid_does_not_overflow_on_large_negative_z():
    with np.errstate(over="raise", invalid="raise"):
        assert sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist() == [0.0, 0.5, 1.0]
