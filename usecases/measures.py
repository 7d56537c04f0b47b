"""The outcome measures as use cases: a round of PEG-3 (and the PSFS when due), one answer at a time.

A round begins with :func:`start_round` (/checkup, the Sunday summary's button, the end of onboarding) and
asks, in order: the three PEG-3 items; then, when the PSFS is due (``coach.measures.psfs_due``), each of the
user's activities to rate again; a user who has never named one is offered to name up to three in their first
round (optional: "Skip" ends it). Every answer is stored the moment it is given, and the question asked next
is written as the user's pending one in the same unit, with its context in ``ref`` (JSON: the round, the
activity's index and, for a newly named activity, its name until it is rated). Buttons carry the round and
the item, so a press from an earlier round is recognised and answered as stale.

Each function returns the next :class:`Ask` (or a finished :class:`Summary`), rendered by
``conversations.measures``; what the scores mean is ``coach.measures``'s.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from coach.measures import PEG_QUESTIONS, PSFS_MAX_ACTIVITIES, Trend, mean, peg_trend, psfs_due, psfs_trend
from storage.database import Database
from storage.models import OutcomeScore
from storage.repositories import outcomes, pending, profiles, users
from usecases import records
from usecases.questions import Flow
from usecases.units import user_unit

PEG, PSFS = "peg", "psfs"


class Question(StrEnum):
    """The questions of a round; stored as the pending question of ``Flow.MEASURES``."""

    PEG = "peg"  # item ``index`` of PEG_QUESTIONS
    PSFS_NAME = "psfs_name"  # name activity ``index`` (typed), or Skip / That's all
    PSFS_RATE = "psfs_rate"  # rate activity ``index``


@dataclass(frozen=True)
class Ask:
    """The question to ask now: which, in which round, about which item (and the activity's name)."""

    question: Question
    round_id: int  # the round's start, in whole seconds since the epoch (carried by the buttons)
    index: int
    label: str | None = None


@dataclass(frozen=True)
class Summary:
    """A finished round: its PEG score and PSFS mean (if rated), and the trends since the first round."""

    peg: float | None
    psfs: float | None
    peg_trend: Trend
    psfs_trend: Trend


@dataclass(frozen=True)
class Rounds:
    """The user's stored answers, round by round (oldest first)."""

    rows: Sequence[OutcomeScore]

    def of(self, round_id: int) -> list[OutcomeScore]:
        return [row for row in self.rows if _round_id(row.round_at) == round_id]

    def before(self, round_id: int) -> Rounds:
        """The rounds that began before this one."""
        return Rounds([row for row in self.rows if _round_id(row.round_at) < round_id])

    def dated_scores(self, measure: str, zone: ZoneInfo) -> list[tuple[date, float]]:
        """(local date of the round, score) of every complete round of ``measure``."""
        by_round: dict[datetime, list[int]] = {}
        for row in self.rows:
            if row.measure == measure:
                by_round.setdefault(row.round_at, []).append(row.score)
        need = len(PEG_QUESTIONS) if measure == PEG else 1
        return [(at.astimezone(zone).date(), mean(s)) for at, s in by_round.items() if len(s) >= need]

    def scores(self, measure: str) -> list[float]:
        """The score of every round that answered ``measure`` completely enough (PEG: all three items)."""
        return [score for _, score in self.dated_scores(measure, ZoneInfo("UTC"))]

    def activities(self) -> list[str]:
        """The user's PSFS activities, from their latest named set (index order)."""
        named: dict[str, str] = {}
        for row in self.rows:
            if row.measure == PSFS and row.label:
                named[row.item] = row.label
        return [named[item] for item in sorted(named)]

    def last_psfs(self, zone: ZoneInfo) -> date | None:
        rated = [row.round_at for row in self.rows if row.measure == PSFS]
        return max(rated).astimezone(zone).date() if rated else None


def _round_id(moment: datetime) -> int:
    return int(moment.timestamp())


def _round_at(round_id: int) -> datetime:
    return datetime.fromtimestamp(round_id, UTC)


def psfs_item(index: int) -> str:
    return f"psfs_{index + 1}"


async def _rounds(session: AsyncSession, user_id: int) -> Rounds:
    return Rounds(await outcomes.all_scores(session, user_id))


async def _ask(session: AsyncSession, user_id: int, ask: Ask, now: datetime) -> Ask:
    ref = json.dumps({"round": ask.round_id, "index": ask.index, "label": ask.label})
    await pending.ask(session, user_id, flow=Flow.MEASURES, question=ask.question, ref=ref, now=now)
    return ask


def _ask_of(row: object) -> Ask | None:
    """The pending question of this flow as an :class:`Ask`, or None (another flow's, or unreadable)."""
    flow, question, ref = getattr(row, "flow", None), getattr(row, "question", None), getattr(row, "ref", None)
    if flow != Flow.MEASURES or question not in set(Question) or not ref:
        return None
    try:
        data = json.loads(ref)
        return Ask(Question(question), int(data["round"]), int(data["index"]), data.get("label"))
    except (ValueError, KeyError, TypeError):
        return None


async def current(db: Database, user_id: int) -> Ask | None:
    """The measures question the user is being asked now, if it is one (typed answers go to it)."""
    async with db.reading() as session:
        return _ask_of(await pending.current(session, user_id))


async def start_round(db: Database, user_id: int, now: datetime) -> Ask | None:
    """Begin a round: the first PEG-3 question (None for a user the bot does not know)."""
    async with user_unit(db, user_id) as session:
        if await users.get_user(session, user_id) is None:
            return None
        return await _ask(session, user_id, Ask(Question.PEG, _round_id(now), 0), now)


async def answer(
    db: Database, user_id: int, asked: Ask, reply: int | str | None, now: datetime, default_timezone: str
) -> Ask | Summary | None:
    """The answer to ``asked`` (a 0-10 score, an activity's name, or None for Skip / That's all): stored, then
    what comes next. None when ``asked`` is not the question pending now (a stale or forged button)."""
    async with user_unit(db, user_id) as session:
        open_ask = _ask_of(await pending.current(session, user_id))
        if open_ask is None or (open_ask.question, open_ask.round_id, open_ask.index) != (
            asked.question, asked.round_id, asked.index
        ):
            return None
        zone = records.user_zone(await profiles.get_profile(session, user_id), default_timezone)
        step = await _store(session, user_id, open_ask, reply, await _rounds(session, user_id), now, zone)
        if step is not None:
            return await _ask(session, user_id, step, now)
        await pending.done(session, user_id, Flow.MEASURES)
        return _summary(await _rounds(session, user_id), open_ask.round_id)


async def finished_round(db: Database, user_id: int, asked: Ask, reply: int | None) -> Summary | None:
    """The summary of the user's latest round if ``reply`` to ``asked`` is the answer it ended with (pressed again
    once the round is over: the summary's reply may have been lost); None for any other answer or round."""
    async with db.reading() as session:
        rounds = await _rounds(session, user_id)
    latest = max((_round_id(row.round_at) for row in rounds.rows), default=None)
    this = rounds.of(asked.round_id)
    if latest != asked.round_id or not this:
        return None
    if asked.question is Question.PSFS_NAME:  # Skip / That's all: after exactly the activities named before it
        ended = reply is None and sum(row.measure == PSFS for row in this) == asked.index
    else:
        item = PEG_QUESTIONS[asked.index].item if asked.question is Question.PEG else psfs_item(asked.index)
        ended = (this[-1].item, this[-1].score) == (item, reply)
    return _summary(rounds, asked.round_id) if ended else None


async def _store(
    session: AsyncSession, user_id: int, ask: Ask, reply: int | str | None, rounds: Rounds, now: datetime,
    zone: ZoneInfo,
) -> Ask | None:
    """Store the answer; the question that follows it in the round, or None when the round is over."""
    round_at = _round_at(ask.round_id)
    if ask.question is Question.PSFS_NAME:
        return None if reply is None else Ask(Question.PSFS_RATE, ask.round_id, ask.index, str(reply))
    if not isinstance(reply, int):
        return ask  # a score was expected: the same question again
    if ask.question is Question.PEG:
        item = PEG_QUESTIONS[ask.index].item
        await outcomes.record(session, user_id, measure=PEG, item=item, score=reply, round_at=round_at, now=now)
        if ask.index + 1 < len(PEG_QUESTIONS):
            return Ask(Question.PEG, ask.round_id, ask.index + 1)
        return _psfs_start(rounds.before(ask.round_id), ask.round_id, now, zone)
    await outcomes.record(
        session, user_id, measure=PSFS, item=psfs_item(ask.index), label=ask.label, score=reply, round_at=round_at,
        now=now,
    )
    return _psfs_next(rounds.before(ask.round_id).activities(), ask)


def _psfs_start(earlier: Rounds, round_id: int, now: datetime, zone: ZoneInfo) -> Ask | None:
    """After the PEG: rate the known activities when due; a first round offers to name some."""
    activities = earlier.activities()
    if activities:
        due = psfs_due(earlier.last_psfs(zone), now.astimezone(zone).date())
        return Ask(Question.PSFS_RATE, round_id, 0, activities[0]) if due else None
    return Ask(Question.PSFS_NAME, round_id, 0) if not earlier.rows else None


def _psfs_next(known: Sequence[str], rated: Ask) -> Ask | None:
    """After rating an activity: the next known one (re-rating), or the offer to name another (first time)."""
    following = rated.index + 1
    if known:
        return Ask(Question.PSFS_RATE, rated.round_id, following, known[following]) if following < len(known) else None
    return Ask(Question.PSFS_NAME, rated.round_id, following) if following < PSFS_MAX_ACTIVITIES else None


def _summary(rounds: Rounds, round_id: int) -> Summary:
    """This round's scores and the trend from the first round to this one."""
    this = Rounds(rounds.of(round_id))
    peg_now, psfs_now = _last(this.scores(PEG)), _last(this.scores(PSFS))
    pegs, psfss = rounds.scores(PEG), rounds.scores(PSFS)
    return Summary(
        peg_now, psfs_now,
        peg_trend(pegs[0], peg_now) if len(pegs) > 1 else Trend.UNKNOWN,
        psfs_trend(psfss[0], psfs_now) if len(psfss) > 1 else Trend.UNKNOWN,
    )


def _last(scores: Sequence[float]) -> float | None:
    return scores[-1] if scores else None


async def peg_first_and_latest(session: AsyncSession, user_id: int) -> tuple[float, float] | None:
    """The first and the latest complete PEG-3 scores (two rounds at least), for the coach's rules."""
    pegs = (await _rounds(session, user_id)).scores(PEG)
    return (pegs[0], pegs[-1]) if len(pegs) > 1 else None


@dataclass(frozen=True)
class Scores:
    """Each complete round's score on the user's local calendar, oldest first: what /progress and /report show."""

    peg: list[tuple[date, float]]
    psfs: list[tuple[date, float]]


async def load_scores(db: Database, user_id: int, default_timezone: str) -> Scores:
    """The user's PEG-3 and PSFS scores, round by round."""
    async with db.reading() as session:
        rounds = await _rounds(session, user_id)
        zone = records.user_zone(await profiles.get_profile(session, user_id), default_timezone)
    return Scores(rounds.dated_scores(PEG, zone), rounds.dated_scores(PSFS, zone))
