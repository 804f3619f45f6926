"""Landlock through ctypes: restrict this process (and all it starts) to a few folders, no TCP.

No maintained binding on PyPI fits: `landlock` 1.0.0.dev5 is a pre-release without network rules,
the others are whole sandboxes. The three syscalls and their structs are small and stable
(include/uapi/linux/landlock.h), so they are written out here. Linux 5.13+ only; `abi_version()`
is 0 wherever they are missing (another OS, another architecture, Landlock disabled).
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from collections.abc import Iterable

# The syscall numbers are the same on every architecture that has them (asm-generic numbering).
_SYSCALLS = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

# Filesystem rights, by the ABI that introduced them.
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_BY_ABI = {1: (1 << 13) - 1, 2: 1 << 13, 3: 1 << 14, 5: 1 << 15}  # REFER, TRUNCATE, IOCTL_DEV
_FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | (1 << 14) | (1 << 15)  # all a file rule may hold
_TCP = (1 << 0) | (1 << 1)  # BIND_TCP, CONNECT_TCP (ABI 4)
_SCOPES = (1 << 0) | (1 << 1)  # ABSTRACT_UNIX_SOCKET, SIGNAL (ABI 6)
READ = EXECUTE | READ_FILE | READ_DIR


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class LandlockError(OSError):
    """Landlock was there but refused the ruleset; the child must not run unconfined by accident."""


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux") or platform.machine() not in _SYSCALLS:
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def abi_version() -> int:
    """The Landlock ABI this kernel offers, or 0 where there is none."""
    libc = _libc()
    if libc is None:
        return 0
    create = _SYSCALLS[platform.machine()][0]
    version = libc.syscall(
        create, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION)
    )
    return max(int(version), 0)


def restrict(readable: Iterable[str], writable: Iterable[str]) -> int:
    """Confine this process for good: read and execute under `readable`, everything under
    `writable`, nothing elsewhere; no TCP bind or connect (ABI 4+); no signals to, nor abstract
    sockets of, processes outside (ABI 6+). Paths that do not exist are skipped. Returns the ABI
    used, 0 if Landlock is missing (nothing was done); raises LandlockError if it refused."""
    abi, libc = abi_version(), _libc()
    if abi == 0 or libc is None:
        return 0
    create, add_rule, restrict_self = _SYSCALLS[platform.machine()]
    handled = 0
    for version, rights in _FS_BY_ABI.items():
        if abi >= version:
            handled |= rights
    attr = _RulesetAttr(handled, _TCP if abi >= 4 else 0, _SCOPES if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = libc.syscall(create, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise LandlockError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for paths, rights in ((readable, READ), (writable, handled)):
            for path in paths:
                _allow(libc, add_rule, int(ruleset), path, rights & handled)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise LandlockError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if libc.syscall(restrict_self, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise LandlockError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return abi


def _allow(libc: ctypes.CDLL, add_rule: int, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # not on this system
    try:
        if not os.path.isdir(path):
            rights &= _FILE_RIGHTS
        rule = _PathBeneathAttr(rights, fd)
        number = ctypes.c_int(_RULE_PATH_BENEATH)
        if libc.syscall(add_rule, ctypes.c_int(ruleset), number, ctypes.byref(rule), 0) != 0:
            raise LandlockError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)
