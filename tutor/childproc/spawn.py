"""The app's side: start a child Python process for learner code, and end it with everything it
started.

One place for what the lesson kernel and the exercise runner share: the scrubbed environment, the
scratch folder, the limits and confinement the child applies to itself (`tutor.childproc.inside`),
the process group killed as a whole, and the words that say how a child ended.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import shutil
import signal
import site
import subprocess
import sys
import sysconfig
import tempfile
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tutor.childproc import landlock
from tutor.childproc.streams import widen_pipe
from tutor.paths import ASSETS_DIR, LESSONS_DIR, PACKAGE_ROOT

# -I ignores PYTHON* variables and the user's site; the package's parent goes on sys.path
# explicitly so the child runs from a clone as well as from an install. The limits and the
# confinement are in place before the module that will run learner code is even imported.
BOOT = (
    "import sys, json; sys.path.insert(0, sys.argv[1]); "
    "from tutor.childproc.inside import enter; enter(json.loads(sys.argv[2])); "
    "import importlib; importlib.import_module(sys.argv[3]).main(sys.argv[4:])"
)
PACKAGE_PARENT = str(PACKAGE_ROOT.parent)
QUIET_THREADS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
TEMP_ROOT = Path(tempfile.gettempdir()) / f"tutor-{os.getuid()}"

# PR_SET_PDEATHSIG fires when the *thread* that started the child ends, so children are started
# from this one long-lived thread, never from a worker thread that ends after its task.
_spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tutor-spawner")
_swept = threading.Event()


@dataclass(frozen=True)
class Limits:
    """What one child may use: bytes of address space, bytes per file written, CPU seconds
    (None: none at start; a kernel sets them per cell with `inside.allow_cpu`)."""

    memory_bytes: int
    file_bytes: int
    cpu_seconds: int | None = None


@functools.cache
def landlock_abi() -> int:
    """The Landlock ABI children are confined with, 0 where there is none."""
    return landlock.abi_version()


def confinement_status() -> str:
    """One line saying how learner code is confined on this system, for the UI and the CLI."""
    abi = landlock_abi()
    if abi >= 4:
        return (
            f"Learner code is confined (Landlock ABI {abi}): it writes only its scratch folder "
            "and opens no TCP connection."
        )
    if abi:
        return (
            f"Learner code is confined (Landlock ABI {abi}): it writes only its scratch folder; "
            "this Linux kernel is too old to block its network access."
        )
    return (
        "This system cannot confine learner code (no Landlock): it runs with time and memory "
        "limits only, and can reach the same files and network as tutor itself."
    )


def environment(scratch: Path) -> dict[str, str]:
    """The child's whole environment: nothing of the app's (no TUTOR_DATA_DIR, no real HOME)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(scratch),
        "TMPDIR": str(scratch),
        "LANG": "C.UTF-8",
        **QUIET_THREADS,
    }


def readable_paths() -> list[str]:
    """What a child may read and execute: the Python installation, tutor's code, the lessons and
    their assets, the system's libraries and configuration."""
    paths = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sys.base_exec_prefix,
        os.path.dirname(os.path.realpath(sys.executable)),
        *sysconfig.get_paths().values(),
        *site.getsitepackages(),
        str(PACKAGE_ROOT),
        str(LESSONS_DIR),
        str(ASSETS_DIR),
        "/usr",
        "/lib",
        "/lib64",
        "/lib32",
        "/etc",
        "/dev/urandom",
        "/proc/self",
        "/sys/devices/system/cpu",
    }
    return sorted(paths)


class Child:
    """A running child: `python -I` running `module.main(argv)` in its own scratch folder and
    process group, with stdin, stdout and stderr piped. `end()` (or dropping the object) kills the
    group and every process still holding the scratch folder as HOME, and removes the folder."""

    def __init__(
        self, kind: str, module: str, argv: list[str], limits: Limits, pass_fds: tuple = ()
    ) -> None:
        sweep_stale()
        self.scratch = _make_scratch(kind)
        spec = {
            "parent": os.getpid(),
            "memory_bytes": limits.memory_bytes,
            "file_bytes": limits.file_bytes,
            "cpu_seconds": limits.cpu_seconds,
            "confine": landlock_abi() > 0,
            "readable": readable_paths(),
            "writable": [str(self.scratch), os.devnull],
        }
        command = [sys.executable, "-I", "-c", BOOT, PACKAGE_PARENT, json.dumps(spec), module]
        try:
            self.process = _spawner.submit(
                subprocess.Popen,
                [*command, *argv],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=self.scratch,
                env=environment(self.scratch),
                pass_fds=pass_fds,
                start_new_session=True,  # its own group; a terminal's ctrl+c reaches only the app
            ).result()
        except BaseException:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise
        self._finalizer = weakref.finalize(self, _end, self.process, self.scratch)
        # The three pipes, typed: Popen says `IO[bytes] | None`, buffered pipes are these.
        stdin, stdout, stderr = self.process.stdin, self.process.stdout, self.process.stderr
        assert isinstance(stdin, io.BufferedWriter)
        assert isinstance(stdout, io.BufferedReader) and isinstance(stderr, io.BufferedReader)
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        for stream in (stdout, stderr):
            widen_pipe(stream.fileno())

    def end(self) -> None:
        """Kill the child and all it started, reap it, close its pipes, remove its folder."""
        self._finalizer()


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the child's process group (the child and what it forked), if it is still there."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def signal_name(number: int) -> str:
    """ "SIGKILL" for 9; "signal 99" for a number with no name here."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def describe_exit(code: int) -> str:
    """How a child ended, in words: "it was ended by signal SIGKILL", "it exited with code 1"."""
    if code < 0:
        name = signal_name(-code)
        return f"it was ended by {name if name.startswith('signal') else 'signal ' + name}"
    return f"it exited with code {code}"


def _end(process: subprocess.Popen, scratch: Path) -> None:
    kill_group(process)  # even after the child exited: what it forked may still run
    _kill_holders(scratch)
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    shutil.rmtree(scratch, ignore_errors=True)


def _make_scratch(kind: str) -> Path:
    TEMP_ROOT.mkdir(mode=0o700, exist_ok=True)
    owner = f"{os.getpid()}-{_started(os.getpid())}"
    return Path(tempfile.mkdtemp(prefix=f"{kind}-{owner}-", dir=TEMP_ROOT))


def sweep_stale() -> None:
    """Once per app: remove the scratch folders of apps that are gone (a kill -9 leaves them),
    and end any process of theirs still running."""
    if _swept.is_set() or not TEMP_ROOT.is_dir():
        return
    _swept.set()
    for folder in TEMP_ROOT.iterdir():
        parts = folder.name.split("-")
        if len(parts) < 4 or not parts[1].isdigit():
            continue
        pid, started = int(parts[1]), parts[2]
        if _started(pid) != started or not _alive(pid):
            _kill_holders(folder)
            shutil.rmtree(folder, ignore_errors=True)


def _started(pid: int) -> str:
    """When `pid` started, in clock ticks since boot (Linux): with the pid, it names one process
    even after the pid is reused. "0" elsewhere, or "gone" if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return "gone" if os.path.isdir("/proc/self") else "0"
    except OSError:
        return "0"
    return stat.rsplit(")", 1)[1].split()[19]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):  # a zombie is dead: it only waits to be reaped
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _kill_holders(scratch: Path) -> None:
    """SIGKILL every process of this user whose environment names `scratch` as HOME (Linux): the
    child's descendants, even those that left its process group with setsid()."""
    if not os.path.isdir("/proc/self"):
        return
    marker = f"HOME={scratch}".encode()
    me = os.getpid()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as file:
                if marker in file.read().split(b"\0"):
                    os.kill(int(entry.name), signal.SIGKILL)
        except OSError:
            continue
