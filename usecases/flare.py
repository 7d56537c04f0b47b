"""/pain and /resume as use cases: pause at once, the flare score, the urgent re-check questions, the way back.

/pain pauses first (``coach.progression.pause``: the profile paused with its pre-flare baseline, every track
frozen with its pre-flare dose), then the score is saved as an ad-hoc check-in and the questions of
``coach.screening.PAIN_RECHECK_QUESTIONS`` are asked one at a time. :func:`answer_recheck` applies one answer:
it is taken only for the question still open (the first not answered since the latest /pain score), and a
yes or not sure raises the red flag in the same unit of work (``usecases.lock``). After the last "no" the
advice follows the score (``coach.progression.flare_care``).

/resume saves the pain now as a ``resume`` check-in; ``coach.progression.may_resume`` decides whether the
pause lifts, at the pre-flare dose, never higher (``coach.progression.resume``).

Each function takes the database and the instant and returns a plain result for ``conversations.flare``.
A question number from a button is never trusted: one that names no question is a stale press.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlmodel.ext.asyncio.session import AsyncSession

from coach import rules
from coach.progression import FlareCare, ResumeVerdict, flare_care, may_resume, pause, resume
from coach.records import CheckinContext
from coach.screening import PAIN_RECHECK_QUESTIONS, Answer
from storage.database import Database
from storage.repositories import pain, profiles, screening
from usecases import records
from usecases.lock import Lock, load_lock, raise_flag
from usecases.units import user_unit
from usecases.users import Visitor, record_visit

#: Where a flag raised by the /pain questions comes from (``red_flags.source``), and the pause's reason.
FLAG_SOURCE = PAUSE_REASON = "pain"


@dataclass(frozen=True)
class Standing:
    """Where the user stands when /pain or /resume comes: is progression paused, have they a programme?"""

    paused: bool
    onboarded: bool


class Recheck(Enum):
    """What became of an answer to a /pain safety question."""

    STALE = "stale"  # not the question being asked (or no such question): nothing saved
    NEXT = "next"  # saved; the next question follows
    FLAGGED = "flagged"  # a yes or not sure: the red flag is raised, the programme locks
    CLEAR = "clear"  # the last question answered no: no urgent sign


@dataclass(frozen=True)
class RecheckResult:
    """A re-check answer applied: the question to ask now, the lock raised, or the advice that follows."""

    outcome: Recheck
    number: int | None = None  # NEXT: the question to ask now; STALE: the one still open (None: none is)
    lock: Lock | None = None  # FLAGGED
    care: FlareCare | None = None  # CLEAR; STALE with every question answered, no flag raised


@dataclass(frozen=True)
class ResumeAnswer:
    """The pain given to /resume and what the coach made of it."""

    before: Standing  # paused (or not) before the answer: not paused means nothing was lifted
    verdict: ResumeVerdict
    usual: int | None  # the usual pain the score was held against (None: not known)

    @property
    def lifted(self) -> bool:
        return self.before.paused and self.verdict is ResumeVerdict.RESUME


# --------------------------------------------------------------------------------------------- /pain ---


async def pause_for_pain(db: Database, visitor: Visitor, now: datetime, default_timezone: str) -> Standing:
    """/pain: pause progression at once (a pause already on keeps its first marks); where the user stood."""
    user_id = visitor.user_id
    async with user_unit(db, visitor.user_id) as session:
        await record_visit(session, visitor, now)
        state = await records.load_user_state(session, user_id, default_timezone, now, create_profile=True)
        week = await pain.pain_in_window(session, user_id, since=now - rules.PRE_FLARE_WINDOW, until=now)
        paused, frozen = pause(state.profile, state.progress, checkins=records.pain_records(week), now=now)
        if not state.profile.paused:
            await profiles.update_profile(
                session, user_id, now=now, paused=True, paused_at=now, pause_reason=PAUSE_REASON,
                pre_flare_baseline=paused.pre_flare_baseline,
            )
        await records.save_progress(session, user_id, frozen, state.progress, now)
    return Standing(state.profile.paused, state.onboarded)


async def record_flare_score(db: Database, user_id: int, score: int, now: datetime) -> None:
    """The /pain score, saved as an ad-hoc check-in: the safety questions asked from now on answer to it."""
    async with user_unit(db, user_id) as session:
        await pain.record_pain(session, user_id=user_id, context=CheckinContext.AD_HOC, score=score, now=now)


async def open_recheck(db: Database, user_id: int) -> int | None:
    """The number of the first safety question not answered since the latest /pain score (None: all are)."""
    async with db.reading() as session:
        number, _ = await _open_number(session, user_id)
    return number


async def _open_number(session: AsyncSession, user_id: int, lock_user: bool = False) -> tuple[int | None, int | None]:
    """The first question not answered since the latest /pain score (None: all are), and that score (with
    ``lock_user``, the read locks the user's row: the first statement of a ``user_unit``)."""
    context = CheckinContext.AD_HOC
    score, answered = await screening.answered_since_latest(session, user_id, context, lock_user=lock_user)
    if score is None:
        return 0, None
    number = next((n for n, question in enumerate(PAIN_RECHECK_QUESTIONS) if question.id not in answered), None)
    return number, score


async def answer_recheck(
    db: Database, user_id: int, number: int, answer: Answer, now: datetime, default_timezone: str
) -> RecheckResult:
    """Apply one answer to safety question ``number``: saved only if it is the question still open; a yes or
    not sure raises the flag in the same unit of work; after the last "no", the advice for the /pain score.
    A press once every question is answered with no flag raised (the last one pressed again: its reply may have
    been lost) is stale, with that advice again."""
    async with user_unit(db, user_id, locked_by_first_read=True) as session:
        expected, latest = await _open_number(session, user_id, lock_user=True)
        if expected is None and latest is not None and await load_lock(session, user_id, default_timezone) is None:
            return RecheckResult(Recheck.STALE, care=flare_care(latest))
        if expected is None or number != expected or not 0 <= number < len(PAIN_RECHECK_QUESTIONS):
            return RecheckResult(Recheck.STALE, number=expected)
        question = PAIN_RECHECK_QUESTIONS[number]
        await screening.save_answer(session, user_id=user_id, question_id=question.id, answer=answer.value, now=now)
        if question.flags(answer):
            await raise_flag(session, user_id, (question.id,), source=FLAG_SOURCE, now=now)
            return RecheckResult(Recheck.FLAGGED, lock=await load_lock(session, user_id, default_timezone))
        if number + 1 < len(PAIN_RECHECK_QUESTIONS):
            return RecheckResult(Recheck.NEXT, number=number + 1)
    care = flare_care(latest) if latest is not None else FlareCare.GENTLE_DAY
    return RecheckResult(Recheck.CLEAR, care=care)


# ------------------------------------------------------------------------------------------- /resume ---


async def standing(db: Database, user_id: int) -> Standing:
    """Is the user's progression paused, and have they a programme? A unit of work that may write (though it
    only reads): /resume's handler stores the question it asks next in it (``conversations.pending``)."""
    async with user_unit(db, user_id) as session:
        row = await profiles.get_profile(session, user_id)
    return Standing(row is not None and row.paused, records.onboarded(row))


async def answer_resume(
    db: Database, user_id: int, score: int, now: datetime, default_timezone: str
) -> ResumeAnswer:
    """Save the pain now; the coach keeps the pause (and says why) or lifts it at the pre-flare dose."""
    async with user_unit(db, user_id) as session:
        state = await records.load_user_state(session, user_id, default_timezone, now)
        await pain.record_pain(session, user_id=user_id, context=CheckinContext.RESUME, score=score, now=now)
        usual = state.profile.baseline_pain
        usual = usual if usual is not None else state.profile.pre_flare_baseline
        answered = ResumeAnswer(Standing(state.profile.paused, state.onboarded), may_resume(score, usual), usual)
        if answered.lifted:
            _, restored = resume(state.profile, state.progress)
            await profiles.update_profile(
                session, user_id, now=now, paused=False, paused_at=None, pause_reason=None, pre_flare_baseline=None,
            )
            await records.save_progress(session, user_id, restored, state.progress, now)
    return answered
