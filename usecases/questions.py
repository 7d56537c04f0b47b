"""The flows that ask the user questions: the names a pending question is stored under.

``storage.repositories.pending`` keeps one pending question per user (flow, question, ref); the handlers'
router (``conversations.pending``) and the use cases that ask a question themselves (the next-morning
follow-up, asked by the reminder ticker) name the flow with this enum, so both agree on the stored value.
"""

from __future__ import annotations

from enum import StrEnum


class Flow(StrEnum):
    """The flows that ask questions; stored as ``pending_questions.flow``."""

    ONBOARDING = "onboarding"
    SESSION = "session"
    CHECKIN = "checkin"
    FLARE = "flare"
    SETTINGS = "settings"
    MEASURES = "measures"  # the outcome measures (PEG-3, PSFS): usecases.measures
