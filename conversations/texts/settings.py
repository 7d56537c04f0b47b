"""Texts of /settings (days, time, timezone, reminders on or off) and /stop.

The pickers' own questions and hints are onboarding's (conversations/texts/onboarding.py): one picker, shown
by both flows. HTML parse mode: escape user-provided values with ``html.escape`` before inserting them.
"""

from __future__ import annotations

MENU = (
    "<b>Your settings</b>\n\n"
    "Days: {days}\n"
    "Reminder time: {time}\n"
    "Timezone: {zone} (it's {clock} there now)\n"
    "Equipment at home: {equipment}\n"
    "Reminders: {reminders}\n"
    "Doctor's go-ahead for exercise: {doctor}\n\n"
    "What would you like to change?"
)
REMINDERS_ON = "on"
REMINDERS_OFF = "off"
DOCTOR_YES = "yes"
DOCTOR_NOT_YET = "not yet (gentle start)"
NOT_SET = "not set"

CHANGE_DAYS = "Days"
CHANGE_TIME = "Time"
CHANGE_ZONE = "Timezone"
CHANGE_EQUIPMENT = "Equipment"
TURN_OFF = "Turn reminders off"
TURN_ON = "Turn reminders on"
CLOSE = "Close"
DOCTOR_SAID_FINE = "My doctor or physio said exercise is fine"

SAVED = "Saved ✅"
TURNED_OFF = "Reminders are off. I won't message you unless you write to me."
TURNED_ON = "Reminders are on again."
DOCTOR_THANKS = (
    "Thank you for checking with them. Strengthening exercises open from your next session; "
    "we still start easy and build up slowly."
)
CLOSED = "All saved. Type /settings any time to change something, or /today for a session."
MENU_HINT = "Please choose one of the buttons, or /cancel."

NOT_SET_UP = "Let's get you set up first: type /start."

STOPPED = (
    "Okay, no more reminders. 🔕 I won't message you until you write to me. Your plan and progress are kept.\n\n"
    "If a morning check on your back comes due, I'll ask it the next time you type /today. "
    "To turn reminders back on, use /settings. You can start a session any time with /today."
)
