"""Which card pictures Telegram already holds: the bookkeeping that makes each picture an upload once per bot.

The handler that sends a card asks :func:`known_file` for the ``file_id`` of the card's current picture
version; when there is none it uploads the file and hands the id Telegram gave back to :func:`remember_file`.
An id Telegram refuses (file ids belong to one bot: the token changed) is dropped with :func:`forget_file`.
Neither is ever called while another unit of work is open, and neither talks to Telegram.
"""

from __future__ import annotations

from datetime import datetime

from storage.database import Database
from storage.repositories import card_files


async def known_file(db: Database, card_id: str, version: str) -> str | None:
    """The Telegram file id of this card's picture version, or None if the bot never uploaded it."""
    async with db.reading() as session:
        return await card_files.known(session, card_id, version)


async def remember_file(db: Database, card_id: str, version: str, file_id: str, now: datetime) -> None:
    """Keep the file id Telegram gave for an uploaded picture (the first one kept stays)."""
    async with db.session() as session:
        await card_files.remember(session, card_id, version, file_id, now)


async def forget_file(db: Database, card_id: str, version: str) -> None:
    """Drop a file id Telegram refused, so the picture is uploaded again and the new id kept."""
    async with db.session() as session:
        await card_files.forget(session, card_id, version)
