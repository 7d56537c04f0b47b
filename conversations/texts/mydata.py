"""Texts of /export and /delete: the user's data is theirs, to download or to erase.

Plain, warm and short. Deletion is said plainly: what goes, that it cannot be undone, and how to begin again.
HTML parse mode: nothing here inserts text the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from locales import N_, _, ngettext

NO_DATA = N_("I don't hold any data about you, so there's nothing to download or delete.")

EXPORT_FILENAME = "backcoach-data-{day}.json"
EXPORT_EMPTY_NOTE = N_("Everything I keep about you.")

# What each table holds, in words, for the one-line note under the export: (singular, plural).
#: The tables there is one row of per user: named, not counted.
TABLE_NAMES = {"users": N_("your account"), "profiles": N_("your settings")}


def _counted(table: str, count: int) -> str | None:
    """"3 sessions": how many rows of ``table``, in words (None: a table the note does not name)."""
    words = {
        "screening_answers": lambda: ngettext("{count} safety answer", "{count} safety answers", count),
        "exercise_progress": lambda: ngettext("{count} exercise level", "{count} exercise levels", count),
        "session_logs": lambda: ngettext("{count} session", "{count} sessions", count),
        "exercise_results": lambda: ngettext("{count} exercise result", "{count} exercise results", count),
        "pain_checkins": lambda: ngettext("{count} pain score", "{count} pain scores", count),
        "reminders": lambda: ngettext("{count} reminder", "{count} reminders", count),
        "deliveries": lambda: ngettext("{count} reminder sent", "{count} reminders sent", count),
        "red_flags": lambda: ngettext(
            "{count} safety flag with its clearance", "{count} safety flags with their clearances", count
        ),
        "pending_questions": lambda: ngettext("{count} open question", "{count} open questions", count),
    }
    word = words.get(table)
    return word().format(count=count) if word is not None else None

CONFIRM_DELETE = (
    N_("<b>Delete all your data?</b>\n\n"
    "This deletes everything I keep about you: your settings, safety answers, sessions, pain scores and "
    "reminders. It can't be undone.\n\n"
    "Tip: /export first if you'd like a copy.")
)
YES_DELETE = N_("Yes, delete everything")
NO_KEEP = N_("No, keep my data")
DELETED = (
    N_("Done. I've deleted everything I kept about you 🗑️\n\n"
    "If you ever want to come back, send /start and we'll begin afresh.")
)
KEPT = N_("Okay, I haven't deleted anything. Your data stays just as it was.")
ANSWER_DELETED = N_("Deleted.")
ANSWER_KEPT = N_("Nothing deleted.")
NOT_YOUR_BUTTON = N_("That button belongs to someone else's message.")
ALREADY_GONE = N_("Your data was already deleted, so there's nothing more to do. Send /start to begin afresh.")
EXPIRED = N_("That confirmation has expired, so I haven't deleted anything. Send /delete again if you still want to.")


def export_note(export: Mapping[str, Sequence[Any]]) -> str:
    """The one line under the export file: what it contains, e.g. "Your account, your settings, 3 sessions"."""
    parts = []
    for table, rows in export.items():
        named = _(TABLE_NAMES[table]) if table in TABLE_NAMES else _counted(table, len(rows))
        if rows and named:
            parts.append(named)
    if not parts:
        return _(EXPORT_EMPTY_NOTE)
    return _("Everything I keep about you: ") + ", ".join(parts) + "."

# ------------------------------------------------------------------- the readable half of /export ---

SUMMARY_SETTINGS = N_("your settings")
SUMMARY_SAFETY = N_("your answers to the safety questions")
SUMMARY_SESSIONS = N_("your sessions")
SUMMARY_PAIN = N_("your pain scores")
SUMMARY_LESSONS = N_("the lessons you have read")
ANSWER_WORDS = {"yes": N_("Yes"), "no": N_("No"), "not_sure": N_("Not sure")}
SESSION_STATUS = {
    "completed": N_("finished: every exercise done"),
    "partly_done": N_("finished, with some exercises skipped or stopped"),
    "nothing_done": N_("nothing done: every exercise skipped"),
    "stopped_pain": N_("stopped because it hurt"),
    "ended_by_user": N_("ended early by you"),
    "abandoned": N_("left unfinished (started again, or a new day came)"),
    "in_progress": N_("in progress"),
}
#: Where a session stopped for pain stopped: after its status words.
STOPPED_AT = N_("{status}, at {exercise} (exercise {number} of {total})")
RESULT_WORDS = {"done": N_("done"), "skipped": N_("skipped"), "hurt": N_("stopped: it hurt")}
PAIN_CONTEXT = {
    "before": N_("before a session"),
    "worst_during": N_("worst during a session"),
    "after": N_("right after a session"),
    "next_morning": N_("the next morning"),
    "ad_hoc": N_("with /pain"),
    "resume": N_("with /resume"),
    "onboarding": N_("when you set up BackCoach"),
}
