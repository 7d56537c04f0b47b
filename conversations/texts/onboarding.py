"""Texts of onboarding and /screen: consent, the doctor check, the safety questions, pain, experience, and the
schedule pickers (days, time, timezone) that /settings shows too.

Warm, plain and short; safety texts neutral and fixed (they reuse ``coach.screening``'s advice, never a
diagnosis). HTML parse mode: escape user-provided values with ``html.escape`` before inserting them.
"""

from __future__ import annotations

from coach.emergency import numbers_for
from coach.screening import CLEAR_ADVICE, Decision, decision_advice
from conversations import schedule_input
from conversations.texts.common import ANSWERS_SAVED
from locales import N_, _, ngettext

# ------------------------------------------------------------------------------ welcome and doctor ---

#: Under the welcome (what BackCoach is and is not), with the first question: answering it is having read it.
CONSENT_NOTE = (
    N_("Your answers stay in this bot, and you can delete them any time with /delete. By answering the "
    "questions, you tell me you understand that I'm an exercise coach, not a doctor.")
)
CARRY_ON = N_("Welcome back, {name} 👋 Let's carry on where we left off.")

DOCTOR = N_("<b>First question</b>\n\n{question}")
DOCTOR_YES = N_("Yes")
DOCTOR_NOT_YET = N_("Not yet")
DOCTOR_THANKS = N_("Great, thank you.")
DOCTOR_NOT_YET_REPLY = N_("{advice} When they have, tell me in /settings.")

# -------------------------------------------------------------------------------------- screening ---

SCREEN_INTRO = (
    N_("Now some safety questions. First a few about urgent warning signs, one at a time: if you're not sure, "
    "choose <b>Not sure</b> and I'll treat it as a yes, to be safe. Then one list to tick.")
)
SCREEN_QUESTION = N_("<b>Safety question {number} of {total}</b>\n\n{text}")
SCREEN_HINT = N_("Please answer with one of the buttons: Yes, No or Not sure.")
SCREEN_ALREADY_ANSWERED = N_("You've already answered that one. Please use the latest question.")

CHECKLIST_QUESTION = (
    N_("Does anything on this list apply to you? Tap each one that does (tap again to untick), then "
    "<b>Done</b>. If none of them do, tap <b>None of these</b>.\n\n{items}")
)
CHECKLIST_ITEM = N_("{number}. {text}")
CHECKLIST_LABEL = N_("{number}. {label}")
TICKED = N_("✓ {label}")
NONE_OF_THESE = N_("None of these")
CHECKLIST_DONE = N_("✅ Done")
CHECKLIST_HINT = N_("Please tap the items that apply to you, then Done, or None of these.")

SCREEN_CLEAR = CLEAR_ADVICE
#: The inflammatory pattern (no lock): see your doctor, you may start gently (no number in it: not urgent).
SCREEN_SEE_DOCTOR = decision_advice(Decision.SEE_DOCTOR_START_GENTLY, numbers_for(None), has_programme=False)
SCREEN_CLEARED_CARRY_ON = (
    N_("Thank you. You told me a doctor or physiotherapist has examined you and said exercise is fine, "
    "so we can carry on. If anything changes, type /screen.")
)

RESCREEN_START = N_("Let's go through the safety questions again.")
RESCREEN_ALL_CLEAR_ONBOARDED = ANSWERS_SAVED


# ------------------------------------------------------------------------------------------- pain ---

PAIN_QUESTION = (
    N_("How much does your back hurt right now?\n\n"
    "0 means no pain and 10 the worst pain you can imagine. Tap a number or type it.")
)
PAIN_THANKS = N_("Thanks, I've noted {score} out of 10 as your usual level for now.")

# ------------------------------------------------------------------------------------- experience ---

EXPERIENCE_QUESTION = N_("How much exercise do you usually do?")
EXPERIENCE_CHOICES: tuple[tuple[str, str], ...] = (
    ("new", N_("New to exercise")),
    ("some", N_("I exercise sometimes")),
    ("regular", N_("I train regularly")),
)
BUTTON_HINT = N_("Please choose one of the buttons.")

# ------------------------------------------------------------------------------ the first session ---

READY = (
    N_("<b>Your programme is ready</b> 🎉\n\n"
    "Whatever your background, we start at the foundation level with small doses that grow only as your "
    "back allows.{gentle}\n\n"
    "Shall we do your first session now? It takes about 10 to 20 minutes. Afterwards I'll ask which days "
    "and what time suit you for reminders.")
)
READY_GENTLE = (
    N_("\n\nFor now: a <b>gentle start</b>, mobility only (the warm-up). Strengthening opens once you tell me "
    "(in /settings) that a doctor or physiotherapist said exercise is fine.")
)
START_NOW = N_("Start my first session now")
LATER = N_("Later")
AFTER_FIRST_SESSION = N_("Now let's plan your next sessions: a few quick questions.")
LATER_REPLY = N_("No problem. Let's plan your sessions, then you can start whenever you like.")

# ------------------------------------------------------------------------------------- equipment ---

EQUIPMENT_QUESTION = (
    N_("Which of these do you have at home? Tap each one you have (tap again to untick), then <b>Done</b>. "
    "If you have none of them, tap <b>None of these</b>: every session works without them.\n\n"
    "A mat (or a towel on the floor) and a broom handle are all you need otherwise.")
)
#: (kit value, button label): the equipment checklist's items (``coach.equipment.Kit``).
EQUIPMENT_ITEMS: tuple[tuple[str, str], ...] = (
    ("band", N_("A resistance band and an anchor point (a door anchor or sturdy post)")),
    ("weights", N_("Dumbbells or a kettlebell")),
    ("bench", N_("A bench or a sturdy chair")),
)
EQUIPMENT_SAVED = N_("Noted: {kit}.")
EQUIPMENT_NONE = N_("nothing extra, and that's fine")
EQUIPMENT_HINT = N_("Please tap what you have, then Done, or None of these.")

# ------------------------------------------------------------------------------- pickers (shared) ---

DAYS_QUESTION = (
    N_("Which days would you like to train? Tap days to tick or untick them, then <b>Done</b>.\n\n"
    "4 or 5 days a week works best. Each session takes about 10 to 20 minutes.")
)
DAYS_CHOSEN = N_("Chosen: {days}")
DAYS_NONE_CHOSEN = N_("Chosen: none yet")
DAYS_DONE = N_("✅ Done")
DAY_TICKED = N_("✓ {day}")
DAYS_HINT = N_("Please tap the days you'd like, then Done.")
#: Days typed rather than tapped: ticked on the picker, which follows with "Chosen: ...".
DAYS_TYPED = N_("I've ticked the days from your message. Tap <b>Done</b> if that's right, or tap a day to change it.")
DAYS_PICK_ONE = N_("Please pick at least one day, so I know when to remind you.")
#: After "You picked 2 days." (``days_few``).
DAYS_FEW = N_(
    "Exercise programmes that work well for back pain usually ask for 3 to 5 sessions a week; 4 or 5 is what we "
    "aim for. Would you like to add a day or two?"
)
DAYS_ADD_MORE = N_("Add days")
DAYS_KEEP = N_("Keep my choice")

TIME_QUESTION = N_("What time should I remind you on those days?\n\nTap a time, or type one, for example 7:30 "
                   "or 19:00.")
TIME_SAVED = N_("Reminder time: {time}.")

ZONE_QUESTION = (
    N_("Which timezone are you in? Tap one, type your city (for example <i>Paris</i> or <i>New York</i>), "
    "or share your location (📎 → Location).")
)
ZONE_CONFIRM = N_("It's {clock} on {weekday} where you are ({zone}). Right?")
ZONE_YES = N_("Yes, that's right")
ZONE_NO = N_("No, change it")
ZONE_CONFIRM_HINT = N_("Please tap one of the buttons: is that your local time?")

PROBLEMS: dict[str, str] = {
    schedule_input.EMPTY: N_("I didn't get anything there."),
    schedule_input.NOT_A_TIME: N_("I couldn't read that as a time. Please type it like 7:30, 19:00 or 7pm."),
    schedule_input.OUT_OF_RANGE: N_("That time doesn't exist on a clock. Please type it like 7:30, 19:00 or 7pm."),
    schedule_input.UNKNOWN_ZONE: (
        N_("I couldn't find that place. Please type a big city near you (for example <i>Madrid</i>), "
        "tap a button, or share your location.")
    ),
    schedule_input.NO_ZONE_THERE: N_("I couldn't find a timezone for that spot. Please type your city instead."),
}


def problem_text(code: str | None) -> str:
    """The words for a schedule_input problem code."""
    return _(PROBLEMS.get(code or "", PROBLEMS[schedule_input.EMPTY]))


# ---------------------------------------------------------------------------------------- summary ---

SUMMARY = (
    N_("<b>You're all set</b> 🎉\n\n"
    "Days: {days}\n"
    "Reminder: {time} ({zone})\n"
    "Starting level: {level}\n"
    "{gentle}"
    "\nI'll remind you on your days. Type /today any time for a session, and change any of this with "
    "/settings.")
)
FIRST_SESSION_UNDER_WAY = (
    N_("Welcome back, {name} 👋 Your first session is under way: type /today to carry on where you left off. "
    "After it, I'll ask which days and what time suit you.")
)
CHECKUP_OFFER = (
    N_("One last minute, if you like: three quick questions about how your back affects your life, so we can "
    "both see it change over the weeks. I'll ask them again with your Sunday summary.")
)
#: Everyone starts at the foundation level with the catalogue's starting doses (clinical.md: start at 5 reps or
#: short holds), whatever their experience: the summary says so rather than promising a difference it lacks.
SUMMARY_LEVEL = N_("foundation: small doses that grow only as your back allows")
SUMMARY_GENTLE = (
    N_("\nFor now: a <b>gentle start</b>, mobility only (the warm-up). Strengthening opens once you tell me "
    "(in /settings) that a doctor or physiotherapist said exercise is fine. Please book that visit.\n")
)


def days_few(count: int) -> str:
    """Fewer training days than the programmes ask for: how many were picked, and the nudge."""
    picked = ngettext("You picked {count} day.", "You picked {count} days.", count).format(count=count)
    return f"{picked} {_(DAYS_FEW)}"
