"""The child's side: what a learner-code process does to itself before any learner code runs.

`enter(spec)` is called first thing by the boot line `tutor.childproc.spawn` gives Python: it ties
the child's life to the app's (PR_SET_PDEATHSIG), sets the resource limits and, where Landlock
exists, confines the file system and network. Imports that come later (NumPy, the engine) still
work: the Python installation and the project's code stay readable.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import resource
import signal
import sys
from typing import Any

from tutor.childproc import landlock

_PR_SET_PDEATHSIG = 1


def enter(spec: dict[str, Any]) -> None:
    """Apply `spec` (built by `tutor.childproc.spawn.Limits.spec`) to this process, for good."""
    _die_with(int(spec["parent"]))
    set_limits(spec["memory_bytes"], spec["file_bytes"], spec.get("cpu_seconds"))
    if spec["confine"]:
        landlock.restrict(spec["readable"], spec["writable"])


def _die_with(parent: int) -> None:
    """SIGKILL this process when the app dies, however it dies (Linux); if the app is already gone,
    end now. Grandchildren do not inherit this: the app kills the whole group instead."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def set_limits(memory_bytes: int, file_bytes: int, cpu_seconds: int | None) -> None:
    """Address space, file size, no core dumps, and CPU time if given. No RLIMIT_NPROC: it counts
    every process of the user, the app's included, so it would break the app, not the child. A
    limit the platform refuses (macOS and RLIMIT_AS) is left unset; the parent's timeout holds."""
    limits = {
        resource.RLIMIT_AS: memory_bytes,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_FSIZE: file_bytes,
    }
    if cpu_seconds is not None:
        limits[resource.RLIMIT_CPU] = cpu_seconds
    for kind, value in limits.items():
        hard = value + 1 if kind == resource.RLIMIT_CPU else value  # SIGXCPU before SIGKILL
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, hard))


def allow_cpu(seconds: float) -> None:
    """A CPU-time backstop for the next `seconds` of work (a kernel calls this per cell): the soft
    limit moves to what is used so far plus `seconds`; SIGXCPU ends the child past it."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    limit = math.ceil(used.ru_utime + used.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or limit <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))
