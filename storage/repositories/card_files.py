"""Telegram file ids of the card pictures: one row per (card id, picture version), written once, then read.

``known`` is read before a card's animation is sent; ``remember`` after Telegram accepted an upload. Two
processes uploading the same picture at once both succeed: the first id stays (either works), the second
insert does nothing. ``forget`` drops an id Telegram refused (another bot's: file ids belong to one bot).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import CardFile
from storage.repositories._dialect import insert


async def known(session: AsyncSession, card_id: str, version: str) -> str | None:
    """The file id Telegram gave for this picture, or None if it was never uploaded."""
    row = await session.get(CardFile, (card_id, version))
    return row.file_id if row is not None else None


async def remember(session: AsyncSession, card_id: str, version: str, file_id: str, now: datetime) -> None:
    """Keep the file id of an uploaded picture (an id already kept for it stays)."""
    values = {"card_id": card_id, "picture_version": version, "file_id": file_id, "uploaded_at": now}
    await session.exec(insert(session, CardFile).values(**values).on_conflict_do_nothing())


async def forget(session: AsyncSession, card_id: str, version: str) -> None:
    """Drop the file id kept for this picture (Telegram refused it), so the next send uploads it again."""
    statement = delete(CardFile).where(col(CardFile.card_id) == card_id, col(CardFile.picture_version) == version)
    await session.exec(statement)
