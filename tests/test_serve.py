"""`python -m tutor serve`, driven from a real browser: Debian's Chromium, headless, by Playwright.

Playwright is pointed at the system Chromium (`executable_path`); nothing downloads a browser.
The screen is read from xterm.js's own buffer: textual-serve keeps its terminal in a closure, so
a script that runs before the page's catches the session object as it is built (see `HOOK`).
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.waiting import wait_until
from tutor.serve.server import is_loopback

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "docs" / "browser.png"
CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
START_SECONDS = 20
WAIT_MS = 20_000
SETTLE_MS = 300  # the screen unchanged this long counts as settled

# textual.js builds `new w(element)`, whose constructor first sets `this.websocket_url`, then
# `this.terminal` (the xterm.js Terminal). A one-shot setter on Object.prototype keeps that object.
HOOK = """
Object.defineProperty(Object.prototype, "websocket_url", {
  configurable: true,
  set(value) {
    delete Object.prototype.websocket_url;
    Object.defineProperty(this, "websocket_url", {value, writable: true, configurable: true});
    window.__tutorSession = this;
  },
});
window.__tutorScreen = () => {
  const terminal = window.__tutorSession && window.__tutorSession.terminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active, lines = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
};
"""


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    url: str  # the address the server printed
    output: str  # everything it printed up to then
    process: subprocess.Popen


@contextmanager
def serving(data_dir: Path, host: str = "127.0.0.1") -> Iterator[Served]:
    """Run `python -m tutor serve` until the block ends. Bound to 0.0.0.0 it prints a
    127.0.0.1 address."""
    port = _free_port(host)
    command = [sys.executable, "-m", "tutor", "--data-dir", str(data_dir), "serve"]
    command += ["--host", host, "--port", str(port)]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in server.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        deadline, seen = time.monotonic() + START_SECONDS, []
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            seen.append(line)
            if line.startswith("tutor is served at "):
                yield Served(line.split()[4], "".join(seen), server)
                break
        else:
            pytest.fail(f"the server did not start in {START_SECONDS} s:\n{''.join(seen)}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _descendants(pid: int) -> set[int]:
    """Every living process below `pid`, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _status(url: str | urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_course_runs_in_a_browser(data_dir):
    if CHROMIUM is None:
        pytest.skip("no Chromium on PATH (Debian: apt-get install chromium); the test drives it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

    with serving(data_dir) as served, sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM)
        try:
            page, other_tab = (
                browser.new_page(viewport={"width": 1120, "height": 680}) for _ in range(2)
            )
            origin, elsewhere = served.url.split("/?")[0].rstrip("/") + "/", []

            def note(request) -> None:
                if not request.url.startswith(origin):
                    elsewhere.append(request.url)

            for tab in (page, other_tab):
                tab.on("request", note)
                tab.add_init_script(HOOK)
            for tab in (page, other_tab):  # two tabs start their apps at the same time
                tab.goto(served.url, wait_until="commit")

            def wait_for(text: str, tab=page) -> str:
                """The screen once it shows `text` and has settled: as a learner reads before
                the next key, the page has finished scrolling to the step it reached (a key
                sent while it still scrolls is taken by the step it is leaving)."""
                tab.wait_for_function(
                    "text => window.__tutorScreen().includes(text)", arg=text, timeout=WAIT_MS
                )
                shown = ""
                for _ in range(WAIT_MS // SETTLE_MS):
                    before, shown = shown, tab.evaluate("window.__tutorScreen()")
                    if shown == before:
                        break
                    tab.wait_for_timeout(SETTLE_MS)
                return shown

            wait_for("The whole game: ten digits in five lines", other_tab)
            home = wait_for("The whole game: ten digits in five lines")
            assert "tutor — Learn" in home
            page.focus(".xterm-helper-textarea")
            page.keyboard.press("Enter")  # the home screen's first row: start lesson 1
            wait_for("Go on (n) and run the first cell.")
            page.keyboard.press("n")
            wait_for("load_digits(binary=False)")
            page.keyboard.press("Control+r")
            lesson = wait_for("X: (1797, 64)")
            print(lesson)  # shown with -s: what the browser displayed
            assert "y: (1797,)" in lesson
            # On to the five lines: fit's live loss plot draws in the page too.
            page.keyboard.press("n")
            wait_for("1,797 scans of handwritten digits")
            page.keyboard.press("n")
            wait_for("cell split")
            page.keyboard.press("Control+r")
            wait_for("train: (1500, 64)")
            page.keyboard.press("n")
            wait_for("The five lines")
            page.keyboard.press("n")
            wait_for("cell train")
            page.keyboard.press("Control+r")
            wait_for("Trained 20 epochs.")
            trained = wait_for("test accuracy: 9")  # the printed line, not the code's f-string
            print(trained)
            assert re.search("[\u2801-\u28ff]", trained), "the loss plot (braille dots) is drawn"
            if os.environ.get("TUTOR_SCREENSHOT") == "1":
                page.screenshot(path=str(SCREENSHOT))
            assert elsewhere == [], "the page asked another host for something"

            # Stopping the server with both tabs open ends every app it started, and their kernels.
            below = _descendants(served.process.pid)
            if Path("/proc/self/cmdline").exists():
                apps = [pid for pid in below if f"--data-dir\0{data_dir}" in _cmdline(pid)]
                assert len(apps) >= 2, "each tab runs its own app process"
            served.process.terminate()
            assert served.process.wait(timeout=10) == 0
            wait_until(lambda: not any(_alive(pid) for pid in below))  # they were sent SIGTERM
        finally:
            browser.close()


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def _own_address() -> str:
    """This machine's address on its network, else the wildcard (still beyond loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            address = probe.getsockname()[0]
        except OSError:
            return "0.0.0.0"
    return "0.0.0.0" if is_loopback(address) else address


def test_beyond_loopback_the_token_is_required(data_dir):
    host = _own_address()
    with serving(data_dir, host) as served:
        url = served.url
        assert "WARNING" in served.output and "run lesson code" in served.output
        assert "?token=" in url
        bare = url.split("?")[0]
        assert _status(bare) == 403
        assert _status(bare + "?token=wrong") == 403
        assert _status(bare + "ws") == 403
        assert _status(url) == 200


def test_on_loopback_other_hosts_and_sites_are_refused(data_dir):
    with serving(data_dir) as served:
        url = served.url
        assert "WARNING" not in served.output and "token" not in url
        assert _status(url) == 200
        rebound = urllib.request.Request(url, headers={"Host": "attacker.example"})
        assert _status(rebound) == 403
        cross_site = urllib.request.Request(url + "ws", headers={"Origin": "http://evil.example"})
        assert _status(cross_site) == 403
