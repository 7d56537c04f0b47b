"""Profiles: created once, updated by field, onboarding progress, database checks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from storage.database import Database
from storage.models import Profile
from storage.repositories import profiles


async def test_get_or_create_is_idempotent_with_defaults(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        first = await profiles.get_or_create_profile(session, user_id, now=now)
        again = await profiles.get_or_create_profile(session, user_id, now=now + timedelta(days=1))
    assert first.user_id == again.user_id == user_id
    assert (again.level, again.paused, again.reminders_enabled, again.training_weekdays) == (1, False, True, ())
    assert (again.weekly_goal, again.excluded_exercises, again.red_flag_cleared_at) == (4, "", None)
    assert again.updated_at == now


async def test_update_profile_fields_and_training_days(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        await profiles.update_profile(
            session,
            user_id,
            now=now,
            timezone="Europe/Berlin",
            training_days=(4, 0, 2),
            reminder_time="18:30",
            doctor_check="not_yet",
            doctor_check_at=now,
            baseline_pain=4,
        )
    async with db.session() as session:
        profile = await profiles.get_profile(session, user_id)
    assert profile is not None
    assert profile.training_days == "0,2,4"
    assert profile.training_weekdays == (0, 2, 4)
    assert (profile.timezone, profile.reminder_time, profile.doctor_check) == ("Europe/Berlin", "18:30", "not_yet")
    assert (profile.doctor_check_at, profile.baseline_pain) == (now, 4)


async def test_update_profile_rejects_unknown_fields(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        with pytest.raises(ValueError, match="unknown profile fields"):
            await profiles.update_profile(session, user_id, now=now, levle=2)


async def test_onboarding_step_and_finish(db: Database, user_id: int, now: datetime) -> None:
    async with db.session() as session:
        profile = await profiles.update_profile(session, user_id, now=now, onboarding_step="screening")
        assert (profile.onboarding_step, profile.onboarded_at) == ("screening", None)
        profile = await profiles.update_profile(session, user_id, now=now, onboarding_step="done", onboarded_at=now)
    assert (profile.onboarding_step, profile.onboarded_at) == ("done", now)


@pytest.mark.parametrize(("field", "value"), [("level", 5), ("level", -1), ("baseline_pain", 11)])
async def test_database_refuses_out_of_range_values(db: Database, user_id: int, field: str, value: int) -> None:
    with pytest.raises(IntegrityError):
        async with db.session() as session:
            profile = await session.get(Profile, user_id)
            assert profile is not None
            setattr(profile, field, value)
