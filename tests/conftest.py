"""Shared fixtures: every test gets its own data directory, never the learner's real one."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("tutor-data")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    return data


@pytest.fixture
def data_dir(_isolated_data_dir):
    return _isolated_data_dir
