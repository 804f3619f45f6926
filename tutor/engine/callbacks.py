"""Callbacks: code that `fit` calls at the start and end of training, epochs and batches.

Set `self.model.stop_training = True` in any of them to stop after the current batch.
"""

from __future__ import annotations

import time
from typing import Any

Logs = dict[str, float]


class Callback:
    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict[str, Any] = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def on_train_begin(self, logs: Logs | None = None) -> None: ...

    def on_train_end(self, logs: Logs | None = None) -> None: ...

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None: ...

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None: ...

    def on_batch_begin(self, batch: int, logs: Logs | None = None) -> None: ...

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None: ...

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self.on_batch_end(batch, logs)

    def wants_batches(self) -> bool:
        """Whether this callback overrides a per-batch hook (if none does, fit skips them)."""
        cls = type(self)
        return any(
            getattr(cls, hook) is not getattr(Callback, hook)
            for hook in (
                "on_batch_begin",
                "on_batch_end",
                "on_train_batch_begin",
                "on_train_batch_end",
            )
        )


class History(Callback):
    """`history.history`: each logged value per epoch, e.g. {'loss': [0.69, 0.61, ...]}."""

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


def format_logs(logs: Logs) -> str:
    """` - accuracy: 0.5000 - loss: 0.6931`, with Keras's number format."""
    return "".join(
        f" - {key}: {value:.4f}" if abs(value) > 1e-3 else f" - {key}: {value:.4e}"
        for key, value in logs.items()
    )


def format_step_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.0f}s/step"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/step"
    return f"{seconds * 1e6:.0f}us/step"


class ProgbarLogger(Callback):
    """Prints `Epoch 1/10` and each epoch's final progress line, as Keras's bar ends up.

    verbose=1 shows the finished bar; verbose=2 the one-line form Keras prints in logs.
    """

    BAR = "━" * 20

    def __init__(self, verbose: int = 1) -> None:
        super().__init__()
        self.verbose = verbose

    def _print(self, text: str) -> None:
        print(text, flush=True)

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._print(f"Epoch {epoch + 1}/{self.params['epochs']}")
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        self.report(self.params["steps"], time.perf_counter() - self._started, logs or {})

    def report(self, steps: int, seconds: float, logs: Logs) -> None:
        per_step = format_step_time(seconds / max(steps, 1))
        if self.verbose == 2:
            line = f"{steps}/{steps} - {seconds:.0f}s - {per_step}"
        else:
            line = f"{steps}/{steps} {self.BAR} {seconds:.0f}s {per_step}"
        self._print(line + format_logs(logs))


class EarlyStopping(Callback):
    """Stop when `monitor` has not improved for `patience` epochs (Keras's rules).

    An improvement must beat the best value so far by more than `min_delta`; 'auto' mode
    maximises accuracies and minimises everything else. With `restore_best_weights=True` the model
    ends with the weights of its best epoch.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0.0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        restore_best_weights: bool = False,
    ) -> None:
        super().__init__()
        self.monitor, self.patience, self.verbose = monitor, patience, verbose
        self.restore_best_weights = restore_best_weights
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self.sign = 1.0 if mode == "max" else -1.0  # compare sign * value: bigger is better
        self.min_delta = abs(min_delta)
        self._warned = False

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self.wait, self.stopped_epoch, self.best_epoch = 0, 0, 0
        self.best: float | None = None
        self.best_weights = None

    def _improves(self, value: float) -> bool:
        return self.best is None or self.sign * value - self.min_delta > self.sign * self.best

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs or {}
        if self.monitor not in logs:
            if not self._warned:
                self._warned = True
                print(
                    f"WARNING: EarlyStopping watches '{self.monitor}', but fit logs only "
                    f"{', '.join(logs)}. For 'val_...' values give fit a validation_split or "
                    f"validation_data; or pass monitor='loss'.",
                    flush=True,
                )
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
        self.wait += 1
        if self._improves(logs[self.monitor]):
            self.best, self.best_epoch, self.wait = logs[self.monitor], epoch, 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
        elif self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self.stopped_epoch and self.verbose:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping", flush=True)
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose:
                print(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}.",
                    flush=True,
                )
            self.model.set_weights(self.best_weights)
