"""A learner's own data from a CSV file: numeric feature columns and one label column."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from tutor.engine.datasets.base import Dataset, DatasetError, Task, binary_labels, class_labels

MAX_CLASSES = 100


def load_csv(path: str | Path, label: str | int = -1) -> Dataset:
    """Read `path`: a header row is used when the first row is not all numbers.

    `label` names the label column (by header name, or by index; -1 is the last column). The task
    follows from the labels: only 0 and 1 → binary; whole numbers 0..k-1 → multiclass;
    anything else → regression.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(f"{path}: cannot be read as a text file ({error})") from error
    rows = [(number, row) for number, row in enumerate(csv.reader(text.splitlines()), 1) if row]
    if not rows:
        raise DatasetError(f"{path}: the file is empty")

    first_number, first = rows[0]
    has_header = not all(_is_number(cell) for cell in first)
    header = (
        [cell.strip() for cell in first] if has_header else [f"x{i}" for i in range(len(first))]
    )
    body = rows[1:] if has_header else rows
    if len(header) < 2:
        raise DatasetError(
            f"{path}:{first_number}: need at least two columns, features and a label"
        )
    if not body:
        raise DatasetError(f"{path}: there is a header but no data rows")

    column = _label_index(path, header, label)
    values = np.empty((len(body), len(header)), dtype=np.float64)
    for i, (number, row) in enumerate(body):
        if len(row) != len(header):
            raise DatasetError(
                f"{path}:{number}: this row has {len(row)} values, "
                f"but the {'header' if has_header else 'first row'} has {len(header)}"
            )
        for j, cell in enumerate(row):
            try:
                values[i, j] = float(cell)
            except ValueError:
                raise DatasetError(
                    f"{path}:{number}: column '{header[j]}' holds {cell.strip()!r}, "
                    "which is not a number"
                ) from None
    if not np.isfinite(values).all():
        bad = int(np.argwhere(~np.isfinite(values))[0][0])
        raise DatasetError(f"{path}:{body[bad][0]}: the row holds inf or nan; use finite numbers")

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
        description=f"{path.name}: {len(body)} rows, label '{header[column]}'",
        class_names=classes,
    )


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
