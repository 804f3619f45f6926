"""Exercise progress in the store: attempts, passes, give-ups, hints and code, across a restart."""

from __future__ import annotations

from tutor.store import Store


def test_a_new_exercise_is_new(data_dir):
    store = Store.open(data_dir)
    assert store.exercises.state("dense").label == "new"
    assert store.exercises.all_states() == {}


def test_attempts_pass_give_up_hints_and_code_survive_a_restart(data_dir):
    store = Store.open(data_dir)
    store.exercises.save_code("dense", "def dense(): ...")
    store.exercises.record_attempt("dense", False, "failed", "Not yet: shape")
    store.exercises.show_hint("dense", 2)
    store.exercises.show_hint("dense", 1)  # the count never goes back
    store.exercises.record_attempt("dense", True, "passed", "Passed")
    store.exercises.record_attempt("bce", False, "error", "NameError")
    store.exercises.give_up("bce")
    store.close()

    store = Store.open(data_dir)
    dense, bce = store.exercises.state("dense"), store.exercises.state("bce")
    assert (dense.attempts, dense.passed, dense.hints_shown, dense.code) == (
        2,
        True,
        2,
        "def dense(): ...",
    )
    assert dense.label == "passed"
    assert (bce.passed, bce.gave_up, bce.label) == (False, True, "solution shown")
    assert [attempt[:2] for attempt in store.exercises.attempts("dense")] == [
        (False, "failed"),
        (True, "passed"),
    ]


def test_a_fail_after_a_pass_keeps_the_pass(data_dir):
    store = Store.open(data_dir)
    store.exercises.record_attempt("predict", True, "passed", "Passed")
    store.exercises.record_attempt("predict", False, "failed", "Not yet")
    assert store.exercises.state("predict").passed


def test_saving_code_alone_makes_the_exercise_trying(data_dir):
    store = Store.open(data_dir)
    store.exercises.save_code("sequential", "x = 1")
    assert store.exercises.state("sequential").label == "trying"
