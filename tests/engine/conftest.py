"""Every engine test starts a fresh session: the first Dense is `dense`, and initial weights
are the same on every run."""

from __future__ import annotations

import pytest

from tutor.engine import clear_session, set_random_seed


@pytest.fixture(autouse=True)
def _fresh_session():
    clear_session()
    set_random_seed(0)
