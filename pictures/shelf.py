"""The card animations a running bot may send now: filled ahead of time, read on the path of an update.

Drawing a card takes a good part of a second of CPU, far too long for a reply, so the bot never draws while
it answers. At start-up :meth:`Shelf.fill` runs in a worker thread: every animation already in the cache is
ready at once, then (when ``draw`` is on) each missing one is drawn and put on the shelf as soon as it is
written. A handler asks :meth:`Shelf.ready`, which only looks in a dict: a card whose picture is not ready yet
(or could not be drawn) goes out as text. A card that fails to draw is logged by id only and left off.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pictures

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Picture:
    """A card's animation as it can be sent: its version (the key of its Telegram file id) and its file."""

    card_id: str
    version: str
    path: Path


class Shelf:
    """The animations ready to send, by card id (safe to read from the event loop while a thread fills it)."""

    def __init__(self, cache_dir: Path | str | None = None, *, draw: bool = True) -> None:
        self.cache_dir = cache_dir
        self.draw = draw
        self._ready: dict[str, Picture] = {}
        self._closed = False

    def ready(self, card_id: str) -> Picture | None:
        """The card's animation if it is ready now; None means: send the card as text."""
        return self._ready.get(card_id)

    def count(self) -> int:
        """How many cards have their animation ready."""
        return len(self._ready)

    def fill(self, card_ids: Iterable[str]) -> int:
        """Shelve every card's cached animation, then draw the missing ones if ``draw``; how many are ready."""
        missing = [card_id for card_id in card_ids if not self._shelve(card_id, draw=False)]
        for card_id in missing if self.draw else ():
            if self._closed:
                break
            self._shelve(card_id, draw=True)
        return self.count()

    def close(self) -> None:
        """The bot is stopping: draw no further card (the one being drawn, if any, is finished)."""
        self._closed = True

    def _shelve(self, card_id: str, *, draw: bool) -> bool:
        try:
            version = pictures.version(card_id)
            path = pictures.animation(card_id, self.cache_dir) if draw else pictures.cached_animation(
                card_id, self.cache_dir
            )
        except Exception as exc:  # a picture never stops the bot: the card goes out as text
            log.warning("the picture of card %s could not be drawn (%s)", card_id, type(exc).__name__)
            return False
        if path is None:
            return False
        self._ready[card_id] = Picture(card_id, version, path)
        return True
