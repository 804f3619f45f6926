"""How long `python -m tutor` takes to draw its first screen, as a terminal sees it.

Not a test (tests never time things): run by hand, `python tests/ui/measure_startup.py [RUNS]`.
Each run starts tutor in a fresh 80×24 tmux session with an empty temporary data directory and
polls the pane until the home screen's first line of lessons is on it; the time counts from just
before tmux is asked to start the process, so it includes tmux's own start-up.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

FIRST_SCREEN_TEXT = "Start: lesson 1"
POLL_SECONDS = 0.005


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def one_run(index: int) -> float:
    session = f"tutor-startup-{os.getpid()}-{index}"
    with tempfile.TemporaryDirectory() as data:
        command = f"TUTOR_DATA_DIR={data} {sys.executable} -m tutor"
        start = time.perf_counter()
        tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
        try:
            while FIRST_SCREEN_TEXT not in tmux("capture-pane", "-t", session, "-p"):
                if time.perf_counter() - start > 30:
                    raise SystemExit("the first screen did not appear within 30 s")
                time.sleep(POLL_SECONDS)
            return time.perf_counter() - start
        finally:
            tmux("kill-session", "-t", session)


def main(runs: int) -> None:
    one_run(-1)  # warm the file cache, as a learner's second start would be
    times = [one_run(i) for i in range(runs)]
    print(
        f"first screen after {statistics.median(times):.3f} s median, "
        f"{min(times):.3f} s best, {max(times):.3f} s worst ({runs} runs, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
