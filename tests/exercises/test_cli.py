"""`python -m tutor exercise ...`: list, start, check's exit codes, and your engine."""

from __future__ import annotations

import pytest

from tutor.cli import main
from tutor.exercises import all_exercises, find_exercise


def run(capsys, *argv):
    code = main(["exercise", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_id_with_its_state(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    for exercise in all_exercises():
        assert exercise.id in out
    assert out.count(" new ") == len(all_exercises()) == 7
    assert "Your engine unlocks when its exercises pass" in out
    assert "digits" not in out.split("still to pass:")[1]  # the capstone is not an engine piece


def test_check_passes_with_the_solution_and_shows_it(capsys, tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(find_exercise("predict").solution)
    code, out, _ = run(capsys, "check", "predict", "--file", str(path))
    assert code == 0
    assert out.startswith("Passed: all 4 checks agree with the engine.")
    assert "The reference solution" in out
    assert "not from deliberately malicious code" in out
    _, listing, _ = run(capsys, "list")
    assert "predict     07-predict      passed" in listing


def test_check_fails_with_the_first_explanation(capsys, tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("def predict(probabilities, threshold=0.5):\n    return probabilities > 0.5\n")
    code, out, _ = run(capsys, "check", "predict", "--file", str(path))
    assert code == 1
    assert out.startswith("Not yet (check 1 of 4:")
    assert "True/False" in out
    assert "The reference solution" not in out


def test_an_unknown_id_is_a_usage_error_listing_the_ids(capsys, tmp_path):
    code, _, err = run(capsys, "check", "dens", "--file", str(tmp_path / "x.py"))
    assert code == 2
    assert "no exercise called 'dens'; the exercises are: dense, sequential, bce" in err


def test_a_missing_file_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "check", "dense", "--file", str(tmp_path / "nope.py"))
    assert code == 2
    assert f"no such file: {tmp_path / 'nope.py'}" in err


def test_without_file_check_uses_the_workspace_file_written_by_start(capsys, data_dir):
    code, _, err = run(capsys, "check", "bce")
    assert code == 2
    assert "python -m tutor exercise start bce" in err
    code, out, _ = run(capsys, "start", "bce")
    assert code == 0
    workspace = data_dir / "exercises" / "bce.py"
    assert f"Your file: {workspace}" in out
    assert workspace.read_text() == find_exercise("bce").starter
    code, out, _ = run(capsys, "check", "bce")
    assert code == 1
    assert "returned None" in out


def test_exercise_without_an_action_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2
    assert "usage: python -m tutor exercise" in err


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["exercise", "check"])
    assert stop.value.code == 2


def test_engine_waits_for_its_six_pieces_then_trains_and_agrees(capsys, tmp_path):
    code, _, err = run(capsys, "engine")
    assert code == 1
    assert "to pass: dense, sequential, bce, sgd-step, backprop, predict." in err
    for exercise in all_exercises():
        path = tmp_path / exercise.file_name
        path.write_text(exercise.solution)
        assert run(capsys, "check", exercise.id, "--file", str(path))[0] == 0
    code, out, _ = run(capsys, "engine", "--epochs", "100")
    assert code == 0
    assert "your loss and the engine's agree" in out
    assert "all four gradients (backprop)" in out
    assert "   100  " in out
    assert "accuracy on the 200 roasts: yours" in out


def test_check_of_another_file_names_it_and_says_it_is_now_the_code(capsys, tmp_path, data_dir):
    mine = tmp_path / "mine.py"
    mine.write_text("def dense(a_in, W, b, g):\n    return undefined_name\n")
    code, out, _ = run(capsys, "check", "dense", "--file", str(mine))
    assert code == 1
    assert "NameError" in out and "line 2" in out
    assert f"{mine} is now your code for dense: the app and your engine use it." in out
