"""Shared fixtures for the exercise-picture tests (coach.pose and the pictures package).

Solving every card's frames takes about two seconds and is cached in the process (``coach.pose.frames``).
Rendering is slower, so the rendering tests draw a few cards into one cache directory shared by the whole
run (the pytest-xdist workers included: the cache writes files atomically, so workers drawing the same card
at once both end with a whole file). ``PICTURES_ALL=1`` renders every card instead of the sample.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.catalogue import load_catalogue

#: The sample the rendering tests draw: the biggest GIF (an oblique view over a mat) and the most props.
SAMPLE = ("knee_rolls", "bent_over_row")
ALL_CARDS = tuple(card.id for card in load_catalogue())
RENDERED = ALL_CARDS if os.environ.get("PICTURES_ALL") == "1" else SAMPLE


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One picture cache for the whole run (the parent of each xdist worker's temporary directory)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    path = root / "pictures-cache"
    path.mkdir(exist_ok=True)
    return path
