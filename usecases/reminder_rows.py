"""Reminder rows the flows write: the `session` row from the profile, and the next-morning `followup` row.

``write_session_reminder``, used by onboarding and /settings: the row's ``next_fire_at`` is the next chosen
weekday at the chosen local time in the user's zone (``coach.schedule.next_occurrence``); the reminder is
disabled when the user turned reminders off, has not finished onboarding, is being re-screened, has a red flag
not yet cleared by a clinician, or the schedule is incomplete. The reminder ticker reads and advances the row.

``schedule_followup``, used by the check-in flow when a session's check-in is saved: the ``followup`` row fires
at ``FOLLOWUP_LOCAL_TIME`` the next local morning with the session's id; a later session replaces it.
``claim_unpushed_followup``, used by /today: a follow-up that came due but was never pushed (reminders off
after /stop, or skipped after downtime) is asked there instead, its delivery key taken so it is asked once.

``write_doctor_reminder``: after the doctor check's "not yet", one ``doctor`` reminder about a week later
(``coach.rules.DOCTOR_REMINDER_AFTER``); ``clear_doctor_reminder`` once they confirm.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from coach import rules
from coach.schedule import is_zone, local_instant, next_occurrence, stored_time
from coach.screening import Access, Answer, Decision, programme_access
from storage.models import Profile, Reminder
from storage.repositories import reminders, session_logs
from storage.values import DeliveryStatus, ReminderKind
from usecases.records import doctor_cleared, screening_decision

#: The next-morning follow-up is asked at this local time the day after the session.
FOLLOWUP_LOCAL_TIME = time(9, 0)


def access(profile: Profile) -> Access:
    """What the programme may offer this user (``coach.screening.programme_access`` on the stored answers)."""
    decision = screening_decision(profile) or Decision.CLEAR
    return programme_access(decision, profile.red_flag_cleared_at is not None, doctor_cleared(profile))


def is_locked(profile: Profile | None) -> bool:
    """A red flag not yet cleared by a clinician: no plan, and no session reminders."""
    return profile is not None and screening_decision(profile) is not None and access(profile) is Access.LOCKED


def next_session_reminder(profile: Profile, now: datetime) -> datetime | None:
    """When the session reminder fires next (UTC), or None while days, time or zone are missing."""
    at = stored_time(profile.reminder_time)
    days = profile.training_weekdays
    if at is None or not days or not profile.timezone or not is_zone(profile.timezone):
        return None
    return next_occurrence(now, profile.timezone, days, at)


async def write_session_reminder(session: AsyncSession, profile: Profile, *, now: datetime) -> Reminder:
    """Create or replace the user's session reminder from ``profile`` (same unit of work as the change)."""
    fire_at = next_session_reminder(profile, now)
    ready = profile.onboarded_at is not None and screening_decision(profile) is not None
    enabled = profile.reminders_enabled and ready and not is_locked(profile) and fire_at is not None
    return await reminders.upsert_reminder(
        session,
        user_id=profile.user_id,
        kind=ReminderKind.SESSION,
        next_fire_at=fire_at,
        now=now,
        enabled=enabled,
    )


def followup_time(finished_at: datetime, zone: ZoneInfo) -> datetime:
    """The next morning (local) after ``finished_at``, at ``FOLLOWUP_LOCAL_TIME``, in UTC."""
    next_day = finished_at.astimezone(zone).date() + timedelta(days=1)
    return local_instant(next_day, FOLLOWUP_LOCAL_TIME, zone)


async def schedule_followup(
    session: AsyncSession, user_id: int, session_id: int, now: datetime, zone: ZoneInfo
) -> Reminder:
    """Ask about the back next morning: the user's ``followup`` row fires then with this session's id."""
    return await reminders.upsert_reminder(
        session,
        user_id=user_id,
        kind=ReminderKind.FOLLOWUP,
        next_fire_at=followup_time(now, zone),
        now=now,
        payload={"session_id": session_id},
    )


async def claim_unpushed_followup(session: AsyncSession, user_id: int, zone: ZoneInfo, now: datetime) -> int | None:
    """The session whose next-morning follow-up is due, unanswered and was never sent, or None.

    Its delivery key is taken (status sent) and the row cleared in this unit of work, so the ticker never
    sends it as well, even if reminders are turned back on.
    """
    row = await reminders.get_reminder(session, user_id, ReminderKind.FOLLOWUP)
    session_id = int((row.payload or {}).get("session_id", 0)) if row is not None else 0
    log = await session_logs.get_session_log(session, session_id) if session_id else None
    if row is None or row.id is None or log is None or log.outcome is not None or log.finished_at is None:
        return None
    due = followup_time(log.finished_at, zone)
    if log.user_id != user_id or not due <= now <= log.finished_at + rules.NEXT_MORNING_ANSWER_WINDOW:
        return None
    day = due.astimezone(zone).date()
    status = await reminders.delivery_status(session, user_id=user_id, kind=ReminderKind.FOLLOWUP, local_date=day)
    if status == DeliveryStatus.SENT:
        return None
    if status is None:
        await reminders.try_record_delivery(
            session, user_id=user_id, kind=ReminderKind.FOLLOWUP, local_date=day, now=now, status=DeliveryStatus.SENT
        )
    else:
        await reminders.set_delivery_status(
            session, user_id=user_id, kind=ReminderKind.FOLLOWUP, local_date=day, status=DeliveryStatus.SENT
        )
    await reminders.set_next_fire_at(session, row.id, None, now=now)
    return log.id


async def write_doctor_reminder(session: AsyncSession, profile: Profile, *, now: datetime) -> None:
    """The doctor check was answered: "not yet" sets one reminder a week after the answer; a clear yes removes it."""
    if profile.doctor_check == Answer.YES.value:
        row = await reminders.get_reminder(session, profile.user_id, ReminderKind.DOCTOR)
        if row is not None and row.id is not None and row.next_fire_at is not None:
            await reminders.set_next_fire_at(session, row.id, None, now=now)
        return
    answered_at = profile.doctor_check_at or now
    await reminders.upsert_reminder(
        session, user_id=profile.user_id, kind=ReminderKind.DOCTOR,
        next_fire_at=answered_at + rules.DOCTOR_REMINDER_AFTER, now=now, enabled=profile.reminders_enabled,
    )


def doctor_reminder_settled(profile: Profile | None) -> bool:
    """The doctor reminder has nothing left to ask: they confirmed, or a red flag locks the programme."""
    return profile is None or profile.doctor_check == Answer.YES.value or is_locked(profile)
