from __future__ import annotations

import os
import tracemalloc

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


# --- files that are not what they claim, and big ones --------------------------------------------


def test_only_a_regular_file_is_read(tmp_path):
    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    with pytest.raises(DatasetError, match=r"x.csv: not a regular file; give the path of a .csv"):
        load_csv(fifo)
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")  # endless: read whole, a MemoryError
    with pytest.raises(DatasetError, match=r"zero.csv: not a regular file"):
        load_csv(zero)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with pytest.raises(DatasetError, match=r"folder.csv: a folder; give the path of a .csv file"):
        load_csv(folder)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = write(tmp_path, "a,label\n" + "1,0\n" * 1000)
    with pytest.raises(
        DatasetError,
        match=r"data.csv: the file is 3.9 kB and tutor reads CSV files of up to 1.0 kB; "
        "use a sample of its rows",
    ):
        load_csv(path, max_bytes=1024)


def test_text_that_is_not_utf8_or_binary_names_the_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("temp,label\n1,0\nchaud \xb0C,1\n".encode("latin-1"))
    with pytest.raises(DatasetError, match=r"latin.csv:3: this is not UTF-8 text \(a byte 0xb0\)"):
        load_csv(path)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"a,label\n1,0\n\x00\x01,1\n")
    with pytest.raises(DatasetError, match=r"binary.csv:3: column 'a' holds '\\x00\\x01', which"):
        load_csv(binary)


def test_a_bom_and_windows_line_ends_are_fine(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffa,label\r\n1,0\r\n2,1\r\n".encode())
    data = load_csv(path)
    assert data.feature_names == ("a",) and data.y[:, 0].tolist() == [0, 1]


def test_a_5_mb_file_is_parsed_within_three_times_its_size(tmp_path):
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(120_000, 4)).round(6)
    labels = rng.integers(0, 2, len(rows))
    path = tmp_path / "big.csv"
    with path.open("w") as file:
        file.write("a,b,c,d,label\n")
        for row, label in zip(rows, labels, strict=True):
            file.write(f"{row[0]},{row[1]},{row[2]},{row[3]},{label}\n")
    size = path.stat().st_size
    assert 4_000_000 < size < 6_000_000
    tracemalloc.start()
    try:
        data = load_csv(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data.X.shape == (120_000, 4)
    np.testing.assert_array_equal(data.y[:, 0], labels)
    assert peak < 3 * size, f"peak {peak / size:.1f} times the file"  # reading it whole: 14x
