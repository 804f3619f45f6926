from __future__ import annotations

import os
import subprocess
import sys

from tutor import __version__
from tutor.cli import build_parser


def test_version_and_help_run_without_the_engine():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tutor.cli import build_parser; build_parser();"
            "print(sorted(m for m in sys.modules if m.startswith(('numpy', 'textual', 'fsrs'))))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"tutor {__version__}"


def test_help_lists_the_commands():
    help_text = build_parser().format_help()
    for command in ("learn", "cards", "sandbox", "check", "bench", "doctor", "serve"):
        assert command in help_text


def test_the_app_without_a_terminal_refuses_with_a_message_instead_of_spinning(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "--data-dir", str(tmp_path), "learn", "2"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("tutor: the app needs a terminal, and this is not one")
