"""`python -m tutor bench`: the engine against a bare NumPy loop doing only the needed arithmetic.

The workload is the source's digit classifier at full size: Dense(25, sigmoid) → Dense(15, sigmoid)
→ Dense(1, sigmoid), BinaryCrossentropy, Adam, batch 32, one epoch over 60,000 inputs of 400
features; then `predict` on the same 60,000. Both sides start from the same weights and see the same
batches in the same order, and the run checks that they end with the same weights, so the ratio
compares like with like.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tutor.engine import Sequential

UNITS = (25, 15, 1)
BATCH = 32
LEARNING_RATE, BETA_1, BETA_2, EPSILON = 0.001, 0.9, 0.999, 1e-7
FIT_TARGET, PREDICT_TARGET, MEMORY_TARGET = 1.3, 1.5, 2.0


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def bare_fit(
    X: np.ndarray, y: np.ndarray, weights: list[np.ndarray], order: np.ndarray
) -> list[np.ndarray]:
    """One epoch of mini-batch Adam on the three-layer sigmoid network, written out by hand."""
    W1, b1, W2, b2, W3, b3 = params = [w.copy() for w in weights]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step, start in enumerate(range(0, len(X), BATCH), start=1):
        batch = order[start : start + BATCH]
        x, target = X[batch], y[batch]
        a1 = sigmoid(x @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        z3 = a2 @ W3 + b3
        a3 = sigmoid(z3)
        # The loss Keras reports, from the logits: max(z, 0) - z·y + log(1 + e^-|z|).
        np.mean(np.maximum(z3, 0) - z3 * target + np.log1p(np.exp(-np.abs(z3))))
        dz3 = (a3 - target) / len(x)
        dz2 = (dz3 @ W3.T) * a2 * (1 - a2)
        dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
        grads = (x.T @ dz1, dz1.sum(0), a1.T @ dz2, dz2.sum(0), a2.T @ dz3, dz3.sum(0))
        alpha = LEARNING_RATE * np.sqrt(1 - BETA_2**step) / (1 - BETA_1**step)
        for p, g, m_p, v_p in zip(params, grads, m, v, strict=True):
            m_p += (g - m_p) * (1 - BETA_1)
            v_p += (g * g - v_p) * (1 - BETA_2)
            p -= m_p * np.float32(alpha) / (np.sqrt(v_p) + EPSILON)
    return params


def bare_predict(X: np.ndarray, weights: list[np.ndarray]) -> np.ndarray:
    W1, b1, W2, b2, W3, b3 = weights
    out = np.empty((len(X), 1), dtype=np.float32)
    for start in range(0, len(X), BATCH):
        a1 = sigmoid(X[start : start + BATCH] @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        out[start : start + BATCH] = sigmoid(a2 @ W3 + b3)
    return out


def make_data(samples: int, features: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs and a learnable label: whether a fixed projection of the input is positive."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, features), dtype=np.float32)
    direction = rng.standard_normal(features).astype(np.float32)
    return X, (X @ direction > 0).astype(np.float32).reshape(-1, 1)


def build_model(features: int) -> Sequential:
    from tutor.engine import Dense, Input, Sequential
    from tutor.engine.losses import BinaryCrossentropy
    from tutor.engine.optimizers import Adam

    model = Sequential([Input(shape=(features,))] + [Dense(u, "sigmoid") for u in UNITS])
    model.compile(loss=BinaryCrossentropy(), optimizer=Adam(learning_rate=LEARNING_RATE))
    return model


def best_time(run: Callable[[], object], repeats: int) -> float:
    """The fastest of `repeats` runs: the one least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


@dataclass
class BenchResult:
    fit_engine: float
    fit_bare: float
    predict_engine: float
    predict_bare: float
    peak_bytes: int
    data_bytes: int
    weight_gap: float
    prediction_gap: float

    @property
    def fit_ratio(self) -> float:
        return self.fit_engine / self.fit_bare

    @property
    def predict_ratio(self) -> float:
        return self.predict_engine / self.predict_bare

    @property
    def memory_ratio(self) -> float:
        return self.peak_bytes / self.data_bytes


def run_bench(samples: int, features: int, repeats: int) -> BenchResult:
    X, y = make_data(samples, features)
    model = build_model(features)  # each engine_fit replaces it; its weights start both sides
    initial = model.get_weights()
    # Unshuffled, so both sides see identical batches; shuffling costs both the same gather.
    order = np.arange(samples)

    def engine_fit() -> None:
        nonlocal model
        model = build_model(features)  # fresh Adam state every run
        model.set_weights(initial)
        model.fit(X, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False)

    fit_engine = best_time(engine_fit, repeats)
    engine_weights = model.get_weights()
    fit_bare = best_time(lambda: bare_fit(X, y, initial, order), repeats)
    bare_weights = bare_fit(X, y, initial, order)
    weight_gap = max(
        float(np.abs(a - b).max()) for a, b in zip(engine_weights, bare_weights, strict=True)
    )

    predict_engine = best_time(lambda: model.predict(X, batch_size=BATCH, verbose=0), repeats)
    predict_bare = best_time(lambda: bare_predict(X, bare_weights), repeats)
    prediction_gap = float(
        np.abs(
            model.predict(X, batch_size=BATCH, verbose=0) - bare_predict(X, engine_weights)
        ).max()
    )

    # Memory is traced in a run of its own: tracing slows allocation, so it never shares a timing.
    data_bytes = X.nbytes + y.nbytes
    tracemalloc.start()
    tracemalloc.reset_peak()
    engine_fit()
    _, peak_extra = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return BenchResult(
        fit_engine,
        fit_bare,
        predict_engine,
        predict_bare,
        peak_extra + data_bytes,
        data_bytes,
        weight_gap,
        prediction_gap,
    )


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def report(result: BenchResult, samples: int, features: int, repeats: int) -> str:
    mb = 1024 * 1024
    width = " → ".join(f"Dense({u}, sigmoid)" for u in UNITS)
    return "\n".join(
        [
            f"tutor bench: {width}, BinaryCrossentropy, Adam",
            f"{samples:,} examples × {features} features ({result.data_bytes / mb:.1f} MB), "
            f"batch {BATCH}, one epoch; best of {repeats}",
            "",
            f"{'':16}{'engine':>10}{'bare NumPy':>12}{'ratio':>9}{'target':>10}",
            f"{'fit (1 epoch)':16}{result.fit_engine:>9.3f}s{result.fit_bare:>11.3f}s"
            f"{result.fit_ratio:>8.2f}×{'≤ ' + str(FIT_TARGET) + '×':>10}  "
            f"{verdict(result.fit_ratio, FIT_TARGET)}",
            f"{'predict':16}{result.predict_engine:>9.3f}s{result.predict_bare:>11.3f}s"
            f"{result.predict_ratio:>8.2f}×{'≤ ' + str(PREDICT_TARGET) + '×':>10}  "
            f"{verdict(result.predict_ratio, PREDICT_TARGET)}",
            "",
            f"peak memory while fitting, data included: {result.peak_bytes / mb:.1f} MB = "
            f"{result.memory_ratio:.2f}× the data (target < {MEMORY_TARGET}×)  "
            f"{verdict(result.memory_ratio, MEMORY_TARGET)}",
            f"same arithmetic: largest weight difference after the epoch {result.weight_gap:.1e}, "
            f"largest prediction difference {result.prediction_gap:.1e}",
        ]
    )


def main(samples: int = 60_000, features: int = 400, repeats: int = 3) -> int:
    if samples < BATCH or features < 1 or repeats < 1:
        print(f"bench: need --samples ≥ {BATCH}, --features ≥ 1 and --repeats ≥ 1")
        return 2
    result = run_bench(samples, features, repeats)
    print(report(result, samples, features, repeats))
    return 0
