"""The user's own settings as use cases: training days, reminder time, timezone, reminders on or off, the
equipment they have at home, and the doctor check confirmed after onboarding; and a profile as onboarding and
/settings show it (:class:`Settings`).

Every change is stored at once, and the reminder rows follow the profile in the same unit of work
(:func:`update_profile`: the session reminder is rewritten when a field it is computed from changes, the doctor
reminder when the doctor check does). Onboarding's answers go through the same writer (``usecases.onboarding``).
The weekly goal that follows the chosen days is ``coach.schedule.weekly_goal_for``'s decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlmodel.ext.asyncio.session import AsyncSession

from coach.equipment import Kit, kit_text, parse_kit
from coach.schedule import STORED_TIME_FORMAT, weekly_goal_for
from coach.schedule import toggle_day as toggled
from coach.screening import Access, Answer
from storage import models
from storage.database import Database
from storage.repositories import profiles, reminders
from usecases.records import doctor_cleared
from usecases.reminder_rows import access, is_locked, write_doctor_reminder, write_session_reminder
from usecases.units import user_unit

#: Profile fields the session reminder row is computed from: changing one rewrites the row.
REMINDER_FIELDS = frozenset(
    {
        "training_days",
        "reminder_time",
        "timezone",
        "reminders_enabled",
        "onboarded_at",
        "screening_outcome",
        "red_flag_cleared_at",
    }
)


@dataclass(frozen=True)
class Settings:
    """A profile as the flows show it: the user's choices, and where their programme stands."""

    days: tuple[int, ...] = ()
    reminder_time: str | None = None  # local "HH:MM"
    timezone: str | None = None
    reminders_on: bool = True
    doctor_cleared: bool = False
    experience: str | None = None
    onboarded: bool = False
    locked: bool = False  # a red flag no clinician has cleared yet
    gentle_only: bool = False  # no clinician has said exercise is fine yet: the gentle programme only
    equipment: frozenset[Kit] | None = None  # what the user has at home; None: not asked yet


def settings_of(profile: models.Profile | None) -> Settings:
    """The settings a profile row holds (the defaults without one)."""
    if profile is None:
        return Settings()
    return Settings(
        days=profile.training_weekdays,
        reminder_time=profile.reminder_time,
        timezone=profile.timezone,
        reminders_on=profile.reminders_enabled,
        doctor_cleared=doctor_cleared(profile),
        experience=profile.experience,
        onboarded=profile.onboarded_at is not None,
        locked=is_locked(profile),
        gentle_only=access(profile) is Access.GENTLE_ONLY,
        equipment=parse_kit(profile.equipment),
    )


async def load_settings(db: Database, user_id: int) -> Settings | None:
    """The user's settings; None before they have a profile."""
    async with db.reading() as session:
        profile = await profiles.get_profile(session, user_id)
    return settings_of(profile) if profile is not None else None


async def update_profile(session: AsyncSession, user_id: int, now: datetime, **changes: object) -> models.Profile:
    """Store profile fields (the row is created if missing); the reminder rows follow in the same unit."""
    profile = await profiles.update_profile(session, user_id, now=now, **changes)
    if REMINDER_FIELDS & set(changes):
        await write_session_reminder(session, profile, now=now)
    if "doctor_check" in changes:
        await write_doctor_reminder(session, profile, now=now)
    return profile


# ------------------------------------------------------------------------------------- the schedule ---


async def toggle_day(db: Database, user_id: int, day: int, now: datetime) -> tuple[int, ...]:
    """A weekday tapped: the new choice is stored at once, with the weekly goal it means; the days chosen now."""
    async with user_unit(db, user_id) as session:
        profile = await profiles.get_profile(session, user_id)
        days = toggled(profile.training_weekdays if profile else (), day)
        await update_profile(session, user_id, now, training_days=days, weekly_goal=weekly_goal_for(days))
    return days


async def set_days(db: Database, user_id: int, days: tuple[int, ...], now: datetime) -> None:
    """Days typed in a message ("Mon, Wed and Fri"): the choice so far, stored at once like a tapped day."""
    async with user_unit(db, user_id) as session:
        await update_profile(session, user_id, now, training_days=days, weekly_goal=weekly_goal_for(days))


async def toggle_equipment(db: Database, user_id: int, kit: Kit, now: datetime) -> frozenset[Kit]:
    """A kind of equipment tapped: had or not, stored at once (the planner reads it: ``coach.equipment``)."""
    async with user_unit(db, user_id) as session:
        profile = await profiles.get_profile(session, user_id)
        owned = parse_kit(profile.equipment if profile else None) or frozenset()
        owned = owned - {kit} if kit in owned else owned | {kit}
        await update_profile(session, user_id, now, equipment=kit_text(owned))
    return owned


async def set_no_equipment(db: Database, user_id: int, now: datetime) -> None:
    """None of these: the user has no band, weights or bench."""
    async with user_unit(db, user_id) as session:
        await update_profile(session, user_id, now, equipment=kit_text(()))


async def set_reminder_time(db: Database, user_id: int, at: time, now: datetime) -> str:
    """The local time of the session reminder; the time as stored and shown ("07:30")."""
    shown = at.strftime(STORED_TIME_FORMAT)
    async with user_unit(db, user_id) as session:
        await update_profile(session, user_id, now, reminder_time=shown)
    return shown


async def set_timezone(db: Database, user_id: int, zone: str, now: datetime) -> None:
    """The user's IANA zone (read by the flows' pickers, never trusted unchecked)."""
    async with user_unit(db, user_id) as session:
        await update_profile(session, user_id, now, timezone=zone)


async def set_reminders(db: Database, user_id: int, *, enabled: bool, now: datetime) -> None:
    """Reminders on or off in one unit of work: the profile flag, every reminder row, then the session row."""
    async with user_unit(db, user_id) as session:
        profile = await profiles.update_profile(session, user_id, now=now, reminders_enabled=enabled)
        await reminders.set_user_reminders_enabled(session, user_id, enabled, now=now)
        await write_session_reminder(session, profile, now=now)


async def record_doctor_check(db: Database, user_id: int, now: datetime) -> None:
    """A clinician said exercise is fine (article rule 1): recorded with its date; strengthening opens."""
    async with user_unit(db, user_id) as session:
        await update_profile(session, user_id, now, doctor_check=Answer.YES.value, doctor_check_at=now)
