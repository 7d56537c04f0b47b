"""What a finished session's stored status says happened, decided in one place (``usecases.endings.ending_status``,
issue 13 item 4): a session stopped on the 9th of 10 for pain is not one skipped whole."""

from __future__ import annotations

from conversations.texts import session as session_texts
from storage.models import ExerciseResult
from storage.values import TRAINED_STATUSES, ExerciseResultKind, SessionStatus
from usecases.endings import Ending, ending_status

D, S, H = ExerciseResultKind.DONE, ExerciseResultKind.SKIPPED, ExerciseResultKind.HURT


def results(*kinds: ExerciseResultKind) -> list[ExerciseResult]:
    return [
        ExerciseResult(session_id=1, exercise_id="bird_dog", position=i, result=kind) for i, kind in enumerate(kinds)
    ]


def test_status_completed_when_every_exercise_was_done() -> None:
    assert ending_status(Ending.REACHED, 3, 3, results(D, D, D)) is SessionStatus.COMPLETED


def test_status_partly_done_when_some_were_skipped_or_stopped_on_the_way_to_the_end() -> None:
    assert ending_status(Ending.REACHED, 3, 3, results(D, S, D)) is SessionStatus.PARTLY_DONE
    assert ending_status(Ending.REACHED, 3, 3, results(D, H, D)) is SessionStatus.PARTLY_DONE  # a dull ache


def test_status_nothing_done_when_every_exercise_was_skipped() -> None:
    assert ending_status(Ending.REACHED, 3, 3, results(S, S, S)) is SessionStatus.NOTHING_DONE
    assert SessionStatus.NOTHING_DONE not in TRAINED_STATUSES  # it does not count as a session trained


def test_status_stopped_for_pain_whatever_was_done_before() -> None:
    nine_done = results(*[D] * 9, H)
    assert ending_status(Ending.PAIN, 10, 10, nine_done) is SessionStatus.STOPPED_PAIN
    assert ending_status(Ending.PAIN, 10, 1, results(H)) is SessionStatus.STOPPED_PAIN
    assert SessionStatus.STOPPED_PAIN in TRAINED_STATUSES  # stopping was right: it still counts


def test_status_ended_by_the_user_when_exercises_were_left() -> None:
    assert ending_status(Ending.REACHED, 9, 2, results(D, H)) is SessionStatus.ENDED_BY_USER
    assert ending_status(Ending.REACHED, 9, 1, results(H)) is SessionStatus.ENDED_BY_USER


def test_a_session_past_its_last_exercise_is_offered_to_finish_not_an_eleventh_of_nine() -> None:
    assert "exercise 3 of 9" in session_texts.in_progress(3, 9)
    assert session_texts.in_progress(10, 9) == session_texts.IN_PROGRESS_ALL_ANSWERED
