"""Learner code in its box: the exercise child and the lesson kernel cannot reach the learner's
progress, other files, the network or the app, leave nothing running, and cannot flood the app's
memory. Each fault is tried against both kinds of child where both can meet it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.waiting import wait_until
from tutor.childproc import spawn
from tutor.childproc.streams import CappedLines, CappedText
from tutor.exercises.runner import REPORT_CAP, check_source, run_child, safety_note
from tutor.lessons.kernel import Kernel

LINUX = sys.platform.startswith("linux")
CONFINED = spawn.landlock_abi() > 0
NETWORK_CONFINED = spawn.landlock_abi() >= 4
needs_linux = pytest.mark.skipif(not LINUX, reason="uses /proc and PR_SET_PDEATHSIG (Linux only)")
needs_landlock = pytest.mark.skipif(not CONFINED, reason="this kernel has no Landlock")
needs_landlock_net = pytest.mark.skipif(
    not NETWORK_CONFINED, reason="Landlock TCP rules need ABI 4 (Linux 6.7)"
)


def check(body: str, timeout: float = 10.0):
    """Check the dense exercise with `body` run inside the learner's function first."""
    source = "import os\n\ndef dense(a_in, W, b, g):\n" + textwrap.indent(
        textwrap.dedent(body).strip("\n") + "\n", "    "
    )
    source += "    return g(a_in @ W + b)\n"
    return check_source("dense", source, timeout=timeout)


@pytest.fixture
def kernel():
    with Kernel() as running:
        yield running


def gone(pid: int) -> bool:
    """The process has ended: no such process, or a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


# -- the progress file, other files, the home directory -------------------------------------------


@pytest.fixture
def progress(data_dir):
    """A stand-in for the learner's progress database, in the data directory the app uses."""
    path = data_dir / "progress.sqlite3"
    path.write_bytes(b"SQLite format 3\x00 the learner's progress")
    return path


def test_the_environment_is_scrubbed(kernel, data_dir):
    assert os.environ["TUTOR_DATA_DIR"] == str(data_dir)  # the app has it ...
    shown = kernel.run("import os\nsorted(os.environ)").displays[0].text
    assert "TUTOR_DATA_DIR" not in shown  # ... the kernel does not
    home = kernel.run("os.environ['HOME'] == os.getcwd() == os.environ['TMPDIR']")
    assert home.displays[0].text == "True"
    verdict = check("print(os.environ.get('TUTOR_DATA_DIR'), os.environ['HOME'] == os.getcwd())")
    assert verdict.passed
    assert verdict.output.splitlines()[0] == "None True"


@needs_landlock
def test_an_exercise_cannot_overwrite_the_progress_file(progress):
    before = progress.read_bytes()
    verdict = check(f"open({str(progress)!r}, 'w').write('lost')")
    assert verdict.status == "error"
    assert "PermissionError" in verdict.message and "line 4" in verdict.message
    assert progress.read_bytes() == before


@needs_landlock
def test_a_lesson_cell_cannot_overwrite_the_progress_file(kernel, progress):
    before = progress.read_bytes()
    for code in (
        f"open({str(progress)!r}, 'w').write('lost')",
        f"import os\nos.remove({str(progress)!r})",
        f"import os\nos.rename({str(progress)!r}, 'mine')",
    ):
        error = kernel.run(code).error
        assert error.ename == "PermissionError", code
        assert "Permission denied" in error.message
    assert progress.read_bytes() == before


@needs_landlock
def test_code_writes_its_scratch_folder_and_nothing_else(kernel, tmp_path):
    outside = tmp_path / "outside.txt"
    assert kernel.run("open('mine.txt', 'w').write('ok')\nopen('mine.txt').read()").ok
    error = kernel.run(f"open({str(outside)!r}, 'w')").error
    assert error.ename == "PermissionError"
    for folder in ("lessons", "assets", "tutor"):  # readable, not writable
        target = spawn.PACKAGE_PARENT + f"/{folder}/x.txt"
        assert kernel.run(f"open({target!r}, 'w')").error.ename == "PermissionError"
    verdict = check(f"open('mine.txt', 'w').write('ok')\nopen({str(outside)!r}, 'w')")
    assert verdict.status == "error" and "PermissionError" in verdict.message
    assert not outside.exists()


@needs_landlock
def test_code_cannot_read_the_learners_home(kernel, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "secret.txt").write_text("the learner's own file")
    monkeypatch.setenv("HOME", str(home))
    with Kernel() as fresh:  # started with the app's HOME pointing at the secret
        assert fresh.run("import os\nos.environ['HOME']").displays[0].text != repr(str(home))
        error = fresh.run(f"open({str(home / 'secret.txt')!r}).read()").error
        assert error.ename == "PermissionError"
        error = fresh.run(f"os.listdir({str(home)!r})").error
        assert error.ename == "PermissionError"
    verdict = check(f"open({str(home / 'secret.txt')!r}).read()")
    assert verdict.status == "error" and "PermissionError" in verdict.message


@needs_landlock
def test_cells_still_read_the_lessons_assets_and_use_numpy(kernel):
    assets = sorted(p for p in Path(spawn.PACKAGE_PARENT, "assets").rglob("*") if p.is_file())
    assert assets, "the project ships assets"
    code = f"import numpy as np\nlen(open({str(assets[0])!r}, 'rb').read()) > 0"
    assert kernel.run(code).displays[0].text == "True"
    fit = (
        "from tutor.engine import Sequential, Input, Dense, set_random_seed\n"
        "set_random_seed(0)\nm = Sequential([Input((2,)), Dense(1, activation='sigmoid')])\n"
        "m.compile(loss='binary_crossentropy', optimizer='sgd')\n"
        "h = m.fit(np.zeros((8, 2)), np.zeros(8), epochs=2)\nlen(h.history['loss'])"
    )
    result = kernel.run(fit)
    assert result.ok and result.displays[0].text == "2"
    assert [e.kind for e in result.events].count("epoch") == 2


# -- the network ----------------------------------------------------------------------------------


@pytest.fixture
def listener():
    """A TCP server on 127.0.0.1 that records whether anything connected."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.5)
    yield server
    server.close()


def nobody_connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except TimeoutError:
        return True
    connection.close()
    return False


@needs_landlock_net
def test_code_cannot_connect_to_localhost(kernel, listener):
    port = listener.getsockname()[1]
    connect = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)"
    error = kernel.run(connect).error
    assert error.ename == "PermissionError", error
    verdict = check(f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)")
    assert verdict.status == "error" and "PermissionError" in verdict.message
    bind = kernel.run("import socket\nsocket.create_server(('127.0.0.1', 0))").error
    assert bind.ename == "PermissionError"
    assert nobody_connected(listener)


@needs_landlock
def test_code_cannot_signal_the_app(kernel):
    if spawn.landlock_abi() < 6:
        pytest.skip("Landlock signal scoping needs ABI 6 (Linux 6.12)")
    error = kernel.run(f"import os, signal\nos.kill({os.getpid()}, signal.SIGTERM)").error
    assert error.ename == "PermissionError"
    error = kernel.run("os.kill(os.getppid(), signal.SIGTERM)").error
    assert error.ename == "PermissionError"


# -- processes it starts end with it --------------------------------------------------------------

FORK = """
import os, time
pid = os.fork()
if pid == 0:
    {escape}
    time.sleep(60)
    os._exit(0)
print("child", pid)
"""


@needs_linux
@pytest.mark.parametrize("escape", ["pass", "os.setsid()"], ids=["in-group", "own-session"])
def test_a_process_forked_by_an_exercise_ends_with_the_check(escape):
    verdict = check(FORK.format(escape=escape))
    assert verdict.passed, verdict.message
    pids = [int(line.split()[1]) for line in verdict.output.splitlines()]
    assert len(pids) == verdict.cases_total  # one per call of the function
    for pid in pids:
        wait_until(lambda pid=pid: gone(pid))  # the kill was sent; the kernel delivers it


@needs_linux
@pytest.mark.parametrize("escape", ["pass", "os.setsid()"], ids=["in-group", "own-session"])
def test_a_process_forked_by_a_cell_ends_with_the_kernel(escape):
    kernel = Kernel()
    result = kernel.run(FORK.format(escape=escape))
    pid = int(result.stdout.split()[1])
    assert kernel.run("1").ok  # a request later, the kernel lives on, and so does what it started
    assert not gone(pid)
    kernel.stop()
    wait_until(lambda: gone(pid))  # ... until it stops


APP = """
import sys, threading, time
from tutor.lessons.kernel import Kernel
kernel = Kernel()
worker = threading.Thread(target=kernel.start)  # as the UI does: from a worker that ends
worker.start()
worker.join()
time.sleep(0.3)
result = kernel.run("import os, time\\npid = os.fork()\\nif pid == 0:\\n    time.sleep(60)\\n"
                    "    os._exit(0)\\nprint(pid, os.getcwd())")
print(kernel.alive, kernel._child.process.pid, result.stdout.strip(), flush=True)
time.sleep(60)
"""


@needs_linux
def test_the_kernel_dies_with_a_killed_app_and_its_folder_is_swept(tmp_path):
    app = subprocess.Popen(
        [sys.executable, "-c", APP], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        alive, kernel, forked, scratch = app.stdout.readline().split()
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait()
    assert alive == "True"  # the worker that started it ended, the kernel did not
    wait_until(lambda: gone(int(kernel)))  # the kernel does not outlive its app: PR_SET_PDEATHSIG
    assert not gone(int(forked)) and Path(scratch).is_dir()  # left behind by the kill -9 ...
    spawn._swept.clear()
    spawn.sweep_stale()  # ... until the next start
    wait_until(lambda: gone(int(forked)))
    assert not Path(scratch).exists()


def test_a_child_ends_if_its_app_is_already_gone():
    """The app may die between starting the child and the child's PR_SET_PDEATHSIG."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from tutor.childproc.inside import enter; "
        "enter({'parent': 1, 'memory_bytes': 1 << 30, 'file_bytes': 1 << 20, 'confine': False});"
        "print('ran')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, spawn.PACKAGE_PARENT], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (1, "")


# -- the app's memory -----------------------------------------------------------------------------


def peak_growth(action) -> int:
    """Bytes by which this process's peak resident memory rose while `action` ran."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before = _status("VmRSS")
    action()
    return _status("VmHWM") - before


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


LIMIT = 100 << 20

# 1.5 GB in lines of 1 MB to every descriptor the child can write, its report pipe among them.
FLOOD_REPORTS = """
import os
block = b'x' * (1 << 20) + b'\\n'
for fd in range(3, 1024):
    try:
        for _ in range(1536):
            os.write(fd, block)
    except OSError:
        pass
"""


@needs_linux
def test_a_flood_on_the_report_pipe_keeps_the_app_small():
    runs = []
    request = {"source": FLOOD_REPORTS, "filename": "dense.py", "function": "dense"}
    growth = peak_growth(
        lambda: runs.append(run_child({**request, "cases": [], "then": []}, timeout=20))
    )
    assert growth < LIMIT
    run = runs[0]
    assert run.reports_dropped >= (3 << 29) - REPORT_CAP  # 1.5 GB written, REPORT_CAP kept
    assert not run.timed_out and run.seconds < 20
    verdict = check_source("dense", FLOOD_REPORTS, timeout=20)
    assert verdict.status == "crashed" and "dropped unread" in verdict.message


@needs_linux
def test_a_gigabyte_without_a_newline_on_stderr_keeps_the_app_small(kernel):
    flood = "import os\nblock = b'y' * (1 << 20)\nfor _ in range(1024):\n    os.write(2, block)\n"
    runs = []
    verdict_growth = peak_growth(lambda: runs.append(check_source("dense", flood, timeout=20)))
    assert verdict_growth < LIMIT
    assert "truncated" in runs[0].output and len(runs[0].output) < 10_000
    cell = flood + "print('after')"
    kernel_growth = peak_growth(lambda: runs.append(kernel.run(cell, timeout=20)))
    assert kernel_growth < LIMIT and runs[1].ok
    assert len("".join(kernel._child.stderr_tail)) < 50_000


@needs_linux
def test_an_oversized_event_line_is_dropped_with_a_note(kernel):
    # The kernel's protocol channel is a copy of its stdout; a cell that finds it and floods it
    # loses the flood, not the cell's other events.
    cell = (
        "import os\nfds = [fd for fd in range(3, 12) if os.path.exists(f'/proc/self/fd/{fd}')]\n"
        "for fd in fds:\n    try:\n        os.write(fd, b'z' * (64 << 20) + b'\\n')\n"
        "    except OSError:\n        pass\nprint('still here')"
    )
    results = []
    growth = peak_growth(lambda: results.append(kernel.run(cell, timeout=20)))
    assert growth < LIMIT
    assert "still here" in results[0].stdout and "dropped" in results[0].stdout


# -- the pieces -----------------------------------------------------------------------------------


def test_capped_lines_drop_a_line_too_long_and_go_on():
    lines = CappedLines(max_line=5)
    kept = [*lines.feed(b"ab\ncd"), *lines.feed(b"e\ntoo long line\nfg\n"), *lines.feed(b"hi")]
    assert [*kept, *lines.close()] == [b"ab", b"cde", b"fg", b"hi"]
    assert lines.dropped == len(b"too long line")
    assert [*CappedLines(4).feed(b"abcd")] == [] and [*CappedLines(4).close()] == []


def test_capped_lines_keep_nothing_after_the_total_is_reached():
    lines = CappedLines(max_line=5, max_total=8)
    kept = [*lines.feed(b"ab\ncd\nefg\nh"), *lines.feed(b"\ni\n")]
    assert [*kept, *lines.close()] == [b"ab", b"cd"]  # "i" would fit, but comes after a drop
    assert lines.dropped == len(b"efg\nh\ni\n")
    too_long = CappedLines(max_line=3, max_total=100)
    assert [*too_long.feed(b"abcdef\nok\n")] == [] and too_long.full


def test_capped_text_keeps_the_start_and_says_how_much_went():
    text = CappedText(4)
    text.feed(b"abc")
    text.feed(b"defgh")
    assert text.text() == "abcd\n[output truncated: 4 bytes more were dropped]"


def test_the_note_says_so_where_code_cannot_be_confined(monkeypatch):
    assert "not from deliberately malicious code" in safety_note()
    if CONFINED:
        assert "Landlock" in spawn.confinement_status()
        assert "cannot confine" not in safety_note()
    monkeypatch.setattr(spawn, "landlock_abi", lambda: 0)
    monkeypatch.setattr("tutor.exercises.runner.landlock_abi", lambda: 0)
    assert "cannot confine learner code" in spawn.confinement_status()
    assert safety_note().endswith(spawn.confinement_status())


def test_without_landlock_children_run_with_todays_limits(monkeypatch, tmp_path):
    monkeypatch.setattr(spawn, "landlock_abi", lambda: 0)
    outside = tmp_path / "allowed-here.txt"
    with Kernel() as plain:
        assert plain.run(f"open({str(outside)!r}, 'w').write('x')").ok
        assert plain.run("bytearray(3 << 30)").error.ename == "MemoryError"
    assert outside.exists()
