"""`python -m tutor.ui.sandbox.bench`: how fast the sandbox trains in the app against the engine.

The workload is the spiral with the sandbox's default model (Dense(8, relu) → Dense(1,
sigmoid)), Adam, batch 32, 2,000 epochs. The engine alone runs `TrainingSession.train` with no
callback; the app runs the same session behind the Sandbox screen (headless, 80x24), watched
from the Train tab and from the View tab: `t`, then until the session is done, counting how
often the training view and the boundary were drawn.
The app should train at nearly the engine's pace and redraw about ten times a second, however
fast the epochs come.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from unittest.mock import patch

from tutor.sandbox.config import TrainConfig

if TYPE_CHECKING:
    from tutor.sandbox.session import Boundary

SPIRAL = TrainConfig(data="spiral", epochs=2000)


@dataclass(frozen=True)
class Result:
    epochs: int
    seconds: float
    redraws: int = 0  # training-view drawings
    boundaries: int = 0  # boundary drawings

    @property
    def rate(self) -> float:
        return self.epochs / self.seconds


def engine_alone(config: TrainConfig = SPIRAL) -> Result:
    from tutor.sandbox.session import TrainingSession

    session = TrainingSession(config)
    start = time.perf_counter()
    session.train()
    return Result(session.epochs_done, time.perf_counter() - start)


async def in_the_app(config: TrainConfig = SPIRAL, tab: str = "3") -> Result:
    """Train in the app with tab `tab` (a number key) shown."""
    from tutor.sandbox.state import State
    from tutor.ui.app import TutorApp
    from tutor.ui.sandbox.boundary import BoundaryView
    from tutor.ui.sandbox.screen import SandboxScreen
    from tutor.ui.widgets.training import TrainingView

    counts = {"view": 0, "boundary": 0}
    redraw, show = TrainingView._redraw, BoundaryView.show

    def counted_redraw(view: TrainingView) -> None:
        counts["view"] += 1
        redraw(view)

    def counted_show(view: BoundaryView, boundary: Boundary, class_names: tuple[str, ...]) -> None:
        counts["boundary"] += 1
        show(view, boundary, class_names)

    with ExitStack() as patches, tempfile.TemporaryDirectory() as data_dir:
        patches.enter_context(patch.object(TrainingView, "_redraw", counted_redraw))
        patches.enter_context(patch.object(BoundaryView, "show", counted_show))
        app = TutorApp(Path(data_dir), "sandbox")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            if not isinstance(screen, SandboxScreen):
                raise RuntimeError(f"the app opened {type(screen).__name__}, not the sandbox")
            screen.load_config(config)
            await pilot.press("escape", tab)
            counts.update(view=0, boundary=0)
            start = time.perf_counter()
            await pilot.press("t")
            session = screen.session
            while session is None or session.state != State.DONE:
                await asyncio.sleep(0.01)
                session = screen.session
            seconds = time.perf_counter() - start
            epochs = session.epochs_done
    return Result(epochs, seconds, counts["view"], counts["boundary"])


def main() -> int:
    engine = engine_alone()
    print(f"spiral, {SPIRAL.epochs} epochs, batch {SPIRAL.batch_size}:")
    print(f"  engine alone:        {engine.rate:6.0f} epochs/s ({engine.seconds:.2f} s)")
    for tab, name in (("3", "Train"), ("4", "View")):
        app = asyncio.run(in_the_app(tab=tab))
        print(
            f"  in the app, {name + ' tab:':10} {app.rate:5.0f} epochs/s ({app.seconds:.2f} s, "
            f"with loading the data); drawn a second: training view "
            f"{app.redraws / app.seconds:.1f}, boundary {app.boundaries / app.seconds:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
