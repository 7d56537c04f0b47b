"""The shelf of animations a running bot may send: cached ones ready at once, missing ones drawn (or not),
a card that fails to draw left off and logged by id, and nothing drawn once the bot is stopping.

Drawing is replaced by a stub here (``pictures.animation``): the real drawing has tests of its own."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import pictures
from pictures.shelf import Shelf
from tests.support.pictures import tiny_gif

CARDS = ["bird_dog", "cat_camel", "dead_bug"]


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Cards the stub 'draws' (writing a tiny GIF where the cache would put it); 'dead_bug' fails to draw."""
    calls: list[str] = []

    def draw(card_id: str, cache_dir: Path | str | None = None) -> Path:
        calls.append(card_id)
        if card_id == "dead_bug":
            raise ValueError("no pose")
        path = Path(cache_dir or tmp_path) / f"{card_id}-{pictures.version(card_id)}.gif"
        path.write_bytes(tiny_gif(1))
        return path

    monkeypatch.setattr(pictures, "animation", draw)
    return calls


def cache_with(tmp_path: Path, *cards: str) -> Path:
    for card_id in cards:
        (tmp_path / f"{card_id}-{pictures.version(card_id)}.gif").write_bytes(tiny_gif(2))
    return tmp_path


def test_cached_animations_are_ready_and_only_the_missing_ones_are_drawn(
    drawn: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shelf = Shelf(cache_with(tmp_path, "bird_dog"), draw=True)
    assert shelf.ready("bird_dog") is None  # nothing is ready before the shelf is filled
    with caplog.at_level(logging.WARNING):
        assert shelf.fill(CARDS) == 2
    assert drawn == ["cat_camel", "dead_bug"]
    ready = shelf.ready("cat_camel")
    assert ready is not None and ready.version == pictures.version("cat_camel") and ready.path.exists()
    assert shelf.ready("dead_bug") is None  # its card goes out as text
    assert "the picture of card dead_bug could not be drawn (ValueError)" in caplog.text


def test_cached_mode_draws_nothing(drawn: list[str], tmp_path: Path) -> None:
    shelf = Shelf(cache_with(tmp_path, "cat_camel"), draw=False)
    assert shelf.fill(CARDS) == 1 and drawn == []
    assert shelf.ready("cat_camel") is not None and shelf.ready("bird_dog") is None


def test_a_closed_shelf_draws_no_further_card(drawn: list[str], tmp_path: Path) -> None:
    shelf = Shelf(tmp_path, draw=True)
    shelf.close()
    assert shelf.fill(CARDS) == 0 and drawn == []
