"""Texts of /settings (days, time, timezone, reminders on or off) and /stop.

The pickers' own questions and hints are onboarding's (conversations/texts/onboarding.py): one picker, shown
by both flows. HTML parse mode: escape user-provided values with ``html.escape`` before inserting them.
"""

from __future__ import annotations

from locales import N_

MENU = (
    N_("<b>Your settings</b>\n\n"
    "Days: {days}\n"
    "Reminder time: {time}\n"
    "Timezone: {zone} (it's {clock} there now)\n"
    "Equipment at home: {equipment}\n"
    "Reminders: {reminders}\n"
    "Doctor's go-ahead for exercise: {doctor}\n\n"
    "What would you like to change?")
)
REMINDERS_ON = N_("on")
REMINDERS_OFF = N_("off")
DOCTOR_YES = N_("yes")
DOCTOR_NOT_YET = N_("not yet (gentle start)")
NOT_SET = N_("not set")

CHANGE_DAYS = N_("Days")
CHANGE_TIME = N_("Time")
CHANGE_ZONE = N_("Timezone")
CHANGE_EQUIPMENT = N_("Equipment")
TURN_OFF = N_("Turn reminders off")
TURN_ON = N_("Turn reminders on")
CLOSE = N_("Close")
DOCTOR_SAID_FINE = N_("My doctor or physio said exercise is fine")

SAVED = N_("Saved ✅")
TURNED_OFF = N_("Reminders are off. I won't message you unless you write to me.")
TURNED_ON = N_("Reminders are on again.")
DOCTOR_THANKS = (
    N_("Thank you for checking with them. Strengthening exercises open from your next session; "
    "we still start easy and build up slowly.")
)
CLOSED = N_("All saved. Type /settings any time to change something, or /today for a session.")
MENU_HINT = N_("Please choose one of the buttons, or /cancel.")

NOT_SET_UP = N_("Let's get you set up first: type /start.")

STOPPED = (
    N_("Okay, no more reminders. 🔕 I won't message you until you write to me. Your plan and progress are kept.\n\n"
    "If a morning check on your back comes due, I'll ask it the next time you type /today. "
    "To turn reminders back on, use /settings. You can start a session any time with /today.")
)
