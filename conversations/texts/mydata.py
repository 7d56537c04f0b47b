"""Texts of /export and /delete: the user's data is theirs, to download or to erase.

Plain, warm and short. Deletion is said plainly: what goes, that it cannot be undone, and how to begin again.
HTML parse mode: nothing here inserts text the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

NO_DATA = "I don't hold any data about you, so there's nothing to download or delete."

EXPORT_FILENAME = "backcoach-data-{day}.json"
EXPORT_EMPTY_NOTE = "Everything I keep about you."

# What each table holds, in words, for the one-line note under the export: (singular, plural).
TABLE_WORDS: dict[str, tuple[str, str]] = {
    "users": ("your account", "your account"),
    "profiles": ("your settings", "your settings"),
    "screening_answers": ("safety answer", "safety answers"),
    "exercise_progress": ("exercise level", "exercise levels"),
    "session_logs": ("session", "sessions"),
    "exercise_results": ("exercise result", "exercise results"),
    "pain_checkins": ("pain score", "pain scores"),
    "reminders": ("reminder", "reminders"),
    "deliveries": ("reminder sent", "reminders sent"),
    "red_flags": ("safety flag with its clearance", "safety flags with their clearances"),
    "pending_questions": ("open question", "open questions"),
}
NOT_COUNTED = ("users", "profiles")  # one of each: named, not counted

CONFIRM_DELETE = (
    "<b>Delete all your data?</b>\n\n"
    "This deletes everything I keep about you: your settings, safety answers, sessions, pain scores and "
    "reminders. It can't be undone.\n\n"
    "Tip: /export first if you'd like a copy."
)
YES_DELETE = "Yes, delete everything"
NO_KEEP = "No, keep my data"
DELETED = (
    "Done. I've deleted everything I kept about you 🗑️\n\n"
    "If you ever want to come back, send /start and we'll begin afresh."
)
KEPT = "Okay, I haven't deleted anything. Your data stays just as it was."
ANSWER_DELETED = "Deleted."
ANSWER_KEPT = "Nothing deleted."
NOT_YOUR_BUTTON = "That button belongs to someone else's message."
ALREADY_GONE = "Your data was already deleted, so there's nothing more to do. Send /start to begin afresh."
EXPIRED = "That confirmation has expired, so I haven't deleted anything. Send /delete again if you still want to."


def export_note(export: Mapping[str, Sequence[Any]]) -> str:
    """The one line under the export file: what it contains, e.g. "Your account, your settings, 3 sessions"."""
    parts = []
    for table, rows in export.items():
        if not rows or table not in TABLE_WORDS:
            continue
        one, many = TABLE_WORDS[table]
        parts.append(one if table in NOT_COUNTED else f"{len(rows)} {one if len(rows) == 1 else many}")
    if not parts:
        return EXPORT_EMPTY_NOTE
    return "Everything I keep about you: " + ", ".join(parts) + "."

# ------------------------------------------------------------------- the readable half of /export ---

SUMMARY_SETTINGS = "your settings"
SUMMARY_SAFETY = "your answers to the safety questions"
SUMMARY_SESSIONS = "your sessions"
SUMMARY_PAIN = "your pain scores"
SUMMARY_LESSONS = "the lessons you have read"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ANSWER_WORDS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
SESSION_STATUS = {
    "completed": "finished: every exercise done",
    "partly_done": "finished, with some exercises skipped or stopped",
    "nothing_done": "nothing done: every exercise skipped",
    "stopped_pain": "stopped because it hurt",
    "ended_by_user": "ended early by you",
    "abandoned": "left unfinished (started again, or a new day came)",
    "in_progress": "in progress",
}
#: Where a session stopped for pain stopped: after its status words.
STOPPED_AT = "{status}, at {exercise} (exercise {number} of {total})"
RESULT_WORDS = {"done": "done", "skipped": "skipped", "hurt": "stopped: it hurt"}
PAIN_CONTEXT = {
    "before": "before a session",
    "worst_during": "worst during a session",
    "after": "right after a session",
    "next_morning": "the next morning",
    "ad_hoc": "with /pain",
    "resume": "with /resume",
}
