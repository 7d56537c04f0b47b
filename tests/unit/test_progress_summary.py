"""The /progress summary: sessions, adherence and pain by context per week on the user's own calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from coach.records import CheckinContext, SessionRecord
from coach.screening import Access
from conversations.charts import has_data, summarise_weeks, week_label
from conversations.texts import progress as texts
from storage.models import PainCheckin
from usecases.progress import PainScore, local_scores, weekly_goal

TODAY = date(2026, 11, 25)  # a Wednesday; its week starts Monday 23 November


BEFORE, AFTER, MORNING = CheckinContext.BEFORE, CheckinContext.AFTER, CheckinContext.NEXT_MORNING


def done(*days: date) -> list[SessionRecord]:
    return [SessionRecord(local_date=day, completed=True) for day in days]


def after(*scores: tuple[date, int]) -> list[PainScore]:
    """Scores given right after a session."""
    return [PainScore(day, AFTER, score) for day, score in scores]


def test_five_weeks_oldest_first_with_this_week_last() -> None:
    weeks = summarise_weeks([], [], TODAY, goal=4)
    assert [w.monday for w in weeks] == [
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    assert [w.current for w in weeks] == [False, False, False, False, True]
    assert [week_label(w) for w in weeks] == ["26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov\n(this week)"]


def test_sessions_are_counted_per_week_once_a_day_and_only_when_completed() -> None:
    sessions = [
        *done(date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 22)),  # Mon, Wed, Sun of one week
        *done(date(2026, 11, 18)),  # a second session that day counts once
        SessionRecord(local_date=date(2026, 11, 20), completed=False),  # abandoned: not counted
        *done(date(2026, 11, 23)),  # this week
        *done(date(2026, 10, 25)),  # the Sunday before the window
    ]
    weeks = summarise_weeks(sessions, [], TODAY, goal=4)
    assert [w.sessions for w in weeks] == [0, 0, 0, 3, 1]


def test_adherence_is_against_the_whole_weekly_goal_and_capped_at_100_percent() -> None:
    sessions = done(*(date(2026, 11, d) for d in (9, 10, 11, 12, 13, 14))) + done(date(2026, 11, 16))
    weeks = summarise_weeks(sessions, [], TODAY, goal=4)
    assert weeks[2].adherence == 1.0  # 6 of 4
    assert weeks[3].adherence == pytest.approx(0.25)
    assert weeks[4].adherence == 0.0
    assert summarise_weeks(sessions, [], TODAY, goal=5)[3].adherence == pytest.approx(0.2)


def test_average_pain_per_week_and_none_without_scores() -> None:
    pain = after((date(2026, 11, 2), 6), (date(2026, 11, 8), 3), (date(2026, 11, 24), 2))
    weeks = summarise_weeks([], pain, TODAY, goal=4)
    assert [w.pain.get(AFTER) for w in weeks] == [None, 4.5, None, None, 2.0]
    assert [w.pain_scores for w in weeks] == [0, 2, 0, 0, 1]


def test_pain_of_different_contexts_is_never_averaged_together() -> None:
    pain = [
        PainScore(date(2026, 11, 16), BEFORE, 6),
        PainScore(date(2026, 11, 16), AFTER, 2),
        PainScore(date(2026, 11, 17), MORNING, 3),
        PainScore(date(2026, 11, 18), BEFORE, 4),
        PainScore(date(2026, 11, 18), CheckinContext.AD_HOC, 9),  # a flare's score: not a week's measure
    ]
    week = summarise_weeks([], pain, TODAY, goal=4)[3]
    assert dict(week.pain) == {BEFORE: 5.0, AFTER: 2.0, MORNING: 3.0}
    assert list(week.pain) == [BEFORE, AFTER, MORNING]  # in the order of a session day
    assert week.pain_scores == 4


def test_has_data_needs_a_session_or_a_pain_score_in_the_window() -> None:
    assert not has_data(summarise_weeks([], [], TODAY, goal=4))
    assert not has_data(summarise_weeks(done(date(2026, 10, 1)), after((date(2026, 10, 1), 5)), TODAY, goal=4))
    assert has_data(summarise_weeks([], after((date(2026, 11, 25), 0)), TODAY, goal=4))
    assert has_data(summarise_weeks(done(date(2026, 10, 26)), [], TODAY, goal=4))


def test_pain_scores_fall_on_the_users_local_day() -> None:
    late_sunday_utc = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # already Monday in Berlin
    checkin = PainCheckin(user_id=1, context="ad_hoc", score=4, recorded_at=late_sunday_utc)
    ad_hoc = CheckinContext.AD_HOC
    assert local_scores([checkin], ZoneInfo("Europe/Berlin")) == (PainScore(date(2026, 11, 23), ad_hoc, 4),)
    assert local_scores([checkin], ZoneInfo("Europe/London")) == (PainScore(date(2026, 11, 22), ad_hoc, 4),)


def test_an_unknown_weekly_goal_falls_back_to_the_default() -> None:
    assert weekly_goal(5) == 5
    assert weekly_goal(9) == 4


def test_progress_text_lists_weeks_newest_first_with_adherence_and_pain() -> None:
    sessions = done(date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 19), date(2026, 11, 23))
    pain = [*after((date(2026, 11, 17), 5), (date(2026, 11, 19), 4)), PainScore(date(2026, 11, 18), MORNING, 3)]
    text = texts.progress_text(summarise_weeks(sessions, pain, TODAY, goal=4))
    lines = text.splitlines()
    assert lines[1:5] == [
        "This week so far: 1 of 4 sessions (25%)",
        "   no pain scores",
        "Week of Mon 16 Nov: 3 of 4 sessions (75%)",
        "   pain: right after a session 4.5 · the next morning 3.0",
    ]
    assert lines[9] == "Week of Mon 26 Oct: 0 of 4 sessions (0%)"
    assert lines[-1] == texts.PAIN_FOOTER
    assert "No pain scores yet" not in text


def test_progress_text_says_no_pain_scores_yet_when_there_are_none() -> None:
    text = texts.progress_text(summarise_weeks(done(date(2026, 11, 23)), [], TODAY, goal=4))
    assert "This week so far: 1 of 4 sessions (25%)" in text
    assert "pain:" not in text and "no pain scores" not in text
    assert "No pain scores yet" in text


def test_status_text_says_paused_since_and_streak() -> None:
    paused = texts.progression_line(Access.FULL, True, date(2026, 11, 20))
    text = texts.status_text(2, paused, done=4, goal=4, streak=3)
    assert "Level 2: building strength" in text
    assert "paused since Fri 20 Nov" in text and "/resume" in text
    assert "4 of 4 sessions. Weekly goal reached" in text
    assert "3 weeks in a row" in text
    running = texts.status_text(1, texts.progression_line(Access.FULL, False, None), done=1, goal=5, streak=0)
    assert "Progression: on" in running and "1 of 5 sessions done, 4 to go" in running
    assert "not started yet" in running


def test_a_safety_hold_comes_before_a_pain_pause() -> None:
    assert texts.progression_line(Access.LOCKED, True, date(2026, 11, 20)) == texts.LOCKED
    assert texts.progression_line(Access.GENTLE_ONLY, False, None) == texts.GENTLE_ONLY
    assert texts.progression_line(Access.GENTLE_ONLY, True, None) == texts.PAUSED_UNDATED
