"""Texts of onboarding and /screen: consent, the doctor check, the safety questions, pain, experience, and the
schedule pickers (days, time, timezone) that /settings shows too.

Warm, plain and short; safety texts neutral and fixed (they reuse ``coach.screening``'s advice, never a
diagnosis). HTML parse mode: escape user-provided values with ``html.escape`` before inserting them.
"""

from __future__ import annotations

from coach.emergency import numbers_for
from coach.screening import CLEAR_ADVICE, DOCTOR_NOT_YET_ADVICE, DOCTOR_QUESTION, Decision, decision_advice
from conversations import schedule_input

# ------------------------------------------------------------------------------ welcome and doctor ---

#: Under the welcome (what BackCoach is and is not), with the first question: answering it is having read it.
CONSENT_NOTE = (
    "Your answers stay in this bot, and you can delete them any time with /delete. By answering the "
    "questions, you tell me you understand that I'm an exercise coach, not a doctor."
)
CARRY_ON = "Welcome back, {name} 👋 Let's carry on where we left off."

DOCTOR = f"<b>First question</b>\n\n{DOCTOR_QUESTION}"
DOCTOR_YES = "Yes"
DOCTOR_NOT_YET = "Not yet"
DOCTOR_THANKS = "Great, thank you."
DOCTOR_NOT_YET_REPLY = DOCTOR_NOT_YET_ADVICE + " When they have, tell me in /settings."

# -------------------------------------------------------------------------------------- screening ---

SCREEN_INTRO = (
    "Now some safety questions. First a few about urgent warning signs, one at a time: if you're not sure, "
    "choose <b>Not sure</b> and I'll treat it as a yes, to be safe. Then one list to tick."
)
SCREEN_QUESTION = "<b>Safety question {number} of {total}</b>\n\n{text}"
SCREEN_HINT = "Please answer with one of the buttons: Yes, No or Not sure."
SCREEN_ALREADY_ANSWERED = "You've already answered that one. Please use the latest question."

CHECKLIST_QUESTION = (
    "Does anything on this list apply to you? Tap each one that does (tap again to untick), then "
    "<b>Done</b>. If none of them do, tap <b>None of these</b>.\n\n{items}"
)
CHECKLIST_ITEM = "{number}. {text}"
CHECKLIST_LABEL = "{number}. {label}"
TICKED = "✓ {label}"
NONE_OF_THESE = "None of these"
CHECKLIST_DONE = "✅ Done"
CHECKLIST_HINT = "Please tap the items that apply to you, then Done, or None of these."

SCREEN_CLEAR = CLEAR_ADVICE
#: The inflammatory pattern (no lock): see your doctor, you may start gently (no number in it: not urgent).
SCREEN_SEE_DOCTOR = decision_advice(Decision.SEE_DOCTOR_START_GENTLY, numbers_for(None), has_programme=False)
SCREEN_CLEARED_CARRY_ON = (
    "Thank you. You told me a doctor or physiotherapist has examined you and said exercise is fine, "
    "so we can carry on. If anything changes, type /screen."
)

RESCREEN_START = "Let's go through the safety questions again."
RESCREEN_ALL_CLEAR_ONBOARDED = "Your answers are saved. Type /today when you're ready for a session."


# ------------------------------------------------------------------------------------------- pain ---

PAIN_QUESTION = (
    "How much does your back hurt right now?\n\n"
    "0 means no pain and 10 the worst pain you can imagine. Tap a number or type it."
)
PAIN_THANKS = "Thanks, I've noted {score} out of 10 as your usual level for now."

# ------------------------------------------------------------------------------------- experience ---

EXPERIENCE_QUESTION = "How much exercise do you usually do?"
EXPERIENCE_CHOICES: tuple[tuple[str, str], ...] = (
    ("new", "New to exercise"),
    ("some", "I exercise sometimes"),
    ("regular", "I train regularly"),
)
BUTTON_HINT = "Please choose one of the buttons."

# ------------------------------------------------------------------------------ the first session ---

READY = (
    "<b>Your programme is ready</b> 🎉\n\n"
    "Whatever your background, we start at the foundation level with small doses that grow only as your "
    "back allows.{gentle}\n\n"
    "Shall we do your first session now? It takes about 10 to 20 minutes. Afterwards I'll ask which days "
    "and what time suit you for reminders."
)
READY_GENTLE = (
    "\n\nFor now: a <b>gentle start</b>, mobility only (the warm-up). Strengthening opens once you tell me "
    "(in /settings) that a doctor or physiotherapist said exercise is fine."
)
START_NOW = "Start my first session now"
LATER = "Later"
AFTER_FIRST_SESSION = "Now let's plan your next sessions: a few quick questions."
LATER_REPLY = "No problem. Let's plan your sessions, then you can start whenever you like."

# ------------------------------------------------------------------------------------- equipment ---

EQUIPMENT_QUESTION = (
    "Which of these do you have at home? Tap each one you have (tap again to untick), then <b>Done</b>. "
    "If you have none of them, tap <b>None of these</b>: every session works without them.\n\n"
    "A mat (or a towel on the floor) and a broom handle are all you need otherwise."
)
#: (kit value, button label): the equipment checklist's items (``coach.equipment.Kit``).
EQUIPMENT_ITEMS: tuple[tuple[str, str], ...] = (
    ("band", "A resistance band and an anchor point (a door anchor or sturdy post)"),
    ("weights", "Dumbbells or a kettlebell"),
    ("bench", "A bench or a sturdy chair"),
)
EQUIPMENT_SAVED = "Noted: {kit}."
EQUIPMENT_NONE = "nothing extra, and that's fine"
EQUIPMENT_HINT = "Please tap what you have, then Done, or None of these."

# ------------------------------------------------------------------------------- pickers (shared) ---

DAYS_QUESTION = (
    "Which days would you like to train? Tap days to tick or untick them, then <b>Done</b>.\n\n"
    "4 or 5 days a week works best. Each session takes about 10 to 20 minutes."
)
DAYS_CHOSEN = "Chosen: {days}"
DAYS_NONE_CHOSEN = "Chosen: none yet"
DAYS_DONE = "✅ Done"
DAY_TICKED = "✓ {day}"
DAYS_HINT = "Please tap the days you'd like, then Done."
DAYS_PICK_ONE = "Please pick at least one day, so I know when to remind you."
DAYS_FEW = (
    "You picked {count} day{plural}. Exercise programmes that work well for back pain usually ask for "
    "3 to 5 sessions a week; 4 or 5 is what we aim for. Would you like to add a day or two?"
)
DAYS_ADD_MORE = "Add days"
DAYS_KEEP = "Keep my choice"

TIME_QUESTION = "What time should I remind you on those days?\n\nTap a time, or type one, for example 7:30 or 19:00."
TIME_SAVED = "Reminder time: {time}."

ZONE_QUESTION = (
    "Which timezone are you in? Tap one, type your city (for example <i>Paris</i> or <i>New York</i>), "
    "or share your location (📎 → Location)."
)
ZONE_CONFIRM = "It's {clock} on {weekday} where you are ({zone}). Right?"
ZONE_YES = "Yes, that's right"
ZONE_NO = "No, change it"
ZONE_CONFIRM_HINT = "Please tap one of the buttons: is that your local time?"

PROBLEMS: dict[str, str] = {
    schedule_input.EMPTY: "I didn't get anything there.",
    schedule_input.NOT_A_TIME: "I couldn't read that as a time. Please type it like 7:30, 19:00 or 7pm.",
    schedule_input.OUT_OF_RANGE: "That time doesn't exist on a clock. Please type it like 7:30, 19:00 or 7pm.",
    schedule_input.UNKNOWN_ZONE: (
        "I couldn't find that place. Please type a big city near you (for example <i>Madrid</i>), "
        "tap a button, or share your location."
    ),
    schedule_input.NO_ZONE_THERE: "I couldn't find a timezone for that spot. Please type your city instead.",
}


def problem_text(code: str | None) -> str:
    """The words for a schedule_input problem code."""
    return PROBLEMS.get(code or "", PROBLEMS[schedule_input.EMPTY])


# ---------------------------------------------------------------------------------------- summary ---

SUMMARY = (
    "<b>You're all set</b> 🎉\n\n"
    "Days: {days}\n"
    "Reminder: {time} ({zone})\n"
    "Starting level: {level}\n"
    "{gentle}"
    "\nI'll remind you on your days. Type /today any time for a session, and change any of this with "
    "/settings."
)
FIRST_SESSION_UNDER_WAY = (
    "Welcome back, {name} 👋 Your first session is under way: type /today to carry on where you left off. "
    "After it, I'll ask which days and what time suit you."
)
CHECKUP_OFFER = (
    "One last minute, if you like: three quick questions about how your back affects your life, so we can "
    "both see it change over the weeks. I'll ask them again with your Sunday summary."
)
#: Everyone starts at the foundation level with the catalogue's starting doses (clinical.md: start at 5 reps or
#: short holds), whatever their experience: the summary says so rather than promising a difference it lacks.
SUMMARY_LEVEL = "foundation: small doses that grow only as your back allows"
SUMMARY_GENTLE = (
    "\nFor now: a <b>gentle start</b>, mobility only (the warm-up). Strengthening opens once you tell me "
    "(in /settings) that a doctor or physiotherapist said exercise is fine. Please book that visit.\n"
)
