"""Every engine test starts a fresh naming session, so the first Dense is `dense`."""

from __future__ import annotations

import pytest

from tutor.engine import clear_session


@pytest.fixture(autouse=True)
def _fresh_session():
    clear_session()
