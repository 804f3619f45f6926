"""Whether resuming a lesson draws the page's top before the saved step, as a terminal sees it.

Not a test (tests never time things): run by hand, `python tests/ui/measure_resume.py`.
Progress is saved at lesson 6's step 15 in an empty temporary data directory; tutor then starts
there in an 80×24 tmux session, and the pane is captured every few milliseconds until the saved
step has been on screen for a second. Each different screen is listed with its time and whether
it shows the lesson's first step or the saved one.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from measure_startup import POLL_SECONDS, tmux

from tutor.store import Store

LESSON, STEP = "fit", 14  # lesson 6, step 15 as the lesson bar counts
TOP_TEXT = "Step three of the workflow trains the model"  # lesson 6's first step
SAVED_TEXT = "asks fit to report a second number per epoch"  # its step 15
WATCH_SECONDS = 1.0


def main() -> None:
    session = f"tutor-resume-{os.getpid()}"
    with tempfile.TemporaryDirectory() as data:
        with Store.open(Path(data)) as store:
            store.progress.reach_step(LESSON, STEP)
        command = f"TUTOR_DATA_DIR={data} {sys.executable} -m tutor learn 6"
        start = time.perf_counter()
        tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
        try:
            seen, shown, saved_at = [], "", None
            while saved_at is None or time.perf_counter() - saved_at < WATCH_SECONDS:
                if time.perf_counter() - start > 30:
                    raise SystemExit("the saved step did not appear within 30 s")
                pane = tmux("capture-pane", "-t", session, "-p")
                if pane != shown and pane.strip():
                    shown = pane
                    seen.append((time.perf_counter() - start, TOP_TEXT in pane, SAVED_TEXT in pane))
                    if SAVED_TEXT in pane and saved_at is None:
                        saved_at = time.perf_counter()
                time.sleep(POLL_SECONDS)
        finally:
            tmux("kill-session", "-t", session)
    for at, top, saved in seen:
        what = "the saved step" if saved else "THE LESSON'S TOP" if top else "neither"
        print(f"{at:6.3f} s  {what}")
    flashed = any(top for _, top, _ in seen)
    print("the top was drawn before the saved step" if flashed else "opened at the saved step")


if __name__ == "__main__":
    main()
