"""The red-flag lock's use cases (clinical.md s. 2, "Locks"): raising a flag, clearing it, reading it.

A flag is raised in the unit of work that stores the answer (onboarding's screen, the urgent questions of /pain
and of a session's "It hurts"): the profile's ``screening_outcome`` names the decision, ``red_flag_cleared_at``
is emptied, a ``red_flags`` row keeps which questions and when, and the session reminder follows (off while
locked). Clearing records the user's statement that a clinician examined them after the flag's date and
cleared exercise. :func:`load_lock` gives the open flag as the user is told about it (``conversations.lock``
renders it), :func:`urgent_lock` the same for the guard in front of every flow, read only when
:func:`standing` (one statement on every update: is the user known, is their outcome urgent) says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from coach.emergency import EmergencyNumbers, country_of, numbers_for
from coach.screening import Answer, Decision, decision_of_flags, is_urgent
from storage import models
from storage.database import Database
from storage.repositories import profiles, red_flags, screening, users
from usecases.records import decision_value, screening_decision, stored_decision, user_zone
from usecases.reminder_rows import is_locked, write_session_reminder


@dataclass(frozen=True)
class Lock:
    """An open red flag as the user is told about it."""

    decision: Decision
    question_ids: tuple[str, ...]
    raised_on: date  # the user's local date the flag was raised
    flag_ref: int  # the newest open flag's id: a clearance button names it, so an older button is stale
    numbers: EmergencyNumbers
    has_programme: bool

    @property
    def urgent(self) -> bool:
        return is_urgent(self.decision)


# ----------------------------------------------------------------------------------- raising, clearing ---


async def raise_flag(
    session: AsyncSession,
    user_id: int,
    question_ids: tuple[str, ...],
    *,
    source: str,
    now: datetime,
    **profile_changes: object,
) -> models.Profile:
    """Lock the programme for these flagged questions: profile, flag row and session reminder in one unit."""
    decision = decision_value(decision_of_flags(question_ids))
    await red_flags.raise_flag(
        session, user_id=user_id, decision=decision, question_ids=question_ids, source=source, now=now
    )
    profile = await profiles.update_profile(
        session, user_id, now=now, screening_outcome=decision, screened_at=now, red_flag_cleared_at=None,
        **profile_changes,
    )
    await write_session_reminder(session, profile, now=now)
    return profile


async def clear_flags(session: AsyncSession, user_id: int, words: str, now: datetime) -> models.Profile:
    """The user said a clinician examined them after the flag and cleared exercise: record it in their words
    (which flags, when raised, when cleared, what they said), lift the lock."""
    await red_flags.clear_open_flags(session, user_id, clearance=words, now=now)
    profile = await profiles.update_profile(session, user_id, now=now, red_flag_cleared_at=now)
    await write_session_reminder(session, profile, now=now)
    return profile


async def cleared_question_ids(session: AsyncSession, user_id: int) -> frozenset[str]:
    """Every question a clinician has already cleared for this user (from the recorded clearances)."""
    flags = await red_flags.all_flags(session, user_id)
    return frozenset(qid for flag in flags if flag.cleared_at is not None for qid in flag.question_ids.split(","))


@dataclass(frozen=True)
class Standing:
    """What the guards in front of every flow need to know of a user, read in one statement."""

    known: bool  # the database has the user (not before their first command, nor after /delete)
    urgent: bool  # their stored screening outcome names an urgent decision (the lock may hold everything)


async def standing(db: Database, user_id: int) -> Standing:
    """Is the user known, and does their stored outcome name an urgent decision? One statement, for every
    update; the lock itself is read (:func:`urgent_lock`) only when it does."""
    known, outcome = await profiles.guard_read(db, user_id)
    decision = stored_decision(outcome)
    return Standing(known, decision is not None and is_urgent(decision))


async def urgent_lock(db: Database, user_id: int, default_timezone: str) -> Lock | None:
    """The user's open flag if it is an urgent one (after :func:`standing` said it may be), else None."""
    async with db.reading() as session:
        lock = await load_lock(session, user_id, default_timezone)
    return lock if lock is not None and lock.urgent else None


async def load_lock(session: AsyncSession, user_id: int, default_timezone: str) -> Lock | None:
    """The user's open flag as they are told about it, or None when nothing is locked."""
    profile = await profiles.get_profile(session, user_id)
    if profile is None or not is_locked(profile):
        return None
    return await _lock_of(session, profile, default_timezone)


async def _lock_of(session: AsyncSession, profile: models.Profile, default_timezone: str) -> Lock:
    flags = await red_flags.open_flags(session, profile.user_id)
    if flags:
        ids = tuple(dict.fromkeys(qid for flag in flags for qid in flag.question_ids.split(",") if qid))
        raised_at, ref = flags[0].raised_at, flags[-1].id or 0
    else:  # flagged before flags had rows: the stored answers and the screening time say the same
        answers = await screening.answers_for_user(session, profile.user_id)
        ids = tuple(qid for qid, row in answers.items() if row.answer != Answer.NO.value)
        raised_at, ref = profile.screened_at or profile.updated_at, 0
    user = await users.get_user(session, profile.user_id)
    zone = user_zone(profile, default_timezone)
    country = country_of(profile.timezone, user.language_code if user else None)
    return Lock(
        decision=screening_decision(profile) or Decision.CLEAR,
        question_ids=ids,
        raised_on=raised_at.astimezone(zone).date(),
        flag_ref=ref,
        numbers=numbers_for(country),
        has_programme=profile.onboarded_at is not None,
    )
