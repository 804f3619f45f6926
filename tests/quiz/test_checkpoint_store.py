from __future__ import annotations

from tutor.store import Store


def test_every_attempt_is_kept_and_the_best_one_shown(data_dir):
    store = Store.open(data_dir)
    assert store.checkpoints.best("dense") is None
    store.checkpoints.record("dense", 0.6, False, [{"id": "a", "correct": False}])
    store.checkpoints.record("dense", 1.0, True, [{"id": "a", "correct": True}])
    store.checkpoints.record("dense", 0.8, True, [])
    store.checkpoints.record("sequential", 0.5, False, [])
    store.close()

    store = Store.open(data_dir)
    attempts = store.checkpoints.attempts("dense")
    assert [(a.score, a.passed) for a in attempts] == [(0.6, False), (1.0, True), (0.8, True)]
    assert attempts[0].answers == [{"id": "a", "correct": False}]
    assert attempts[0].finished_at.endswith("+00:00")
    best = store.checkpoints.best("dense")
    assert (best.score, best.percent, best.id) == (1.0, 100, attempts[1].id)
    scores = store.checkpoints.best_scores()
    assert {lesson: a.percent for lesson, a in scores.items()} == {"dense": 100, "sequential": 50}


def test_the_earliest_of_equal_best_scores_counts(data_dir):
    store = Store.open(data_dir)
    first = store.checkpoints.record("dense", 0.8, True, [])
    store.checkpoints.record("dense", 0.8, True, [])
    assert store.checkpoints.best("dense").id == first.id
    assert store.checkpoints.best_scores()["dense"].id == first.id
