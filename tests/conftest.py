"""Shared fixtures and hypothesis settings for recbook's unit tests."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]

# Deterministic property tests: the same examples on every run and machine.
settings.register_profile("recbook", derandomize=True, max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("recbook")


@pytest.fixture(scope="session")
def root():
    return ROOT
