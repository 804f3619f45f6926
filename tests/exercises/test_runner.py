"""The child process: cheating cannot pass, and runaway or broken code ends with a clear message."""

from __future__ import annotations

import textwrap

import pytest

from tutor.childproc.spawn import TEMP_ROOT
from tutor.exercises import find_exercise
from tutor.exercises.runner import OUTPUT_CAP, SAFETY_NOTE, check_source, run_child

SOLUTION = find_exercise("dense").solution
SHORT = 3.0  # seconds: the safety net for runaway code in these tests


def check(source: str, timeout: float = 10.0):
    return check_source("dense", textwrap.dedent(source), timeout=timeout)


CHEATS = {
    "sys.exit(0) on load": "import sys\nsys.exit(0)\n",
    "raise SystemExit in the function": "def dense(a_in, W, b, g):\n    raise SystemExit\n",
    "exit() in the function": "def dense(a_in, W, b, g):\n    exit(0)\n",
    "os._exit(0) on load": "import os\nos._exit(0)\n",
    "os._exit(0) in the function": "import os\ndef dense(a_in, W, b, g):\n    os._exit(0)\n",
    "a fake verdict printed and written to every descriptor": """
        import json, os
        fake = json.dumps({"token": "0" * 32, "kind": "done"}) + "\\n"
        print(fake)
        for fd in range(1, 64):
            try:
                os.write(fd, fake.encode())
            except OSError:
                pass
        os._exit(0)
        """,
    "fake results for every case on every descriptor": """
        import json, os
        def dense(a_in, W, b, g):
            for fd in range(1, 64):
                for case in range(10):
                    line = {"token": "f" * 32, "kind": "result", "case": case, "value": 0}
                    try:
                        os.write(fd, (json.dumps(line) + "\\n").encode())
                    except OSError:
                        pass
            os._exit(0)
        """,
    "editing sys.modules and monkeypatching numpy and the checks": """
        import sys
        import numpy as np
        import tutor.exercises.checks as checks
        import tutor.exercises.checks.dense as dense_checks
        import tutor.exercises.runner as runner
        np.allclose = lambda *args, **kwargs: True
        np.array_equal = lambda *args, **kwargs: True
        dense_checks.cases = lambda rng: []
        checks.differs = lambda *args, **kwargs: False
        runner.judge = lambda *args, **kwargs: None
        sys.modules["tutor.exercises.checks.dense"] = None
        sys.modules["numpy"] = None
        def dense(a_in, W, b, g):
            return None
        """,
    "reading the token from stdin": """
        import sys
        token = sys.stdin.read()
        def dense(a_in, W, b, g):
            return token
        """,
}


@pytest.mark.parametrize("source", CHEATS.values(), ids=CHEATS.keys())
def test_cheating_does_not_pass(source):
    verdict = check(source)
    assert not verdict.passed
    assert verdict.status in ("failed", "crashed", "error")
    assert verdict.message


def test_sys_exit_is_named_in_the_message():
    verdict = check(CHEATS["sys.exit(0) on load"])
    assert verdict.status == "failed"
    assert "sys.exit() or exit() at line 2" in verdict.message


def test_os_exit_leaves_no_verdict_and_says_so():
    verdict = check(CHEATS["os._exit(0) on load"])
    assert verdict.status == "crashed"
    assert "ended early (exit code 0)" in verdict.message
    assert "os._exit()" in verdict.message


def test_a_printed_fake_verdict_is_only_output():
    verdict = check(CHEATS["a fake verdict printed and written to every descriptor"])
    assert verdict.status == "crashed"
    assert '"kind": "done"' in verdict.output


def test_the_child_reports_only_lines_carrying_its_own_token():
    forge = (
        "import os\n"
        "for fd in range(3, 64):\n"
        "    try:\n"
        '        os.write(fd, b\'{"token": "x", "kind": "done"}\\n\')\n'
        "    except OSError:\n"
        "        pass\n"
    )
    source = forge + SOLUTION
    run = run_child(
        {"source": source, "filename": "dense.py", "function": "dense", "cases": [], "then": []},
        SHORT,
    )
    assert [event.kind for event in run.events] == ["loaded", "done"]


def test_an_infinite_loop_in_the_function_is_stopped():
    verdict = check("def dense(a_in, W, b, g):\n    while True:\n        pass\n", timeout=SHORT)
    assert verdict.status == "timeout"
    assert "did not return within 3 s" in verdict.message
    assert verdict.case.startswith("one example")


def test_a_loop_on_load_is_stopped_and_blamed_on_the_top_level():
    verdict = check("import time\nwhile True:\n    time.sleep(0.1)\n", timeout=SHORT)
    assert verdict.status == "timeout"
    assert "did not finish loading within 3 s" in verdict.message


def test_a_ten_gigabyte_allocation_fails_cleanly():
    source = """
    import numpy as np
    def dense(a_in, W, b, g):
        big = np.ones(10 * 2**30, dtype=np.uint8)
        return big
    """
    verdict = check(source, timeout=SHORT)
    assert verdict.status == "error"
    assert "ran out of memory at line 4" in verdict.message


def test_a_memory_bomb_on_load_fails_cleanly():
    verdict = check("data = bytearray(10 * 2**30)\n", timeout=SHORT)
    assert verdict.status == "error"
    assert "MemoryError while your file was loaded: line 1" in verdict.message


def test_a_flood_of_output_is_capped():
    verdict = check("while True:\n    print('spam ' * 100)\n", timeout=SHORT)
    assert verdict.status == "timeout"
    assert verdict.output.startswith("spam")
    assert len(verdict.output) <= 2 * OUTPUT_CAP + 50


def test_a_syntax_error_gives_the_line_and_what_python_expected():
    verdict = check("import numpy as np\n\ndef dense(a_in, W, b, g)\n    return g(a_in @ W + b)\n")
    assert verdict.status == "syntax"
    assert verdict.headline == "Python cannot read your file"
    assert verdict.message.startswith("line 3: expected ':'")
    assert "def dense(a_in, W, b, g)" in verdict.message


def test_a_crash_of_the_interpreter_is_reported():
    verdict = check("import ctypes\nctypes.string_at(0)\n", timeout=SHORT)
    assert verdict.status == "crashed"
    assert "killed by SIGSEGV" in verdict.message


def test_an_error_on_load_names_the_line():
    verdict = check("import numpy as np\nx = undefined_name\n")
    assert verdict.status == "error"
    assert "NameError while your file was loaded: line 2: name 'undefined_name'" in verdict.message


def test_a_missing_function_lists_what_the_file_defines():
    verdict = check("def dens(a_in, W, b, g):\n    return g(a_in @ W + b)\n")
    assert verdict.status == "failed"
    assert "no function named `dense` (it defines: dens)" in verdict.message


def test_what_the_learner_prints_comes_back():
    verdict = check(
        SOLUTION.replace("    return g(z)", "    print('z is', z.shape)\n    return g(z)")
    )
    assert verdict.passed
    assert "z is (" in verdict.output


def test_the_code_runs_in_a_temporary_directory_not_the_apps():
    source = (
        "import os\ndef dense(a_in, W, b, g):\n    print(os.getcwd())\n    return g(a_in @ W + b)\n"
    )
    verdict = check(source)
    assert verdict.passed
    assert f"{TEMP_ROOT}/exercise-" in verdict.output


def test_the_safety_note_says_mistakes_not_malice():
    assert "mistakes" in SAFETY_NOTE and "not from deliberately malicious code" in SAFETY_NOTE
