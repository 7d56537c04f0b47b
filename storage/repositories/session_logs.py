"""Session logs: a training session's plan, where the user stands in it, and how it ended."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import SessionLog
from storage.values import TRAINED_STATUSES, SessionStatus


async def start_session(
    session: AsyncSession,
    *,
    user_id: int,
    local_date: date,
    kind: str,
    plan: Sequence[Any],
    now: datetime,
    level: int | None = None,
) -> SessionLog:
    """Start a session with its plan (ordered exercise ids and doses, JSON-serialisable).

    Any session of the user still in progress (from an earlier day, or started twice) becomes abandoned:
    a user has at most one session in progress.
    """
    await _abandon_open_sessions(session, user_id, now)
    log = SessionLog(
        user_id=user_id, local_date=local_date, kind=kind, plan=list(plan), started_at=now, level=level
    )
    session.add(log)
    await session.flush()
    return log


async def get_session_log(session: AsyncSession, session_id: int) -> SessionLog | None:
    """The session with this id, or None."""
    return await session.get(SessionLog, session_id)


async def get_current_session(session: AsyncSession, user_id: int, local_date: date) -> SessionLog | None:
    """The user's session in progress on that local date, or None."""
    statement = (
        select(SessionLog)
        .where(col(SessionLog.user_id) == user_id, col(SessionLog.local_date) == local_date)
        .where(col(SessionLog.status) == SessionStatus.IN_PROGRESS)
        .order_by(col(SessionLog.started_at).desc(), col(SessionLog.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def advance_session(session: AsyncSession, session_id: int, *, from_index: int) -> bool:
    """Move an in-progress session from item ``from_index`` to the next one, atomically.

    Returns False (and changes nothing) if the session is not at ``from_index`` or no longer in progress:
    a stale or doubled button press.
    """
    statement = (
        update(SessionLog)
        .where(col(SessionLog.id) == session_id, col(SessionLog.current_index) == from_index)
        .where(col(SessionLog.status) == SessionStatus.IN_PROGRESS)
        .values(current_index=from_index + 1)
        .execution_options(synchronize_session="fetch")
    )
    return (await session.exec(statement)).rowcount == 1


async def finish_session(
    session: AsyncSession, session_id: int, *, status: str, now: datetime, outcome: str | None = None
) -> SessionLog:
    """End a session with its status (and the outcome, if already known). KeyError if there is no such id."""
    log = await _require(session, session_id)
    log.status, log.finished_at = status, now
    if outcome is not None:
        log.outcome = outcome
    await session.flush()
    return log


async def recent_sessions(session: AsyncSession, user_id: int, *, since: date, until: date) -> list[SessionLog]:
    """The user's sessions with ``since <= local_date <= until``, oldest first."""
    statement = (
        select(SessionLog)
        .where(col(SessionLog.user_id) == user_id)
        .where(col(SessionLog.local_date) >= since, col(SessionLog.local_date) <= until)
        .order_by(col(SessionLog.local_date), col(SessionLog.started_at), col(SessionLog.id))
    )
    return list(await session.exec(statement))


async def insert_plan_item(session: AsyncSession, session_id: int, *, at_index: int, item: Any) -> bool:
    """Insert ``item`` into an in-progress plan at ``at_index``, which must be where the session stands.

    Returns False (and changes nothing) if the session is elsewhere, over, or already has ``item`` there
    (a doubled press).
    """
    log = await session.get(SessionLog, session_id, populate_existing=True)
    if log is None or log.status != SessionStatus.IN_PROGRESS or log.current_index != at_index:
        return False
    plan = list(log.plan)
    if at_index < len(plan) and plan[at_index] == item:
        return False
    plan.insert(at_index, item)
    log.plan = plan
    await session.flush()
    return True


async def set_outcome_if_pending(session: AsyncSession, session_id: int, outcome: str) -> bool:
    """Record the final outcome only if none is recorded yet; False when it was already decided."""
    statement = (
        update(SessionLog)
        .where(col(SessionLog.id) == session_id, col(SessionLog.outcome).is_(None))
        .values(outcome=outcome)
        .execution_options(synchronize_session="fetch")
    )
    return (await session.exec(statement)).rowcount == 1


async def latest_finished_session(session: AsyncSession, user_id: int) -> SessionLog | None:
    """The user's most recently finished session they trained in (``TRAINED_STATUSES``), or None."""
    statement = (
        select(SessionLog)
        .where(col(SessionLog.user_id) == user_id)
        .where(col(SessionLog.status).in_(sorted(TRAINED_STATUSES)))
        .order_by(col(SessionLog.finished_at).desc(), col(SessionLog.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def sessions_awaiting_outcome(session: AsyncSession, user_id: int) -> list[SessionLog]:
    """The user's finished sessions whose outcome is not decided yet, newest first."""
    statement = (
        select(SessionLog)
        .where(col(SessionLog.user_id) == user_id, col(SessionLog.outcome).is_(None))
        .where(col(SessionLog.status).in_(sorted(TRAINED_STATUSES)))
        .order_by(col(SessionLog.finished_at).desc(), col(SessionLog.id).desc())
    )
    return list(await session.exec(statement))


async def _abandon_open_sessions(session: AsyncSession, user_id: int, now: datetime) -> None:
    statement = (
        update(SessionLog)
        .where(col(SessionLog.user_id) == user_id, col(SessionLog.status) == SessionStatus.IN_PROGRESS)
        .values(status=SessionStatus.ABANDONED, finished_at=now)
        .execution_options(synchronize_session="fetch")
    )
    await session.exec(statement)


async def _require(session: AsyncSession, session_id: int) -> SessionLog:
    log = await session.get(SessionLog, session_id)
    if log is None:
        raise KeyError(f"no session log {session_id}")
    return log
