"""Reading a child's pipes without letting the child decide how much memory the app uses.

Everything a child writes is read as it comes (so the child never blocks on a full pipe) but only
a bounded amount is kept: lines longer than `max_line` and anything past `max_total` are counted
and dropped. The counts become a note the learner sees.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from io import BufferedIOBase

CHUNK = 1 << 20
_F_SETPIPE_SZ = 1031  # Linux


def widen_pipe(fd: int) -> None:
    """Let the pipe hold CHUNK bytes (Linux; the default is 64 KB), so a flood is read, and
    dropped, in a few large reads instead of many small ones."""
    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(fd, _F_SETPIPE_SZ, CHUNK)


class CappedLines:
    """Split bytes into lines, keeping at most `max_line` bytes of a line being built and at most
    `max_total` bytes of lines in all (None: no total, for streams consumed as they are read).
    Past the total nothing more is kept, so what was kept is a complete start of the stream."""

    def __init__(self, max_line: int, max_total: int | None = None) -> None:
        self.max_line = max_line
        self.max_total = max_total
        self.kept = 0
        self.dropped = 0  # bytes thrown away, in long lines and past the total
        self._partial = bytearray()
        self.overlong = False  # in the middle of a line too long to keep
        self.full = False  # past max_total: everything from here on is dropped

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        """The complete lines (without their newline) that `chunk` finishes, within the caps."""
        if self.full:
            self.dropped += len(chunk)  # no need to look at lines any more
            return
        start = 0
        while start < len(chunk):
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            self._take(piece)
            if end < 0:
                return
            start = end + 1
            line, self._partial, overlong = bytes(self._partial), bytearray(), self.overlong
            self.overlong = False
            if overlong and self.max_total is None:
                continue  # a stream read as it comes goes on after a line it could not hold
            if overlong or (self.max_total is not None and self.kept + len(line) > self.max_total):
                self.full = True  # a later line kept after a dropped one would mislead
                self.dropped += len(line) + 1 + len(chunk) - start
                return
            self.kept += len(line) + 1
            yield line

    def close(self) -> Iterator[bytes]:
        """The last line if it had no newline."""
        if self._partial and not self.overlong:
            yield from self.feed(b"\n")
        self._partial = bytearray()

    def _take(self, piece: bytes) -> None:
        if self.overlong:
            self.dropped += len(piece)
            return
        room = self.max_line - len(self._partial)
        if len(piece) > room:
            self.dropped += len(self._partial) + len(piece)
            self._partial = bytearray()
            self.overlong = True
            return
        self._partial += piece


class CappedText:
    """The first `cap` bytes of a stream; the rest is counted, not kept."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.data = bytearray()
        self.dropped = 0

    def feed(self, chunk: bytes) -> None:
        room = self.cap - len(self.data)
        self.data += chunk[: max(room, 0)]
        self.dropped += max(len(chunk) - max(room, 0), 0)

    def text(self) -> str:
        text = self.data.decode(errors="replace")
        if self.dropped:
            text += f"\n[output truncated: {describe_size(self.dropped)} more were dropped]"
        return text


def read_chunks(stream: BufferedIOBase) -> Iterator[bytes]:
    """What a pipe delivers, as it comes, until end of file or until the app closes the stream
    (blocking: use a thread)."""
    with contextlib.suppress(ValueError, OSError):  # closed under us: the child was ended
        while chunk := stream.read1(CHUNK):
            yield chunk


def read_lines(stream: BufferedIOBase, lines: CappedLines) -> Iterator[bytes]:
    """Every line of `stream` until end of file, within the caps of `lines` (blocking)."""
    for chunk in read_chunks(stream):
        yield from lines.feed(chunk)
    yield from lines.close()


def describe_size(count: int) -> str:
    """A byte count as a learner reads it."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} bytes"
