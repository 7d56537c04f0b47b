"""Texts of the reminders: the session reminder and its buttons, the nudge, the morning question, the week.

HTML parse mode. Never guilt-tripping: a reminder invites, a nudge offers the 5-minute minimum, skipping is fine.
"""

from __future__ import annotations

from coach.measures import Trend
from locales import N_
from storage.values import SessionStatus

SESSION = N_("Time for today's back session 💪 About 10 to 20 minutes, one exercise at a time. Ready?")
SESSION_GENTLE = (
    N_("Time for today's session. Your back is having a rough patch, so today is a gentle one: warm-up moves "
    "only, or rest and an easy walk. Ready?")
)
START_NOW = N_("Start now")
SNOOZE = N_("Snooze 1 hour")
SKIP_TODAY = N_("Skip today")

SNOOZED = N_("Okay, I'll remind you again in an hour. ⏰")
SKIPPED = N_("No problem, today is skipped. Rest is part of training too. See you next time! 👋")
ALREADY_DONE = N_("You've already trained today, well done. Nothing more to do.")

NUDGE = (
    N_("A gentle nudge: still time for today's session? Even the 5-minute minimum counts. "
    "Type /today to start, or just leave it for today.")
)


WEEKLY = N_("<b>Your week</b>\n\nSessions: {done} of your goal of {goal}{met}{how}\n{pain}")
#: This week's sessions by what happened, after the count ("How they went: 2 done in full, 1 stopped ...").
WEEKLY_HOW = N_("\nHow they went: {parts}.")
ENDED = {
    SessionStatus.COMPLETED: N_("{n} done in full"),
    SessionStatus.PARTLY_DONE: N_("{n} partly done"),
    SessionStatus.NOTHING_DONE: N_("{n} with every exercise skipped (not counted)"),
    SessionStatus.STOPPED_PAIN: N_("{n} stopped because it hurt"),
    SessionStatus.ENDED_BY_USER: N_("{n} ended early"),
    SessionStatus.ABANDONED: N_("{n} left unfinished (not counted)"),
}
WEEKLY_MET = N_(" ✅ goal reached!")
WEEKLY_NOT_MET = ""
PAIN_LOWER = N_("Average pain: {now:.1f}, down from {before:.1f} last week. 📉")
PAIN_HIGHER = N_("Average pain: {now:.1f}, up from {before:.1f} last week. Take it easy, and use /pain if it flares.")
PAIN_SAME = N_("Average pain: {now:.1f}, about the same as last week.")
PAIN_ONLY = N_("Average pain this week: {now:.1f}.")
PAIN_NONE = N_("No pain scores this week.")
SEE_CLINICIAN = (
    N_("\n\nYou've trained regularly for three weeks and your pain hasn't clearly come down yet. That's worth a "
    "chat with your doctor or physiotherapist: they can check what else might help. /export gives them your "
    "records.")
)
WEEKLY_CLOSING = N_("\n\nYour next week's days stay as they are; /settings changes them.")
FUNCTION = {  # PEG-3 from the first check-up to the latest (coach.measures.peg_trend)
    Trend.IMPROVING: N_("\nHow much pain gets in your way: better than at your first check-up 📈"),
    Trend.SAME: N_("\nHow much pain gets in your way: about the same as at your first check-up."),
    Trend.WORSE: N_("\nHow much pain gets in your way: worse than at your first check-up. If that goes on, please "
    "talk to your doctor or physiotherapist."),
}
CHECKUP_OFFER = N_("\n\nHow is your back affecting your life? Three quick questions help us both see the change.")
LEVEL_UP_OFFER = (
    N_("\n\nTwo good weeks in a row: regular sessions and no flare-ups. 🎉 Ready to try level {level}? "
    "Slightly harder exercises, same care: stop anything that hurts.")
)
LEVEL_UP_YES = N_("Yes, let's go")
LEVEL_UP_NO = N_("Not yet")
LEVEL_UP_DONE = N_("Level {level} it is. Your next session uses it. 💪")
LEVEL_UP_DECLINED = N_("Fine, we stay where we are. I'll ask again another week.")
LEVEL4_OFFER = (
    N_("\n\nYou have been steady at level 3 for two weeks, with no flare-ups. The last level adds loaded lifts: "
    "a light deadlift and bent-over rows. They carry more risk than the rest and need good technique. "
    "Take them on if you know the technique well, or if you train with a trainer who checks it. "
    "Otherwise level 3 keeps doing you good.")
)
LEVEL4_YES = N_("I know the technique or have a trainer")
LEVEL4_NO = N_("Not now")
LEVEL4_DONE = (
    N_("Level 4 it is. 💪 The loaded lifts come in one at a time, when the exercise before each one feels easy "
    "at its top dose. Start light, move slowly, and stop at once if anything hurts.")
)
LEVEL4_DECLINED = N_("Fine, we stay at level 3. It's a good place to be. I'll ask again another week.")

DOCTOR_REMINDER = (
    N_("A quick question about your back 🩺 A week ago you hadn't yet talked to a doctor or physiotherapist "
    "about it. Have you seen one since? If not, now is a good time to book a visit.")
)
DOCTOR_FINE = N_("Yes, they said exercise is fine")
DOCTOR_NOT_YET = N_("Not yet")
DOCTOR_CONFIRMED = (
    N_("Thank you for checking with them. I've noted it with today's date. Strengthening exercises open from "
    "your next session; we still start easy and build up slowly. Type /today when you're ready.")
)
DOCTOR_NOT_YET_NOTED = (
    N_("Okay. I won't remind you about it again. When they've said exercise is fine, tell me in /settings "
    "any time. Until then we keep to gentle mobility.")
)
