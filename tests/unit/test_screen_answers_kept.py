"""An existing user's stored answers to the earlier screen's questions still decide (issue 13 item 2).

Through ``usecases.onboarding`` on a migrated SQLite file: a user who answered some of the old questions
(one by one, "not sure" counting as yes) before the screen changed finishes the new screen; what they told
the bot is not lost, and coach/ decides with it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from coach.screening import CAUDA_EQUINA_QUESTIONS, Answer
from storage.database import Database
from storage.repositories import profiles, screening, users
from usecases import onboarding
from usecases.onboarding import Screened, Step

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
USER = 42


async def _user_mid_old_screen(db: Database, old: dict[str, str]) -> None:
    async with db.session() as session:
        await users.record_seen(session, user_id=USER, chat_id=USER, first_name="A", language_code="en", now=NOW)
        await profiles.update_profile(
            session, USER, now=NOW, consent_at=NOW, doctor_check="yes", doctor_check_at=NOW, onboarding_step="screening"
        )
        for qid, answer in old.items():
            await screening.save_answer(session, user_id=USER, question_id=qid, answer=answer, now=NOW)


async def _finish_new_screen(db: Database) -> onboarding.Next:
    """Answer "No" to whatever cauda equina question is still open, then "None of these"."""
    upcoming = await onboarding.next_question(db, USER, NOW, "Europe/London")
    while upcoming.question is not None and upcoming.question in CAUDA_EQUINA_QUESTIONS:
        answered = await onboarding.answer_screening(
            db, USER, upcoming.question.id, Answer.NO, NOW, "Europe/London"
        )
        assert answered is not None
        upcoming = answered
    assert upcoming.on_checklist
    ended = await onboarding.end_checklist(db, USER, NOW, "Europe/London")
    assert ended is not None
    return ended


async def test_an_old_not_sure_still_counts_and_raises_its_flag(migrated_db: Database) -> None:
    await _user_mid_old_screen(migrated_db, {"ce_bladder": "no", "ce_legs": "no", "ca_first_age": "not_sure"})
    ended = await _finish_new_screen(migrated_db)
    assert ended.step is Step.RED_FLAG and ended.lock is not None
    assert ended.lock.question_ids == ("ca_first_age",)
    async with migrated_db.reading() as session:
        profile = await profiles.get_profile(session, USER)
        kept = await screening.answers_for_user(session, USER)
    assert profile is not None and profile.screening_outcome == "doctor_before_starting"
    assert kept["ca_first_age"].answer == "not_sure" and kept["ce_legs"].answer == "no"  # nothing lost


async def test_old_noes_and_the_new_questions_answered_no_are_clear(migrated_db: Database) -> None:
    await _user_mid_old_screen(migrated_db, {"ce_bladder": "no", "inf_recent": "no", "fx_bones": "no"})
    ended = await _finish_new_screen(migrated_db)
    assert ended.screened is Screened.CLEAR and ended.step is Step.PAIN
