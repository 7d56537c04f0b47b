"""Texts of /report: the one-page PDF for the user's clinician, and the messages around it.

The page is written for a physiotherapist or doctor reading it in a minute: plain clinical words, dates,
figures, nothing claimed beyond what the user reported. The chat messages are for the user.
"""

from __future__ import annotations

from datetime import date

from coach.screening import RED_FLAG_QUESTIONS
from conversations.texts.progress import LEVEL_NAMES
from conversations.texts.session import HURT_KIND_BUTTONS

SET_UP_FIRST = "There's nothing to report yet: let's set up your programme first with /start."
CAPTION = (
    "Your report for your doctor or physiotherapist: one page with your sessions, pain and anything that "
    "came up. Forward it to them, or print it."
)
FILENAME = "backcoach-report-{day}.pdf"
LOCAL_SAVED = "Saved as {path}"

TITLE = "BackCoach: progress report"
SUBTITLE = "{who}{start} to {end} ({weeks} {week_word}) · made on {made}"
FOR = "For {name} · "
ABOUT = (
    "Self-reported through BackCoach, a home exercise programme for low back pain delivered by a chat bot. "
    "It does not diagnose. Pain is 0-10 (0 no pain, 10 worst imaginable)."
)
PROGRAMME = "Programme"
LEVEL_NOW = "Level now: {level} ({name})."
LEVEL_HISTORY = "Level history: {changes}."
LEVEL_CHANGE = "{level} from {day}"
PAUSED = "Progression paused by the user (/pain) since {day}."
EXERCISES = "Current exercises and doses"
NO_EXERCISES = "None yet."
SESSIONS_AND_PAIN = "Sessions and pain per week"
SESSIONS_LINE = "{done} sessions in {weeks} {week_word}, goal {goal} a week: {percent}% of the planned sessions done."
MEASURES = "Outcome measures"
MEASURES_NONE = "PEG-3 and the Patient-Specific Functional Scale: not collected yet."
HURTS = '"It hurts" during an exercise'
NO_HURTS = "None reported."
HURT_LINE = "{day}: {exercise}, {kind}"
FLAGS = "Red-flag screen"
NO_FLAGS = "No red flag reported."
FLAG_LINE = "{day}: {decision} ({questions}; {source})."
FLAG_CLEARED = " Cleared on {day}: {clearance}"
FLAG_OPEN = " Not cleared yet: programme on hold."
DOCTOR = "Doctor check"
DOCTOR_LINES = {
    "yes": "Told by a doctor or physiotherapist that exercise is fine: yes ({day}).",
    "not_yet": "Told by a doctor or physiotherapist that exercise is fine: not yet ({day}); strengthening waits.",
}
DOCTOR_UNKNOWN = "Not answered."

DECISION_WORDS = {
    "emergency_now": "emergency care advised (cauda equina signs)",
    "doctor_today": "same-day doctor advised (possible infection)",
    "doctor_before_starting": "doctor before starting advised",
    "clinician_go_ahead": "clinician's go-ahead asked for first",
}
SOURCE_WORDS = {"screening": "at the screen", "pain": "during /pain", "session": "during a session"}
KIND_WORDS = {kind.value: label.lower() for kind, _, label in HURT_KIND_BUTTONS}
QUESTION_WORDS = {question.id: question.text for question in RED_FLAG_QUESTIONS}


def day_text(day: date) -> str:
    """A date a reader anywhere understands: "4 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


def weeks_word(weeks: int) -> str:
    return "week" if weeks == 1 else "weeks"


def level_name(level: int) -> str:
    return LEVEL_NAMES.get(level, "own level")
