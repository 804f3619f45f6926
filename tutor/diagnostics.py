"""A problem found in content, reported as `file:line: message` by `python -m tutor check`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# tomllib ends its messages with where it stopped; Python 3.11's error has no `lineno` attribute.
_TOML_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def line_of(text: str, needle: str, occurrence: int = 0) -> int:
    """1-based line of the `occurrence`-th appearance of `needle` in `text` (1 if absent)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            return 1
    return text.count("\n", 0, start) + 1


def key_line(lines: Sequence[str], key: str) -> int | None:
    """1-based line in `lines` where `key = ...` is set, so a bad value is reported where it is."""
    pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), None)


def toml_error_line(error: tomllib.TOMLDecodeError) -> int | None:
    """The line of the parsed text where tomllib gave up; None when it ran off the end."""
    found = _TOML_AT_LINE.search(str(error))
    return int(found[1]) if found else None


class UnreadableText(ValueError):
    """A file that cannot be read as UTF-8 text, said in one line: `path:line: why`."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.problem = Problem(path, line, reason)


def read_text(path: Path) -> str:
    """The file as UTF-8 text, or UnreadableText naming the line of the first byte that is not
    UTF-8 (a file saved in another encoding, or binary), or saying it is a folder or a device.

    Course files and learner files go through here so that a bad one is a message, never a
    traceback; a FIFO or /dev/zero is refused before reading, since reading would never end.
    """
    path = Path(path)
    if path.is_dir():
        raise UnreadableText(path, 1, "this is a folder, not a file")
    if path.exists() and not path.is_file():
        raise UnreadableText(path, 1, "this is not a regular file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableText(path, 1, f"cannot be read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableText(
            path,
            line,
            f"this is not UTF-8 text (a byte 0x{data[error.start]:02x}): save it as UTF-8",
        ) from None
