"""Schedule maths (clinical.md section 5; article rule 3: train 4-5 times per week)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.records import SessionKind, SessionRecord
from coach.schedule import (
    adherence,
    days_choice_needs_nudge,
    next_occurrence,
    sessions_done,
    toggle_day,
    validate_weekly_goal,
    week_start,
    week_status,
    weekly_goal_for,
    weekly_streak,
)

EVERY_DAY = range(7)
SUNDAY = {6}
SATURDAY = {5}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_next_occurrence_plain_day_in_kathmandu_quarter_hour_offset() -> None:
    # Kathmandu is UTC+5:45 all year
    assert next_occurrence(utc(2026, 3, 2, 0, 0), "Asia/Kathmandu", EVERY_DAY, time(7, 0)) == utc(2026, 3, 2, 1, 15)
    assert next_occurrence(utc(2026, 3, 2, 1, 15), "Asia/Kathmandu", EVERY_DAY, time(7, 0)) == utc(2026, 3, 3, 1, 15)


def test_next_occurrence_is_strictly_after() -> None:
    at = utc(2026, 3, 2, 8, 0)  # 08:00 in London (GMT)
    assert next_occurrence(at, "Europe/London", EVERY_DAY, time(8, 0)) == utc(2026, 3, 3, 8, 0)
    assert next_occurrence(at - timedelta(microseconds=1), "Europe/London", EVERY_DAY, time(8, 0)) == at


def test_next_occurrence_only_on_chosen_weekdays() -> None:
    # 2026-03-02 is a Monday; Wednesday (2) and Friday (4) chosen
    result = next_occurrence(utc(2026, 3, 2, 12, 0), "Europe/London", {2, 4}, time(18, 30))
    assert result == utc(2026, 3, 4, 18, 30)
    result = next_occurrence(utc(2026, 3, 6, 19, 0), "Europe/London", {2, 4}, time(18, 30))
    assert result == utc(2026, 3, 11, 18, 30)


def test_next_occurrence_a_week_ahead_when_today_is_the_only_day_and_passed() -> None:
    result = next_occurrence(utc(2026, 3, 2, 20, 0), "Europe/London", {0}, time(18, 0))
    assert result == utc(2026, 3, 9, 18, 0)


@pytest.mark.parametrize(
    ("zone", "after", "weekdays", "local", "expected"),
    [
        # spring forward: the missing time moves forward to the moment the clocks jump
        ("Europe/London", utc(2026, 3, 28, 12), SUNDAY, time(1, 30), utc(2026, 3, 29, 1, 0)),
        ("America/New_York", utc(2026, 3, 7, 12), SUNDAY, time(2, 30), utc(2026, 3, 8, 7, 0)),
        ("Australia/Lord_Howe", utc(2026, 10, 3, 0), SUNDAY, time(2, 15), utc(2026, 10, 3, 15, 30)),
        ("Pacific/Chatham", utc(2026, 9, 26, 0), SUNDAY, time(3, 0), utc(2026, 9, 26, 14, 0)),
        # an existing time on a DST day keeps its wall time
        ("Europe/London", utc(2026, 3, 28, 12), SUNDAY, time(9, 0), utc(2026, 3, 29, 8, 0)),
        ("Pacific/Chatham", utc(2026, 9, 26, 0), SUNDAY, time(9, 0), utc(2026, 9, 26, 19, 15)),
    ],
)
def test_rule_reminders_a_time_missing_that_day_moves_forward(
    zone: str, after: datetime, weekdays: set[int], local: time, expected: datetime
) -> None:
    result = next_occurrence(after, zone, weekdays, local)
    assert result == expected
    assert result.astimezone(ZoneInfo(zone)).time() >= local


def test_rule_reminders_a_missing_time_already_passed_at_the_jump_goes_to_the_next_day() -> None:
    # Chatham jumps 02:45 -> 03:45 at 14:00 UTC; 03:00 that day is due exactly then, so not again after it
    result = next_occurrence(utc(2025, 9, 27, 14, 0), "Pacific/Chatham", EVERY_DAY, time(3, 0))
    assert result == utc(2025, 9, 28, 13, 15)  # 03:00 +13:45 the next day


@pytest.mark.parametrize(
    ("zone", "after", "local", "first"),
    [
        ("Europe/London", utc(2026, 10, 24, 12), time(1, 30), utc(2026, 10, 25, 0, 30)),
        ("America/New_York", utc(2026, 10, 31, 12), time(1, 30), utc(2026, 11, 1, 5, 30)),
        ("Australia/Lord_Howe", utc(2026, 4, 4, 0), time(1, 45), utc(2026, 4, 4, 14, 45)),
        ("Pacific/Chatham", utc(2026, 4, 4, 0), time(3, 0), utc(2026, 4, 4, 13, 15)),
    ],
)
def test_rule_reminders_an_ambiguous_time_fires_once(
    zone: str, after: datetime, local: time, first: datetime
) -> None:
    day = first.astimezone(ZoneInfo(zone)).date()
    chosen = {day.weekday()}
    fired = next_occurrence(after, zone, chosen, local)
    assert fired == first
    following = next_occurrence(fired, zone, chosen, local)
    assert following.astimezone(ZoneInfo(zone)).date() == day + timedelta(days=7)


def test_next_occurrence_rejects_naive_instant_and_bad_weekdays() -> None:
    with pytest.raises(ValueError):
        next_occurrence(datetime(2026, 3, 2), "Europe/London", EVERY_DAY, time(8))
    with pytest.raises(ValueError):
        next_occurrence(utc(2026, 3, 2), "Europe/London", set(), time(8))
    with pytest.raises(ValueError):
        next_occurrence(utc(2026, 3, 2), "Europe/London", {7}, time(8))


# --------------------------------------------------------------------------------------- weekly goal ---

MONDAY = date(2026, 3, 2)


def done(day: date, kind: SessionKind = SessionKind.FULL) -> SessionRecord:
    return SessionRecord(day, True, kind=kind)


def test_rule_train_4_to_5_times_a_week_goal_choices() -> None:
    assert validate_weekly_goal(4) == 4 and validate_weekly_goal(5) == 5
    for bad in (0, 3, 6):
        with pytest.raises(ValueError):
            validate_weekly_goal(bad)


def test_toggling_weekdays() -> None:
    days = toggle_day((), 0)
    days = toggle_day(days, 4)
    days = toggle_day(days, 2)
    assert days == (0, 2, 4)
    assert toggle_day(days, 2) == (0, 4)
    for bad in (7, -1):
        with pytest.raises(ValueError):
            toggle_day(days, bad)


def test_rule_train_4_to_5_times_a_week_goal_follows_the_days_and_fewer_than_3_get_a_nudge() -> None:
    assert [weekly_goal_for(range(n)) for n in range(8)] == [4, 4, 4, 4, 4, 5, 5, 5]
    assert [days_choice_needs_nudge(range(n)) for n in range(5)] == [False, True, True, False, False]


def test_rule_train_4_to_5_times_a_week_status() -> None:
    sessions = [done(MONDAY), done(MONDAY + timedelta(days=2)), done(MONDAY - timedelta(days=1))]
    status = week_status(sessions, MONDAY + timedelta(days=3), 4)
    assert (status.done, status.remaining, status.met) == (2, 2, False)
    sessions += [done(MONDAY + timedelta(days=4)), done(MONDAY + timedelta(days=6))]
    assert week_status(sessions, MONDAY + timedelta(days=6), 4).met


def test_rule_minimum_session_counts_toward_the_week() -> None:
    sessions = [done(MONDAY + timedelta(days=d), SessionKind.MINIMUM) for d in range(4)]
    assert week_status(sessions, MONDAY + timedelta(days=4), 4).met


def test_sessions_count_once_per_day_and_only_when_completed() -> None:
    sessions = [done(MONDAY), done(MONDAY), SessionRecord(MONDAY + timedelta(days=1), False)]
    assert sessions_done(sessions, MONDAY, MONDAY + timedelta(days=6)) == 1


def test_week_starts_on_monday() -> None:
    assert week_start(date(2026, 3, 8)) == MONDAY  # Sunday
    assert week_start(MONDAY) == MONDAY


def four_in_week(monday: date, count: int = 4) -> list[SessionRecord]:
    return [done(monday + timedelta(days=d)) for d in range(0, 2 * count, 2) if d < 7][:count]


def test_tolerant_weekly_streak_counts_weeks_within_one_of_the_goal() -> None:
    today = MONDAY + timedelta(days=1)  # this week has barely started
    weeks = [MONDAY - timedelta(weeks=n) for n in (1, 2, 3)]
    sessions = four_in_week(weeks[0], 4) + four_in_week(weeks[1], 3) + four_in_week(weeks[2], 4)
    assert weekly_streak(sessions, today, 4) == 3  # 3 of 4 keeps it; the week in progress doesn't break it


def test_tolerant_weekly_streak_breaks_on_a_thin_week() -> None:
    today = MONDAY + timedelta(days=1)
    sessions = four_in_week(MONDAY - timedelta(weeks=1), 4) + four_in_week(MONDAY - timedelta(weeks=2), 2)
    sessions += four_in_week(MONDAY - timedelta(weeks=3), 4)
    assert weekly_streak(sessions, today, 4) == 1


def test_tolerant_weekly_streak_counts_the_current_week_once_reached() -> None:
    sessions = four_in_week(MONDAY, 3) + four_in_week(MONDAY - timedelta(weeks=1), 4)
    assert weekly_streak(sessions, MONDAY + timedelta(days=5), 4) == 2
    assert weekly_streak([], MONDAY, 4) == 0


def test_adherence_over_a_window() -> None:
    fortnight = [done(MONDAY + timedelta(days=d)) for d in (0, 2, 4, 6, 7, 9, 11)]
    assert adherence(fortnight, MONDAY, MONDAY + timedelta(days=13), 4) == pytest.approx(7 / 8)
    assert adherence(fortnight * 2, MONDAY, MONDAY + timedelta(days=6), 4) == 1.0  # capped, one per day
    assert adherence([], MONDAY, MONDAY, 5) == 0.0
    with pytest.raises(ValueError):
        adherence([], MONDAY, MONDAY - timedelta(days=1), 4)
