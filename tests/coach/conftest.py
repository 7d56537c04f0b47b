"""Shared fixtures for the coaching-core tests.

Hypothesis settings are applied per test (``@PROPERTY``), not as a global profile, so they do not leak into
other folders' tests. ``COACH_THOROUGH=1`` runs the property tests with 2000 examples each.
"""

from __future__ import annotations

from datetime import date

import pytest

from coach.catalogue import Catalogue, load_catalogue
from coach.records import Profile


@pytest.fixture
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def cleared() -> Profile:
    """A level-1 user with no red flags whose doctor said exercise is fine."""
    return Profile(level=1, doctor_cleared=True, level_since=date(2026, 1, 1))
