"""A learner's own data from a CSV file: numeric feature columns and one label column."""

from __future__ import annotations

import csv
import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

import numpy as np

from tutor.engine.datasets.base import Dataset, DatasetError, Task, binary_labels, class_labels

MAX_CLASSES = 100
# Far more than a sandbox model trains on in reasonable time; parsed, it costs about as much again.
MAX_BYTES = 100 * 2**20
# Rows are parsed into float64 blocks of this many rows, so no more rows than that are held as
# Python objects: the peak is about the finished array twice, not the text plus a list of floats.
BLOCK_ROWS = 4096


def load_csv(path: str | Path, label: str | int = -1, max_bytes: int = MAX_BYTES) -> Dataset:
    """Read `path`: a header row is used when the first row is not all numbers.

    `label` names the label column (by header name, or by index; -1 is the last column). The task
    follows from the labels: only 0 and 1 → binary; whole numbers 0..k-1 → multiclass;
    anything else → regression. Only a regular file of at most `max_bytes` is read (a FIFO
    would block for ever, /dev/zero never ends), and it is parsed as it streams in.
    """
    path = Path(path)
    with open(_open_regular(path, max_bytes), "rb") as file:
        rows = _numbered_rows(csv.reader(_text_lines(file, path, max_bytes)), path)
        first_number, first = next(rows, (0, []))
        if not first:
            raise DatasetError(f"{path}: the file is empty")
        has_header = not all(_is_number(cell) for cell in first)
        header = (
            [cell.strip() for cell in first] if has_header else [f"x{i}" for i in range(len(first))]
        )
        if len(header) < 2:
            raise DatasetError(
                f"{path}:{first_number}: need at least two columns, features and a label"
            )
        column = _label_index(path, header, label)
        if not has_header:
            rows = itertools.chain([(first_number, first)], rows)
        values = _parse(path, header, has_header, rows)
    if not len(values):
        raise DatasetError(f"{path}: there is a header but no data rows")

    features = [j for j in range(len(header)) if j != column]
    X = values[:, features].astype(np.float32)
    task, y = _labels(values[:, column])
    classes = tuple(str(c) for c in range(int(y.max()) + 1)) if task != "regression" else ()
    return Dataset(
        name=path.stem,
        X=X,
        y=y,
        task=task,
        feature_names=tuple(header[j] for j in features),
        description=f"{path.name}: {len(values)} rows, label '{header[column]}'",
        class_names=classes,
    )


def _open_regular(path: Path, max_bytes: int) -> int:
    """A descriptor of the file, once it is known to be a regular file no larger than allowed.

    It is opened without blocking and checked through the descriptor, so a FIFO cannot hang the
    open and a file swapped for something else after a check is still caught.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise DatasetError(f"{path}: cannot be read as a text file ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise DatasetError(f"{path}: {what}; give the path of a .csv file")
        if info.st_size > max_bytes:
            raise DatasetError(
                f"{path}: the file is {_size(info.st_size)} and tutor reads CSV files "
                f"of up to {_size(max_bytes)}; use a sample of its rows"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count / 2**10:.1f} kB"


def _text_lines(file: BinaryIO, path: Path, max_bytes: int) -> Iterator[str]:
    """The file's lines as text, each decoded on its own so that bytes that are not UTF-8 are
    named with their line; a file that grows past the limit while read is refused."""
    read = 0
    for number, line in enumerate(file, 1):
        read += len(line)
        if read > max_bytes:
            raise DatasetError(f"{path}: the file grew past {_size(max_bytes)} while read")
        try:
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise DatasetError(
                f"{path}:{number}: this is not UTF-8 text (a byte 0x{line[error.start]:02x}); "
                "save the file as UTF-8 CSV"
            ) from None


class _RowReader(Protocol):
    """What `_numbered_rows` needs of a `csv.reader`: its rows, and the line the last one ended on
    (a quoted cell can span lines, so a row's number is not its position)."""

    line_num: int

    def __next__(self) -> list[str]: ...


def _numbered_rows(reader: _RowReader, path: Path) -> Iterator[tuple[int, list[str]]]:
    """The non-empty rows with the line each ends on; a malformed file is named, with its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise DatasetError(f"{path}:{reader.line_num}: {error}") from None
        if row:
            yield reader.line_num, row


def _parse(
    path: Path, header: list[str], has_header: bool, rows: Iterator[tuple[int, list[str]]]
) -> np.ndarray:
    """The data rows as one float64 array, converted a block of rows at a time as they stream
    in: only one block is ever held as Python floats."""
    width = len(header)
    blocks: list[np.ndarray] = []
    block: list[list[float]] = []
    numbers: list[int] = []
    for number, row in rows:
        if len(row) != width:
            raise DatasetError(
                f"{path}:{number}: this row has {len(row)} values, "
                f"but the {'header' if has_header else 'first row'} has {width}"
            )
        try:
            block.append([float(cell) for cell in row])
        except ValueError:
            j, cell = next((j, cell) for j, cell in enumerate(row) if not _is_number(cell))
            raise DatasetError(
                f"{path}:{number}: column '{header[j]}' holds {cell.strip()[:40]!r}, "
                "which is not a number"
            ) from None
        numbers.append(number)
        if len(block) == BLOCK_ROWS:
            blocks.append(_finite_block(path, block, numbers, width))
            block, numbers = [], []
    blocks.append(_finite_block(path, block, numbers, width))
    return np.concatenate(blocks) if len(blocks) > 1 else blocks[0]


def _finite_block(
    path: Path, block: list[list[float]], numbers: list[int], width: int
) -> np.ndarray:
    values = np.array(block, dtype=np.float64).reshape(len(block), width)
    finite = np.isfinite(values).all(axis=1)
    if not finite.all():
        line = numbers[int(np.argmin(finite))]
        raise DatasetError(f"{path}:{line}: the row holds inf or nan; use finite numbers")
    return values


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _label_index(path: Path, header: list[str], label: str | int) -> int:
    if isinstance(label, int):
        if not -len(header) <= label < len(header):
            raise DatasetError(f"{path}: there is no column {label}; the file has {len(header)}")
        return label % len(header)
    if label not in header:
        raise DatasetError(
            f"{path}: no label column named '{label}'; the columns are: {', '.join(header)}"
        )
    return header.index(label)


def _labels(raw: np.ndarray) -> tuple[Task, np.ndarray]:
    whole = np.all(raw == np.round(raw)) and raw.min() >= 0
    if whole and set(np.unique(raw)) <= {0.0, 1.0}:
        return "binary", binary_labels(raw)
    if whole and raw.max() < MAX_CLASSES:
        return "multiclass", class_labels(raw)
    return "regression", raw.astype(np.float32).reshape(-1, 1)
