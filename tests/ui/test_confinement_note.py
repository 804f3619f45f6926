"""Where learner code cannot be confined the app says so once at start; elsewhere it is quiet."""

from __future__ import annotations

import pytest

from tests.ui.conftest import SIZE
from tutor.childproc import spawn


@pytest.mark.parametrize("abi", [0, 7])
async def test_the_app_says_once_when_learner_code_cannot_be_confined(make_app, monkeypatch, abi):
    monkeypatch.setattr(spawn, "landlock_abi", lambda: abi)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        notes = [n.message for n in app._notifications if "confine" in n.message]
        assert notes == ([spawn.confinement_status()] if abi == 0 else [])
