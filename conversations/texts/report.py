"""Texts of /report: the one-page PDF for the user's clinician, and the messages around it.

The page is written for a physiotherapist or doctor reading it in a minute: plain clinical words, dates,
figures, nothing claimed beyond what the user reported. The chat messages are for the user.
"""

from __future__ import annotations

from datetime import date

from coach.screening import RED_FLAG_QUESTIONS, RETIRED_QUESTIONS
from conversations.texts.progress import LEVEL_NAMES
from conversations.texts.session import HURT_KIND_BUTTONS
from locales import N_, _, format_day, ngettext

SET_UP_FIRST = N_("There's nothing to report yet: let's set up your programme first with /start.")
CAPTION = (
    N_("Your report for your doctor or physiotherapist: one page with your sessions, pain and anything that "
    "came up. Forward it to them, or print it.")
)
FILENAME = "backcoach-report-{day}.pdf"
LOCAL_SAVED = N_("Saved as {path}")

TITLE = N_("BackCoach: progress report")
SUBTITLE = N_("{who}{start} to {end} ({weeks} {week_word}) · made on {made}")
FOR = N_("For {name} · ")
ABOUT = (
    N_("Self-reported through BackCoach, a home exercise programme for low back pain delivered by a chat bot. "
    "It does not diagnose. Pain is 0-10 (0 no pain, 10 worst imaginable).")
)
PROGRAMME = N_("Programme")
LEVEL_NOW = N_("Level now: {level} ({name}).")
LEVEL_HISTORY = N_("Level history: {changes}.")
LEVEL_CHANGE = N_("{level} from {day}")
PAUSED = N_("Progression paused by the user (/pain) since {day}.")
EXERCISES = N_("Current exercises and doses")
NO_EXERCISES = N_("None yet.")
SESSIONS_AND_PAIN = N_("Sessions and pain per week")
SESSIONS_LINE = N_("{done} sessions in {weeks} {week_word}, goal {goal} a week: {percent}% of the planned "
                   "sessions done.")
MEASURES = N_("Outcome measures")
MEASURES_NONE = N_("PEG-3 and the Patient-Specific Functional Scale: not collected yet.")
HURTS = N_('"It hurts" during an exercise')
NO_HURTS = N_("None reported.")
HURT_LINE = N_("{day}: {exercise}, {kind}")
FLAGS = N_("Red-flag screen")
NO_FLAGS = N_("No red flag reported.")
FLAG_LINE = N_("{day}: {decision} ({questions}; {source}).")
FLAG_CLEARED = N_(" Cleared on {day}: {clearance}")
FLAG_OPEN = N_(" Not cleared yet: programme on hold.")
DOCTOR = N_("Doctor check")
DOCTOR_LINES = {
    "yes": N_("Told by a doctor or physiotherapist that exercise is fine: yes ({day})."),
    "not_yet": N_("Told by a doctor or physiotherapist that exercise is fine: not yet ({day}); strengthening waits."),
}
DOCTOR_UNKNOWN = N_("Not answered.")

DECISION_WORDS = {
    "emergency_now": N_("emergency care advised (cauda equina signs)"),
    "doctor_today": N_("same-day doctor advised (possible infection)"),
    "doctor_before_starting": N_("doctor before starting advised"),
    "clinician_go_ahead": N_("clinician's go-ahead asked for first"),
}
SOURCE_WORDS = {"screening": N_("at the screen"), "pain": N_("during /pain"), "session": N_("during a session")}
KIND_WORDS = {kind.value: label for kind, _code, label in HURT_KIND_BUTTONS}
QUESTION_WORDS = {question.id: question.text for question in (*RED_FLAG_QUESTIONS, *RETIRED_QUESTIONS)}


def day_text(day: date) -> str:
    """A date a reader anywhere understands: "4 Dec 2026"."""
    return format_day(day, "d MMM y")


def weeks_word(weeks: int) -> str:
    return ngettext("week", "weeks", weeks)


def level_name(level: int) -> str:
    return _(LEVEL_NAMES.get(level, N_("own level")))
