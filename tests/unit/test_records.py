"""usecases.records: rows -> coach records -> rows, on a real (migrated) SQLite file through storage."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.dose import Dose
from coach.planner import plan_session
from coach.records import CheckinContext, ExerciseProgress, Outcome, PainCheckin, Profile, SessionKind
from coach.screening import Decision
from storage.database import Database
from storage.models import Profile as ProfileRow
from storage.repositories import pain, profiles, progress, session_logs, users
from usecases import records

NOW = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # a Monday, late evening in London
USER = 7_000_000_001


@pytest.fixture
async def db(migrated_db: Database) -> Database:
    """The migrated database with one user in it."""
    async with migrated_db.session() as session:
        await users.record_seen(session, user_id=USER, chat_id=USER, first_name="A", language_code="en", now=NOW)
    return migrated_db


async def test_profile_row_to_record(db: Database) -> None:
    async with db.session() as session:
        row = await profiles.update_profile(
            session, USER, now=NOW, timezone="Asia/Tokyo", doctor_check="yes", screening_outcome="doctor_today",
            red_flag_cleared_at=NOW, excluded_exercises="pallof_press, band_rotation", weekly_goal=5,
            level_since=date(2026, 2, 1), pre_flare_baseline=3, level4_unlocked=True, technique_confirmed_at=NOW,
            baseline_pain=2, paused=True, level=2,
        )
    record = records.profile_record(row)
    assert record == Profile(
        level=2, doctor_cleared=True, paused=True, level4_unlocked=True, screening=Decision.DOCTOR_TODAY,
        red_flag_cleared=True, weekly_goal=5, level_since=date(2026, 2, 1), baseline_pain=2, pre_flare_baseline=3,
        technique_confirmed=True, excluded=frozenset({"pallof_press", "band_rotation"}),
    )
    assert records.local_date(row, "Europe/London", NOW) == date(2026, 3, 3)  # already Tuesday in Tokyo


async def test_profile_changes_round_trip(db: Database) -> None:
    async with db.session() as session:
        row = await profiles.update_profile(session, USER, now=NOW, doctor_check="not_sure", screening_outcome="clear")
    record = records.profile_record(row)
    assert not record.doctor_cleared and record.screening is Decision.CLEAR
    changed = Profile(level=0, paused=True, pre_flare_baseline=4, level_since=date(2026, 3, 1))
    async with db.session() as session:
        row = await profiles.update_profile(session, USER, now=NOW, **records.profile_changes(changed))
    again = records.profile_record(row)
    assert (again.level, again.paused, again.pre_flare_baseline, again.level_since) == (0, True, 4, date(2026, 3, 1))


def test_defaults_and_unknown_values() -> None:
    assert records.profile_record(None) == Profile()
    emergency = ProfileRow(user_id=1, screening_outcome="emergency_now")
    assert records.screening_decision(emergency) is Decision.EMERGENCY_NOW
    assert records.screening_decision(ProfileRow(user_id=1)) is None  # not screened yet
    assert records.decision_value(Decision.CLINICIAN_GO_AHEAD) == "clinician_go_ahead"
    with pytest.raises(ValueError):
        records.screening_decision(ProfileRow(user_id=1, screening_outcome="maybe"))
    assert records.local_date(None, "Europe/London", NOW) == date(2026, 3, 2)


async def test_progress_round_trip(db: Database) -> None:
    stored = {
        "bird_dog": ExerciseProgress(
            "bird_dog", "bird_dog", Dose(7, 1, 5), greens_at_dose=1, last_done=date(2026, 3, 1)
        ),
        "bridge": ExerciseProgress(
            "bridge", "glute_bridge", Dose(5, 1, 3), yellows_in_row=1,
            pre_flare_exercise_id="glute_bridge", pre_flare_dose=Dose(7, 1, 3),
        ),
    }
    async with db.session() as session:
        await progress.upsert_progress(session, USER, records.progress_changes(stored), now=NOW)
    async with db.session() as session:
        rows = await progress.get_progress(session, USER)
    assert records.progress_records(rows) == stored
    moved = {**stored, "bird_dog": ExerciseProgress("bird_dog", "bird_dog", Dose(8, 1, 5))}
    assert set(records.progress_changes(moved, before=stored)) == {"bird_dog"}


async def test_session_round_trip(db: Database) -> None:
    plan = plan_session(Profile(doctor_cleared=True), {}, date(2026, 3, 2))
    async with db.session() as session:
        log = await session_logs.start_session(
            session, user_id=USER, local_date=plan.day, kind=plan.kind, plan=records.plan_json(plan), now=NOW, level=1
        )
        assert log.id is not None
        await session_logs.finish_session(session, log.id, status="completed", now=NOW + timedelta(minutes=20))
    async with db.session() as session:
        row = await session_logs.get_session_log(session, log.id)
    assert row is not None
    assert records.session_plan(row) == plan
    record = records.session_record(row)
    assert record.completed and record.outcome is Outcome.PENDING and record.kind is SessionKind.FULL
    assert record.exercise_ids == tuple(i.exercise.id for i in plan.items) and record.level == 1


async def test_pain_round_trip(db: Database) -> None:
    checkin = PainCheckin(CheckinContext.NEXT_MORNING, 4, NOW, leg_symptoms=True, back_to_baseline=False)
    async with db.session() as session:
        await pain.record_pain(
            session, user_id=USER, context=checkin.context, score=checkin.score, now=checkin.recorded_at,
            back_to_baseline=checkin.back_to_baseline, leg_symptoms=checkin.leg_symptoms,
        )
    async with db.session() as session:
        rows = await pain.pain_in_window(session, USER, since=NOW - timedelta(days=1), until=NOW + timedelta(days=1))
    assert records.pain_records(rows) == [checkin]



async def test_load_user_state_and_save_only_what_changed(db: Database) -> None:
    async with db.session() as session:
        await profiles.update_profile(session, USER, now=NOW, timezone="Asia/Tokyo", screening_outcome="clear")
        state = await records.load_user_state(session, USER, "Europe/London", NOW)
    assert not state.onboarded and state.today == date(2026, 3, 3) and state.progress == {}
    first = {"bird_dog": ExerciseProgress("bird_dog", "bird_dog", Dose(5, 1, 5))}
    later = NOW + timedelta(hours=1)
    async with db.session() as session:
        await records.save_progress(session, USER, first, {}, NOW)
        await records.save_progress(session, USER, first, first, later)  # nothing changed: nothing written
        await profiles.update_profile(session, USER, now=NOW, onboarded_at=NOW)
        state = await records.load_user_state(session, USER, "Europe/London", NOW)
        rows = await progress.get_progress(session, USER)
    assert state.onboarded and state.progress == first
    assert rows["bird_dog"].updated_at == NOW
