"""Texts of /status and /progress: where the user stands, and their last 5 weeks in words and a chart.

Plain, warm and short; never guilt-tripping about missed sessions. HTML parse mode: nothing here inserts text
the user typed (only numbers and dates we computed).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from coach.records import CheckinContext
from coach.screening import Access
from conversations.texts.mydata import PAIN_CONTEXT
from locales import N_, Number, _, format_day

if TYPE_CHECKING:
    from conversations.charts import WeekSummary

SET_UP_FIRST = N_("We haven't set up your programme yet, so there's nothing to show. Let's get you set up "
                  "first: /start")

LEVEL_NAMES: dict[int, str] = {
    0: N_("gentle start (warm-up moves)"),
    1: N_("foundation"),
    2: N_("building strength"),
    3: N_("advanced"),
    4: N_("weights"),
}

STATUS_TITLE = N_("<b>Where you are</b>")
LEVEL = N_("Level {level}: {name}")
PROGRESSING = N_("Progression: on. I'll step things up slowly while your back is happy.")
GENTLE_ONLY = N_("For now: gentle warm-up moves only, until a doctor or physiotherapist has told you exercise is fine.")
LOCKED = (
    N_("Your exercise programme is on hold until a clinician has checked your back and cleared exercise. "
    "Once they have, send /screen.")
)
PAUSED = N_("Progression: paused since {since} because your back hurt. Send /resume when you feel ready to carry on.")
PAUSED_UNDATED = N_("Progression: paused because your back hurt. Send /resume when you feel ready to carry on.")
WEEK_GOAL_MET = N_("This week: {done} of {goal} sessions. Weekly goal reached 🎉")
WEEK_TO_GO = N_("This week: {done} of {goal} sessions done, {remaining} to go.")
STREAK_NONE = N_("Weekly streak: not started yet. A week counts when you come within one session of your goal.")
STREAK_ONE = N_("Weekly streak: 1 week 💪")
STREAK_MANY = N_("Weekly streak: {weeks} weeks in a row 💪")
STATUS_FOOTER = N_("See your last few weeks with /progress.")

NO_DATA = (
    N_("There's nothing to chart yet: no sessions or pain scores in the last 5 weeks. "
    "That's fine! Start today's session with /today and your progress will show up here.")
)
PROGRESS_TITLE = N_("<b>Your last 5 weeks</b>")
PROGRESS_TITLE_NEW = N_("<b>Your weeks so far</b>")
THIS_WEEK = N_("This week so far")
WEEK_OF = N_("Week of {day}")
WEEK_LINE = N_("{name}: {done} of {goal} sessions ({percent}%)")
WEEK_PAIN = N_("   pain: {scores}")
WEEK_NO_PAIN = N_("   no pain scores")
PAIN_SCORE = N_("{context} {average}")
PAIN_SEPARATOR = " · "
#: What each pain line measures, as the user gave it (the chart's legend and the text's words): the words
#: /export uses, so the user reads one name for each moment.
PAIN_CONTEXT_NAMES: dict[CheckinContext, str] = {context: PAIN_CONTEXT[context.value] for context in CheckinContext}
PAIN_FOOTER = N_("Pain is the week's average of the scores you gave at each moment, out of 10.")
NO_PAIN_SCORES = N_("No pain scores yet: they'll appear here once you rate your pain around a session.")
CHART_TITLE = N_("Your last 5 weeks")
CHART_TITLE_NEW = N_("Your weeks so far")
CHART_CAPTION = (
    N_("Top: sessions done each week, against your goal. "
    "Bottom: your average pain each week (0-10), one line for each moment you rate it.")
)


def day_label(day: date) -> str:
    """A short date, e.g. "Mon 16 Nov"."""
    return format_day(day, "EEE d MMM")


def level_line(level: int) -> str:
    """The user's level and what it means."""
    return _(LEVEL).format(level=level, name=_(LEVEL_NAMES.get(level, N_("your own level"))))


def week_goal_line(done: int, goal: int) -> str:
    """This week's sessions against the goal."""
    if done >= goal:
        return _(WEEK_GOAL_MET).format(done=done, goal=goal)
    return _(WEEK_TO_GO).format(done=done, goal=goal, remaining=goal - done)


def streak_line(weeks: int) -> str:
    """The tolerant weekly streak."""
    if weeks <= 0:
        return _(STREAK_NONE)
    return _(STREAK_ONE) if weeks == 1 else _(STREAK_MANY).format(weeks=weeks)


def progression_line(access: Access, paused: bool, paused_since: date | None) -> str:
    """Whether the programme moves on: held by the safety screen, paused by /pain, or on."""
    if access is Access.LOCKED:
        return _(LOCKED)
    if paused:
        return _(PAUSED).format(since=day_label(paused_since)) if paused_since else _(PAUSED_UNDATED)
    return _(GENTLE_ONLY) if access is Access.GENTLE_ONLY else _(PROGRESSING)


def status_text(level: int, progression: str, done: int, goal: int, streak: int) -> str:
    """The whole /status message."""
    lines = [_(STATUS_TITLE), level_line(level), progression, week_goal_line(done, goal), streak_line(streak)]
    return "\n".join([*lines, _(STATUS_FOOTER)])


def format_pain(average: float) -> str:
    """An average pain score with one decimal ("3.5", "3,5" in Russian; "4" stays "4.0" so weeks line up)."""
    return format(Number(average), ".1f")


def pain_line(week: WeekSummary) -> str:
    """A week's pain, one average per context ("pain: before a session 4.0 · next morning 3.0")."""
    if not week.pain:
        return _(WEEK_NO_PAIN)
    scores = (
        _(PAIN_SCORE).format(context=_(PAIN_CONTEXT_NAMES[context]), average=format_pain(average))
        for context, average in week.pain.items()
    )
    return _(WEEK_PAIN).format(scores=PAIN_SEPARATOR.join(scores))


def week_lines(week: WeekSummary, show_pain: bool) -> list[str]:
    """One week of /progress: sessions against the goal and adherence, then its pain on a line of its own."""
    name = _(THIS_WEEK) if week.current else _(WEEK_OF).format(day=day_label(week.monday))
    line = _(WEEK_LINE).format(name=name, done=week.sessions, goal=week.goal, percent=round(week.adherence * 100))
    return [line, pain_line(week)] if show_pain else [line]


def progress_text(weeks: Sequence[WeekSummary], complete: bool = True) -> str:
    """The /progress message, newest week first (``complete``: the full window, not a newcomer's weeks)."""
    show_pain = any(week.pain for week in weeks)
    title = _(PROGRESS_TITLE) if complete else _(PROGRESS_TITLE_NEW)
    lines = [title, *(line for week in reversed(weeks) for line in week_lines(week, show_pain))]
    lines.append(_(PAIN_FOOTER) if show_pain else _(NO_PAIN_SCORES))
    return "\n".join(lines)
