"""The pending question of each user: at most one row per user, replaced whenever a flow asks something new.

``ask`` is called in the unit of work that decides the question (before it is sent), ``done`` when a flow's
question has been answered, ``current`` by the one router that hands typed text to the flow that asked.
Deleting the user deletes the row (its foreign key cascades).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import PendingQuestion
from storage.repositories._dialect import upsert


async def ask(
    session: AsyncSession, user_id: int, *, flow: str, question: str, now: datetime, ref: str | None = None
) -> None:
    """``flow`` now asks ``question``: it replaces whatever the user was being asked."""
    values = {"flow": flow, "question": question, "ref": ref, "asked_at": now}
    await upsert(session, PendingQuestion, {"user_id": user_id}, values)


async def done(session: AsyncSession, user_id: int, flow: str | None = None) -> bool:
    """The question is answered (only if ``flow`` still owns it, when given); False if there was none."""
    if flow is None:
        return bool((await session.exec(_DONE, params={"user_id": user_id})).rowcount)
    return bool((await session.exec(_FLOW_DONE, params={"user_id": user_id, "flow": flow})).rowcount)


#: :func:`done`'s two statements, built once (one of them ends nearly every flow).
_DONE = delete(PendingQuestion).where(col(PendingQuestion.user_id) == bindparam("user_id"))
_FLOW_DONE = _DONE.where(col(PendingQuestion.flow) == bindparam("flow"))


async def current(session: AsyncSession, user_id: int) -> PendingQuestion | None:
    """What the user is being asked now, or None."""
    return await session.get(PendingQuestion, user_id, populate_existing=True)
