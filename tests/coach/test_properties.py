"""Property-based tests (hypothesis) for the safety-critical invariants of the coaching core."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.catalogue import Slot, load_catalogue
from coach.dose import rung_index
from coach.planner import plan_session
from coach.progression import apply_session, next_progress
from coach.records import ExerciseProgress, Outcome, Profile
from coach.schedule import next_occurrence

CATALOGUE = load_catalogue()
STRENGTH_TRACKS = [
    t for slot in Slot if slot is not Slot.WARMUP for t in CATALOGUE.tracks_in_slot(slot)
]
ZONES = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"]

PROPERTY = settings(
    max_examples=2000 if os.environ.get("COACH_THOROUGH") == "1" else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# ------------------------------------------------------------------------------------------ strategies ---


@st.composite
def track_progress(draw: st.DrawFn, track: str | None = None) -> ExerciseProgress:
    track_id = track or draw(st.sampled_from(STRENGTH_TRACKS))
    cards = CATALOGUE.track(track_id)
    card = draw(st.sampled_from(cards))
    dose = draw(st.sampled_from(card.rungs))
    return ExerciseProgress(
        track=track_id,
        exercise_id=card.id,
        dose=dose,
        greens_at_dose=draw(st.integers(0, 2)),
        yellows_in_row=draw(st.integers(0, 2)),
        last_done=draw(st.none() | st.dates(date(2026, 1, 1), date(2026, 3, 1))),
    )


profiles = st.builds(
    Profile,
    level=st.integers(0, 4),
    doctor_cleared=st.booleans(),
    paused=st.booleans(),
    level4_unlocked=st.booleans(),
    excluded=st.frozensets(st.sampled_from([c.id for c in CATALOGUE if c.level > 0]), max_size=4),
)


def global_rank(progress: ExerciseProgress) -> int:
    """Position on the whole chain: every rung of every card of the track, easiest first."""
    cards = CATALOGUE.track(progress.track)
    ids = [c.id for c in cards]
    index = ids.index(progress.exercise_id)
    before = sum(len(c.rungs) for c in cards[:index])
    return before + rung_index(cards[index].rungs, progress.dose)


# --------------------------------------------------------------------------------------- progression ---


@PROPERTY
@given(track_progress(), profiles, st.sampled_from(Outcome), st.booleans())
def test_property_progression_never_moves_more_than_one_step(
    progress: ExerciseProgress, profile: Profile, outcome: Outcome, hold: bool
) -> None:
    after = next_progress(progress, outcome, profile, hold=hold, catalogue=CATALOGUE)
    assert abs(global_rank(after) - global_rank(progress)) <= 1
    assert after.track == progress.track


@PROPERTY
@given(track_progress(), profiles, st.sampled_from(Outcome), st.booleans())
def test_property_progression_never_raises_a_dose_while_paused(
    progress: ExerciseProgress, profile: Profile, outcome: Outcome, hold: bool
) -> None:
    paused = Profile(**{**profile.__dict__, "paused": True})
    after = next_progress(progress, outcome, paused, hold=hold, catalogue=CATALOGUE)
    assert after == progress  # frozen: nothing moves at all


@PROPERTY
@given(track_progress(), profiles, st.sampled_from([Outcome.RED, Outcome.YELLOW]), st.booleans())
def test_property_progression_never_raises_a_dose_after_red_or_yellow(
    progress: ExerciseProgress, profile: Profile, outcome: Outcome, hold: bool
) -> None:
    after = next_progress(progress, outcome, profile, hold=hold, catalogue=CATALOGUE)
    assert global_rank(after) <= global_rank(progress)
    if outcome is Outcome.RED and global_rank(progress) > 0 and not profile.paused:
        assert global_rank(after) == global_rank(progress) - 1


@PROPERTY
@given(track_progress(), profiles, st.sampled_from([Outcome.UNANSWERED, Outcome.PENDING]))
def test_property_progression_unanswered_changes_nothing(
    progress: ExerciseProgress, profile: Profile, outcome: Outcome
) -> None:
    assert next_progress(progress, outcome, profile, catalogue=CATALOGUE) == progress


@PROPERTY
@given(track_progress(), profiles)
def test_property_progression_never_raises_while_held(progress: ExerciseProgress, profile: Profile) -> None:
    after = next_progress(progress, Outcome.GREEN, profile, hold=True, catalogue=CATALOGUE)
    assert global_rank(after) == global_rank(progress)


@PROPERTY
@given(track_progress(), profiles, st.lists(st.sampled_from(Outcome), max_size=30))
def test_property_progression_over_many_sessions_steps_one_at_a_time_and_stays_open(
    progress: ExerciseProgress, profile: Profile, outcomes: Sequence[Outcome]
) -> None:
    start_card = CATALOGUE[progress.exercise_id]
    state = progress
    for outcome in outcomes:
        after = next_progress(state, outcome, profile, catalogue=CATALOGUE)
        assert abs(global_rank(after) - global_rank(state)) <= 1
        card = CATALOGUE[after.exercise_id]
        if card.id != start_card.id and global_rank(after) > global_rank(progress):
            # moving up never lands on a card the user may not do
            assert profile.allows(card.level, card.locked)
        state = after


@PROPERTY
@given(track_progress(), profiles)
def test_property_two_greens_never_skip_a_rung(progress: ExerciseProgress, profile: Profile) -> None:
    once = next_progress(progress, Outcome.GREEN, profile, catalogue=CATALOGUE)
    twice = next_progress(once, Outcome.GREEN, profile, catalogue=CATALOGUE)
    assert global_rank(twice) - global_rank(progress) <= 1


# ---------------------------------------------------------------------------------------------- planner ---


@st.composite
def progress_maps(draw: st.DrawFn) -> dict[str, ExerciseProgress]:
    tracks = draw(st.lists(st.sampled_from(STRENGTH_TRACKS), unique=True))
    return {t: draw(track_progress(t)) for t in tracks}


@PROPERTY
@given(profiles, progress_maps(), st.dates(date(2026, 1, 1), date(2027, 1, 1)), st.booleans())
def test_property_plan_starts_with_warmup_and_never_contains_a_locked_exercise(
    profile: Profile, progress: dict[str, ExerciseProgress], today: date, minimum: bool
) -> None:
    plan = plan_session(profile, progress, today, minimum=minimum, catalogue=CATALOGUE)
    assert plan.items[0].slot is Slot.WARMUP
    seen_strength = False
    for item in plan.items:
        seen_strength = seen_strength or item.slot is not Slot.WARMUP
        assert not (seen_strength and item.slot is Slot.WARMUP)  # warm-up only at the start
        card = item.exercise
        if card.locked:
            assert profile.level4_unlocked
        assert card.level <= max(profile.level, 0)
        assert card.id not in profile.excluded
        assert item.dose in card.rungs
    slots = [i.slot for i in plan.exercises]
    assert len(slots) == len(set(slots))  # one exercise per slot
    if profile.paused or not profile.doctor_cleared:
        assert not plan.exercises


@PROPERTY
@given(profiles, progress_maps(), st.dates(date(2026, 1, 1), date(2027, 1, 1)), st.booleans())
def test_property_plan_same_inputs_same_plan(
    profile: Profile, progress: dict[str, ExerciseProgress], today: date, minimum: bool
) -> None:
    first = plan_session(profile, progress, today, minimum=minimum, catalogue=CATALOGUE)
    again = plan_session(profile, dict(reversed(list(progress.items()))), today, minimum=minimum)
    assert first == again


# --------------------------------------------------------------------------------------------- reminders ---

# Times around the small hours, where every DST transition of these zones happens, half the time.
local_times = st.one_of(
    st.builds(time, st.integers(0, 4), st.sampled_from([0, 15, 30, 45, 59])),
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
)


def _transitions(zone: str) -> list[datetime]:
    tz = ZoneInfo(zone)
    found: list[datetime] = []
    t = datetime(2025, 1, 1, tzinfo=UTC)
    prev = t.astimezone(tz).utcoffset()
    while t < datetime(2028, 1, 1, tzinfo=UTC):
        t += timedelta(minutes=15)
        offset = t.astimezone(tz).utcoffset()
        if offset != prev:
            found.append(t)
            prev = offset
    return found or [datetime(2026, 6, 1, tzinfo=UTC)]


TRANSITIONS = {zone: _transitions(zone) for zone in ZONES}


@st.composite
def reminder_inputs(draw: st.DrawFn) -> tuple[datetime, str, frozenset[int], time]:
    zone = draw(st.sampled_from(ZONES))
    near = draw(st.sampled_from(TRANSITIONS[zone])) + timedelta(minutes=draw(st.integers(-9 * 1440, 2 * 1440)))
    anywhere = draw(st.datetimes(datetime(2024, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)))
    after = draw(st.sampled_from([near, anywhere]))
    weekdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    return after, zone, weekdays, draw(local_times)


def _exists(day: date, wall: time, tz: ZoneInfo) -> bool:
    naive = datetime.combine(day, wall)
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


@PROPERTY
@given(reminder_inputs())
def test_property_next_reminder_in_future_on_chosen_day_at_chosen_or_first_valid_time(
    inputs: tuple[datetime, str, frozenset[int], time],
) -> None:
    after, zone, weekdays, wall = inputs
    tz = ZoneInfo(zone)
    result = next_occurrence(after, zone, weekdays, wall)
    assert result.tzinfo is not None and result.utcoffset() == timedelta(0)
    assert result > after
    local = result.astimezone(tz)
    assert local.weekday() in weekdays
    if _exists(local.date(), wall, tz):
        assert local.time() == wall
        assert local.fold == 0  # an ambiguous wall time fires at its first occurrence only
    else:
        # the wall time is in a spring-forward gap: the result is the instant the clocks jump past it
        just_before = (result - timedelta(seconds=1)).astimezone(tz).replace(tzinfo=None)
        target = datetime.combine(local.date(), wall)
        assert just_before < target < local.replace(tzinfo=None)
    # nothing was skipped: no chosen weekday lies strictly between the start day and the result day
    start_day = after.astimezone(tz).date()
    day = start_day + timedelta(days=1)
    while day < local.date():
        assert day.weekday() not in weekdays
        day += timedelta(days=1)
    if local.date() > start_day and start_day.weekday() in weekdays:
        # the start day's occurrence had already passed
        if _exists(start_day, wall, tz):
            same_day = datetime.combine(start_day, wall).replace(tzinfo=tz, fold=0).astimezone(UTC)
            assert same_day <= after
        else:
            assert after.astimezone(tz).replace(tzinfo=None) > datetime.combine(start_day, wall)


@PROPERTY
@given(reminder_inputs())
def test_property_reminders_fire_at_most_once_per_local_day(
    inputs: tuple[datetime, str, frozenset[int], time],
) -> None:
    after, zone, weekdays, wall = inputs
    tz = ZoneInfo(zone)
    fired: list[date] = []
    instant = after
    for _ in range(6):
        instant = next_occurrence(instant, zone, weekdays, wall)
        fired.append(instant.astimezone(tz).date())
    assert fired == sorted(set(fired))


# -------------------------------------------------------------------------- whole programme simulation ---


@settings(PROPERTY, max_examples=60)
@given(
    profiles,
    st.lists(st.tuples(st.sampled_from(Outcome), st.booleans(), st.booleans()), min_size=1, max_size=15),
)
def test_property_programme_simulation_moves_each_track_at_most_one_step_per_session(
    profile: Profile, sessions: list[tuple[Outcome, bool, bool]]
) -> None:
    progress: dict[str, ExerciseProgress] = {}
    day = date(2026, 1, 5)
    for outcome, minimum, stop_first in sessions:
        plan = plan_session(profile, progress, day, minimum=minimum, catalogue=CATALOGUE)
        stopped = {plan.exercises[0].exercise.id} if stop_first and plan.exercises else set()
        after = apply_session(progress, plan, outcome, profile, stopped=stopped, catalogue=CATALOGUE)
        for item in plan.exercises:
            new = after[item.track]
            card = CATALOGUE[new.exercise_id]
            assert profile.allows(card.level, card.locked)  # never moved into a locked or too-hard card
            full = ExerciseProgress(item.track, item.exercise.id, item.dose)
            stored = progress.get(item.track)
            if stored is not None and stored.exercise_id == item.exercise.id:
                full = stored
            if item.exercise.id in stopped:
                # the stop rule: the easier version next time (or stays at the very start of the chain)
                assert global_rank(new) < global_rank(full) or global_rank(full) == 0
            else:
                assert abs(global_rank(new) - global_rank(full)) <= 1
                if outcome in (Outcome.RED, Outcome.UNANSWERED, Outcome.YELLOW, Outcome.PENDING):
                    assert global_rank(new) <= global_rank(full)
        progress = after
        day += timedelta(days=2)


@PROPERTY
@given(st.text(max_size=20))
def test_property_pain_score_reading_gives_a_score_or_a_reason(text: str) -> None:
    from coach.pain import read_pain_score

    reading = read_pain_score(text)
    assert (reading.score is None) != (reading.problem is None)
    if reading.score is not None:
        assert 0 <= reading.score <= 10
