"""Texts of the pain check-ins: right after a session, and the next-morning follow-up."""

from __future__ import annotations

from datetime import date

from locales import N_, _, day_name

WORST = (
    N_("How bad was the <b>worst</b> pain during the session? "
    "0 is no pain, 10 is the worst imaginable. Tap a number or type it.")
)
NOW = N_("And how is your back <b>right now</b>, from 0 to 10?")
NOW_WORST_KNOWN = (
    N_("You already told me how strong the pain was during the session ({worst}/10), so I won't ask that again. "
    "How is your back <b>right now</b>, from 0 to 10?")
)
SCORE_HINT = N_("Tap a number from 0 to 10, or type it (for example 3).")
ALREADY_NOTED = N_("Already noted 👍")
CHECKIN_CLOSED = N_("That check-in is already closed. Thank you!")
NOTHING_PENDING = N_("There's no check-in waiting for an answer right now.")

GREEN = N_("Great work today 👏 I'll ask how your back feels tomorrow morning. {next_day}")
HOLD = (
    N_("Thanks. Your back worked quite hard today, so we'll keep the same dose next time. "
    "I'll ask how it feels tomorrow morning. {next_day}")
)
RED = (
    N_("Thanks for telling me. That was more than exercise should cause, so next time we'll step back a little. "
    "Rest today; gentle walking is fine. If the pain stays high or you notice new symptoms, "
    "please check with your doctor or physiotherapist.")
)
LEG = (
    N_("You mentioned pain spreading into a leg. We'll hold your progress for a week and step back a little. "
    "If it gets worse, or you notice numbness or weakness, please see your doctor.")
)
LEVEL_DOWN = (
    N_("This is the second hard session this week, so I've moved you down a level to let your back settle. "
    "It would be a good idea to talk to your doctor or physiotherapist about it.")
)
SUGGEST_RESUME = (
    N_("Your pain has been back at its usual level twice in a row. "
    "When you feel ready, type /resume to carry on with your programme where it was.")
)
PAUSED_NOTE = N_("Your progress stays paused until you type /resume.")

NEXT_DAY = N_("See you on {weekday} 👋")

FOLLOWUP = N_("Good morning ☀️ Is your back back to how it was before {when}?")
FOLLOWUP_YESTERDAY = N_("yesterday's session")
FOLLOWUP_TODAY = N_("today's session")
FOLLOWUP_ON_DAY = N_("your session on {weekday}")
FOLLOWUP_YES = N_("Yes")
FOLLOWUP_NOT_QUITE = N_("Not quite")
FOLLOWUP_WORSE = N_("Worse")
FOLLOWUP_SCORE = N_("Thanks for telling me. How is your pain right now, from 0 to 10?")
FOLLOWUP_HINT = N_("Please choose Yes, Not quite or Worse.")

FOLLOWUP_GREEN = N_("Wonderful, your back handled it well 💪 {step}")
FOLLOWUP_STEP_UP = N_("Next time the exercises go up one small step.")
FOLLOWUP_SAME = N_("We'll keep building slowly.")
FOLLOWUP_YELLOW = N_("Thanks. We'll keep the same dose next time, so your back can catch up.")
FOLLOWUP_RED = (
    N_("Thanks for telling me. We'll step back a little next time. Rest and gentle walking help. "
    "If the pain stays high or you notice new symptoms, please check with your doctor or physiotherapist.")
)


def now_with_known_worst(worst: int) -> str:
    """The pain-now question when the worst pain during the session is already known."""
    return _(NOW_WORST_KNOWN).format(worst=worst)


def next_day(weekday: int | None) -> str:
    """'See you on Thursday' for the next training weekday (0 = Monday), or nothing."""
    return _(NEXT_DAY).format(weekday=day_name(weekday)) if weekday is not None else ""


def followup(session_day: date, today: date) -> str:
    """The next-morning question about a session on `session_day`."""
    if session_day >= today:
        when = _(FOLLOWUP_TODAY)
    elif (today - session_day).days == 1:
        when = _(FOLLOWUP_YESTERDAY)
    else:
        when = _(FOLLOWUP_ON_DAY).format(weekday=day_name(session_day.weekday()))
    return _(FOLLOWUP).format(when=when)
