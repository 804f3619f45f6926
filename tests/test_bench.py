"""The benchmark's behaviour on a small workload: it runs both sides and they agree.

Timings are never asserted (performance is measured by `python -m tutor bench`, not by tests).
"""

from __future__ import annotations

import numpy as np

from tutor import bench


def test_bare_loop_and_engine_do_the_same_arithmetic(capsys):
    assert bench.main(samples=640, features=12, repeats=1) == 0
    out = capsys.readouterr().out
    assert "fit (1 epoch)" in out and "predict" in out and "peak memory" in out
    result = bench.run_bench(samples=640, features=12, repeats=1)
    assert result.weight_gap < 1e-4
    assert result.prediction_gap < 1e-4
    assert result.fit_engine > 0 and result.fit_bare > 0
    assert result.peak_bytes >= result.data_bytes


def test_bare_predict_matches_a_full_forward_pass():
    X, _ = bench.make_data(100, 5)
    rng = np.random.default_rng(1)
    shapes = [(5, 25), (25,), (25, 15), (15,), (15, 1), (1,)]
    weights = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    W1, b1, W2, b2, W3, b3 = weights
    full = bench.sigmoid(bench.sigmoid(bench.sigmoid(X @ W1 + b1) @ W2 + b2) @ W3 + b3)
    np.testing.assert_allclose(bench.bare_predict(X, weights), full, rtol=1e-6)


def test_bad_sizes_are_refused_with_a_message(capsys):
    assert bench.main(samples=10, features=5, repeats=1) == 2
    assert "need --samples ≥ 32" in capsys.readouterr().out
