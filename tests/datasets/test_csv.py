from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.engine.datasets import DatasetError, load_csv


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_header_and_binary_labels(tmp_path):
    data = load_csv(write(tmp_path, "temp,time,good\n200,13,1\n280,12,0\n190,14.5,1\n"))
    assert data.feature_names == ("temp", "time")
    assert data.task == "binary"
    assert data.X.shape == (3, 2) and data.y.shape == (3, 1)
    np.testing.assert_array_equal(data.y[:, 0], [1, 0, 1])


def test_no_header_multiclass_and_named_label(tmp_path):
    data = load_csv(write(tmp_path, "0.5,2,1\n0.1,0,3\n0.2,1,0\n"))
    assert data.task == "multiclass" and data.y.tolist() == [1, 3, 0]
    assert data.feature_names == ("x0", "x1") and data.n_classes == 4
    named = load_csv(write(tmp_path, "y,a\n2,0.5\n0,0.1\n1,0.3\n"), label="y")
    assert named.task == "multiclass" and named.y.tolist() == [2, 0, 1]
    assert named.feature_names == ("a",)


def test_regression_labels(tmp_path):
    data = load_csv(write(tmp_path, "x,y\n1,0.5\n2,1.5\n"))
    assert data.task == "regression" and data.y.shape == (2, 1)


def test_ragged_row_names_the_line(tmp_path):
    path = write(tmp_path, "a,b,label\n1,2,0\n3,4\n")
    with pytest.raises(
        DatasetError, match=r"data.csv:3: this row has 2 values, but the header has 3"
    ):
        load_csv(path)


def test_non_number_names_line_and_column(tmp_path):
    path = write(tmp_path, "a,b,label\n1,2,0\n3,hot,1\n")
    with pytest.raises(
        DatasetError, match=r"data.csv:3: column 'b' holds 'hot', which is not a number"
    ):
        load_csv(path)


def test_missing_label_column_lists_the_columns(tmp_path):
    path = write(tmp_path, "a,b,c\n1,2,0\n")
    with pytest.raises(
        DatasetError, match=r"no label column named 'label'; the columns are: a, b, c"
    ):
        load_csv(path, label="label")


def test_empty_and_header_only_and_unreadable(tmp_path):
    with pytest.raises(DatasetError, match="the file is empty"):
        load_csv(write(tmp_path, "\n\n"))
    with pytest.raises(DatasetError, match="there is a header but no data rows"):
        load_csv(write(tmp_path, "a,b\n"))
    with pytest.raises(DatasetError, match="cannot be read as a text file"):
        load_csv(tmp_path / "missing.csv")
    with pytest.raises(DatasetError, match="need at least two columns"):
        load_csv(write(tmp_path, "1\n2\n"))


def test_non_finite_values_are_refused(tmp_path):
    with pytest.raises(DatasetError, match=r"data.csv:2: the row holds inf or nan"):
        load_csv(write(tmp_path, "a,label\ninf,1\n"))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('0123456789,.-e\n ab"')), max_size=200))
def test_arbitrary_text_gives_data_or_a_clear_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("csv") / "x.csv"
    path.write_text(text)
    try:
        data = load_csv(path)
    except DatasetError as error:
        assert str(error).startswith(str(path))
    else:
        assert len(data.X) == len(data.y) > 0
