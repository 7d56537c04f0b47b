"""Shared set-up for the coaching-core tests: hypothesis profiles and small builders."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, settings

from coach.catalogue import Catalogue, load_catalogue
from coach.records import Profile

settings.register_profile(
    "coach", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("coach-thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("COACH_HYPOTHESIS_PROFILE", "coach"))

TODAY = date(2026, 3, 2)  # a Monday
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def cleared() -> Profile:
    """A level-1 user with no red flags whose doctor said exercise is fine."""
    return Profile(level=1, doctor_cleared=True, level_since=date(2026, 1, 1))
