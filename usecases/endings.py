"""What a finished session's stored status says happened (issue 13 item 4), decided here once.

A session that stopped on the 9th of 10 for pain is not one skipped whole: ``ending_status`` turns how a
session came to its end (``Ending``) and its results into a ``storage.values.SessionStatus``; every use case
that ends a session (``usecases.session``) asks it. A session left in progress when a new one starts is
abandoned by the repository that starts the new one (``storage.repositories.session_logs``).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from storage import models
from storage.values import ExerciseResultKind, SessionStatus


class Ending(Enum):
    """How a session came to its end."""

    REACHED = "reached"  # its last item was answered, or the user chose to end it there
    PAIN = "pain"  # the coach's in-session rule, or a safety question, ended it


def ending_status(
    ending: Ending, plan_length: int, current_index: int, results: Sequence[models.ExerciseResult]
) -> SessionStatus:
    """What a finished session's stored status says happened; the one place it is decided.

    Ended for pain: stopped for pain (at its last item). Otherwise nothing done when every answered item was
    skipped; ended by the user when items were left; completed when every item was done, else partly done.
    """
    if ending is Ending.PAIN:
        return SessionStatus.STOPPED_PAIN
    kinds = {ExerciseResultKind(r.result) for r in results}
    if not kinds & {ExerciseResultKind.DONE, ExerciseResultKind.HURT}:
        return SessionStatus.NOTHING_DONE
    if current_index < plan_length:
        return SessionStatus.ENDED_BY_USER
    return SessionStatus.COMPLETED if kinds == {ExerciseResultKind.DONE} else SessionStatus.PARTLY_DONE
