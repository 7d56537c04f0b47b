"""Pain check-ins: right after a session (worst during, then now) and the next-morning follow-up.

Every score is saved the moment it is given (`pain.record_pain` with the session id and context). After the
"now" score the coach records the session (`record_session`) and classifies it: red is final at once
(`apply_session`); green and yellow wait for the next-morning answer, which finalises the outcome
(`apply_outcome`, once: `set_outcome_if_pending`).

- Right after a session the session flow asks (`ask_first`); its questions CHECK_WORST and CHECK_NOW and
  the buttons `chk:worst:<sid>:<score>` / `chk:now:<sid>:<score>` are defined here (`SESSION_TEXT_READERS`,
  `SESSION_BUTTONS`). A score given during "It hurts" is never asked again: it is stored as the session's
  worst pain during (the worst of them counts), so then only "pain right now" is asked. What is asked, also
  after a session that ended for pain, is decided in `coach.safety.after_session_checkin` (see its module).
- `start_followup(bot, db, user_id, session_id, now)` makes the next-morning question the user's pending one
  and sends it (for the reminder scheduler); `chk:fu:<sid>:<yes|nq|worse>` answers it, then
  `chk:fus:<sid>:<score>` (or a typed score).
- With `BACKCOACH_TEST_HOOKS=1` only, `/debug_followup` sends the follow-up of the latest open session now.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach import rules
from coach.pain import read_pain_score
from coach.planner import SessionPlan
from coach.progression import (
    apply_level,
    apply_outcome,
    apply_session,
    classify_session,
    level_down_after_reds,
    progress_holds,
    record_session,
    session_baseline,
    should_auto_resume,
)
from coach.records import CheckinContext, Outcome
from coach.safety import PainKind, after_session_checkin, is_leg_symptom
from coach.schedule import DEFAULT_TIMEZONE
from conversations import callbacks, keyboards
from conversations.context import services
from conversations.kit import Context, reply
from conversations.pending import END, Callback, Flow, flow_handler
from conversations.texts import checkin as texts
from storage import models
from storage.database import Database
from storage.repositories import exercise_results, pain, profiles, session_logs, users
from storage.repositories import pending as pending_rows
from storage.values import ExerciseResultKind
from usecases import records, reminder_rows

FLOW = "chk"
CHECK_WORST, CHECK_NOW, FU_SCORE = "check_worst", "check_now", "followup_score"
FOLLOWUP = "followup"  # the next-morning question itself (buttons; typed text gets a hint)
TEST_HOOKS_ENV = "BACKCOACH_TEST_HOOKS"
HOLDS_LOOKBACK = timedelta(days=14)
CHECKIN_STILL_OPEN = timedelta(hours=12)
FOLLOWUP_ANSWERS = ("yes", "nq", "worse")

# ---------------------------------------------------------------------------------------- helpers ---


def read_score(text: str) -> int | None:
    """A typed 0-10 score ("7", " 7 ", "7/10", "seven"), or None."""
    return read_pain_score(text).score


async def _answer(update: Update, text: str | None = None) -> None:
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text)
        except TelegramError:
            pass


async def _drop_buttons(update: Update) -> None:
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except TelegramError:
            pass


def _user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


def _press(update: Update) -> tuple[str, int | None, int | None, str | None]:
    """(action, session id, score, raw last argument) of a press of this flow."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    if parsed is None or parsed.flow != FLOW:
        return "", None, None, None
    return parsed.action, parsed.int_arg(0), parsed.int_arg(1), parsed.arg(1)


async def _own_finished(update: Update, context: Context, session_id: int | None) -> models.SessionLog | None:
    if session_id is None:
        return None
    async with services(context).db.session() as session:
        log = await session_logs.get_session_log(session, session_id)
    if log is None or log.user_id != _user_id(update) or log.finished_at is None:
        return None
    return log


async def _typed_score(update: Update, markup: InlineKeyboardMarkup) -> int | None:
    """The typed score, or None after telling the user why it is not one (with the scale again)."""
    text = update.effective_message.text if update.effective_message else ""
    reading = read_pain_score(text or "")
    if reading.score is None:
        await reply(update, reading.problem or texts.SCORE_HINT, markup)
    return reading.score


# ------------------------------------------------------------------------------- right after a session ---


async def ask_first(update: Update, context: Context, session_id: int) -> str:
    """The first check-in question after a session: only what is still missing (scores given during it count)."""
    async with services(context).db.session() as session:
        checkins = await pain.for_session(session, session_id)
    asked = after_session_checkin([c.score for c in checkins if c.context == CheckinContext.WORST_DURING])
    if asked.known_worst is None:
        return await ask_worst(update, session_id)
    await reply(update, texts.now_with_known_worst(asked.known_worst), keyboards.pain_scale(FLOW, "now", session_id))
    return CHECK_NOW


async def ask_worst(update: Update, session_id: int) -> str:
    """The worst-pain question after a session (when no score was given during it)."""
    await reply(update, texts.WORST, keyboards.pain_scale(FLOW, "worst", session_id))
    return CHECK_WORST


async def _answered(session: Any, log: models.SessionLog, context_name: str) -> bool:
    """Does the session have a check-in in that context (a score given during "It hurts" is a worst-during one)?"""
    assert log.id is not None
    checkins = await pain.for_session(session, log.id)
    return any(c.context == context_name for c in checkins)


async def _save_worst(update: Update, context: Context, log: models.SessionLog, score: int) -> str | int:
    assert log.id is not None
    svc = services(context)
    async with svc.db.session() as session:
        if await _answered(session, log, CheckinContext.WORST_DURING):
            return await _already(update, CHECK_NOW)
        results = await exercise_results.results_for_session(session, log.id)
        leg = any(is_leg_symptom(r.pain_kind) for r in results)
        await pain.record_pain(
            session, user_id=log.user_id, context=CheckinContext.WORST_DURING, score=score, now=svc.clock(),
            session_id=log.id, leg_symptoms=leg,
        )
    await reply(update, texts.NOW, keyboards.pain_scale(FLOW, "now", log.id))
    return CHECK_NOW


async def _already(update: Update, state: str | int) -> str | int:
    await _answer(update, texts.ALREADY_NOTED)
    return state


async def worst_pressed(update: Update, context: Context) -> str | int:
    """A worst-pain button."""
    _, session_id, score, _ = _press(update)
    log = await _own_finished(update, context, session_id)
    if log is None or score is None or _closed(log, services(context).clock()):
        await _answer(update, texts.CHECKIN_CLOSED)
        return END
    await _answer(update)
    return await _save_worst(update, context, log, score)


async def worst_typed(update: Update, context: Context) -> str | int:
    """A typed worst-pain score."""
    log = await _latest_finished(update, context)
    if log is None or log.id is None:
        return END
    score = await _typed_score(update, keyboards.pain_scale(FLOW, "worst", log.id))
    return CHECK_WORST if score is None else await _save_worst(update, context, log, score)


def _closed(log: models.SessionLog, now: datetime) -> bool:
    """The check-in right after a session closes once the outcome is final or half a day has passed."""
    return log.outcome is not None or log.finished_at is None or now - log.finished_at > CHECKIN_STILL_OPEN


async def _latest_finished(update: Update, context: Context) -> models.SessionLog | None:
    async with services(context).db.session() as session:
        return await session_logs.latest_finished_session(session, _user_id(update))


async def now_pressed(update: Update, context: Context) -> str | int:
    """A pain-now button."""
    _, session_id, score, _ = _press(update)
    log = await _own_finished(update, context, session_id)
    if log is None or score is None or _closed(log, services(context).clock()):
        await _answer(update, texts.CHECKIN_CLOSED)
        return END
    await _answer(update)
    return await _save_now(update, context, log, score)


async def now_typed(update: Update, context: Context) -> str | int:
    """A typed pain-now score."""
    log = await _latest_finished(update, context)
    if log is None or log.id is None:
        return END
    score = await _typed_score(update, keyboards.pain_scale(FLOW, "now", log.id))
    return CHECK_NOW if score is None else await _save_now(update, context, log, score)


async def _save_now(update: Update, context: Context, log: models.SessionLog, score: int) -> str | int:
    """Save the pain-now score, then record the session with the coach and say what comes next."""
    assert log.id is not None
    svc = services(context)
    now = svc.clock()
    async with svc.db.session() as session:
        if await _answered(session, log, CheckinContext.AFTER):
            return await _already(update, END)
        await pain.record_pain(
            session, user_id=log.user_id, context=CheckinContext.AFTER, score=score, now=now, session_id=log.id
        )
        text = await _record_with_coach(session, log, svc.default_timezone, now)
    await reply(update, text)
    return END


async def _record_with_coach(session: Any, log: models.SessionLog, default_timezone: str, now: datetime) -> str:
    """classify -> record_session (or, for red, apply at once); the one-line follow-up to show."""
    facts = await _Facts.load(session, log, default_timezone, now)
    assert log.id is not None
    outcome = facts.classify(now)
    if outcome is Outcome.RED:
        new = apply_session(facts.state.progress, facts.plan, outcome, facts.state.profile,
                            stopped=facts.stopped, hold=facts.hold)
        await session_logs.set_outcome_if_pending(session, log.id, outcome)
        level_text = await _level_down_if_due(session, facts, new, now)
        return " ".join(t for t in (texts.LEG if facts.leg else texts.RED, level_text) if t)
    new = record_session(facts.state.progress, facts.plan, facts.state.profile, stopped=facts.stopped)
    await records.save_progress(session, log.user_id, new, facts.state.progress, now)
    zone = records.user_zone(facts.state.row, default_timezone)
    await reminder_rows.schedule_followup(session, log.user_id, log.id, now, zone)
    worst = max((c.score for c in facts.checkins if c.context is not CheckinContext.NEXT_MORNING), default=0)
    baseline = session_baseline(facts.checkins, facts.state.profile.baseline_pain)
    green = worst <= rules.GREEN_WORST_MAX or worst <= baseline + rules.GREEN_ABOVE_BASELINE_MAX
    text = (texts.GREEN if green else texts.HOLD).format(next_day=texts.next_day(facts.next_weekday()))
    return text + ("\n\n" + texts.PAUSED_NOTE if facts.state.profile.paused else "")


async def _level_down_if_due(session: Any, facts: _Facts, new: dict[str, Any], now: datetime) -> str:
    """Save the progress after a red; two reds in 7 days at one level: down a level (a safety step)."""
    user_id = facts.log.user_id
    today = facts.state.today
    rows = await session_logs.recent_sessions(session, user_id, since=today - timedelta(days=6), until=today)
    change = level_down_after_reds(facts.state.profile, records.session_records(rows), today)
    if change is None:
        await records.save_progress(session, user_id, new, facts.state.progress, now)
        return ""
    profile, fitted = apply_level(facts.state.profile, new, change, today)
    await profiles.update_profile(session, user_id, now=now, level=profile.level, level_since=profile.level_since)
    await records.save_progress(session, user_id, fitted, facts.state.progress, now)
    return texts.LEVEL_DOWN


class _Facts:
    """Everything the coach needs to judge one session, read in one transaction."""

    def __init__(self, log: models.SessionLog, state: records.UserState, plan: SessionPlan,
                 checkins: list[Any], recent: list[Any], results: list[models.ExerciseResult], now: datetime) -> None:
        self.log, self.state, self.plan, self.checkins = log, state, plan, checkins
        self.stopped = frozenset(
            r.exercise_id for r in results
            if r.result == ExerciseResultKind.HURT and r.pain_kind != PainKind.DULL_ACHE_FADES
        )
        self.leg = any(c.leg_symptoms for c in checkins)
        self.hold = bool(progress_holds(state.profile, recent, now))

    @classmethod
    async def load(cls, session: Any, log: models.SessionLog, default_timezone: str, now: datetime) -> _Facts:
        assert log.id is not None
        state = await records.load_user_state(session, log.user_id, default_timezone, now)
        checkins = records.pain_records(await pain.for_session(session, log.id))
        window = await pain.pain_in_window(session, log.user_id, since=now - HOLDS_LOOKBACK,
                                           until=now + timedelta(seconds=1))
        results = await exercise_results.results_for_session(session, log.id)
        return cls(log, state, records.session_plan(log), checkins, records.pain_records(window), results, now)

    def classify(self, now: datetime) -> Outcome:
        assert self.log.finished_at is not None
        return classify_session(
            self.checkins, finished_at=self.log.finished_at, now=now, usual_pain=self.state.profile.baseline_pain
        )

    def next_weekday(self) -> int | None:
        days = self.state.row.training_weekdays if self.state.row else ()
        today = self.state.today.weekday()
        return next(((today + n) % 7 for n in range(1, 8) if (today + n) % 7 in days), None)


async def unanswered_state(update: Update, context: Context) -> str | None:
    """Re-derive a lost check-in state: the question the user's latest session (finished lately) still waits for."""
    svc = services(context)
    now = svc.clock()
    async with svc.db.session() as session:
        log = await session_logs.latest_finished_session(session, _user_id(update))
        if log is None or _closed(log, now):
            return None
        if not await _answered(session, log, CheckinContext.WORST_DURING):
            return CHECK_WORST
        if not await _answered(session, log, CheckinContext.AFTER):
            return CHECK_NOW
    return None


async def typed_for_lost_state(update: Update, context: Context) -> str | int | None:
    """Free text after a lost state: if a check-in question is still open, this text answers it."""
    state = await unanswered_state(update, context)
    if state == CHECK_WORST:
        return await worst_typed(update, context)
    if state == CHECK_NOW:
        return await now_typed(update, context)
    return None


#: The check-in right after a session is the session flow's: its typed answers and its buttons.
SESSION_TEXT_READERS: dict[str, Callback] = {CHECK_WORST: worst_typed, CHECK_NOW: now_typed}
SESSION_BUTTONS: dict[str, Callback] = {
    callbacks.pattern(FLOW, "worst"): worst_pressed,
    callbacks.pattern(FLOW, "now"): now_pressed,
}


# -------------------------------------------------------------------------------- next-morning follow-up ---


def _followup_buttons(session_id: int) -> InlineKeyboardMarkup:
    labels = (texts.FOLLOWUP_YES, texts.FOLLOWUP_NOT_QUITE, texts.FOLLOWUP_WORSE)
    pairs = zip(labels, FOLLOWUP_ANSWERS, strict=True)
    return keyboards.choices([[(label, callbacks.make(FLOW, "fu", session_id, code)) for label, code in pairs]])


async def start_followup(bot: Bot, db: Database, user_id: int, session_id: int, now: datetime,
                         default_timezone: str = DEFAULT_TIMEZONE) -> bool:
    """Send the next-morning question about a session; False (nothing sent) if its outcome is already final.

    The reminder scheduler calls this; Telegram errors propagate to the caller (e.g. Forbidden: blocked).
    """
    async with db.session() as session:
        log = await session_logs.get_session_log(session, session_id)
        user = await users.get_user(session, user_id)
        row = await profiles.get_profile(session, user_id)
        if log is None or user is None or log.user_id != user_id or log.outcome is not None or log.finished_at is None:
            return False
        await pending_rows.ask(session, user_id, flow=Flow.CHECKIN, question=FOLLOWUP, ref=str(session_id), now=now)
    today = records.local_date(row, default_timezone, now)
    question = texts.followup(log.local_date, today)
    await bot.send_message(user.chat_id, question, reply_markup=_followup_buttons(session_id))
    return True


async def followup_pressed(update: Update, context: Context) -> str | int:
    """Yes finalises at once; Not quite / Worse ask for the score first."""
    _, session_id, _, answer = _press(update)
    log = await _own_finished(update, context, session_id)
    if log is None or log.id is None or answer not in FOLLOWUP_ANSWERS:
        return await _already(update, END)
    if log.outcome is not None:
        await _drop_buttons(update)
        return await _already(update, END)
    await _answer(update)
    await _drop_buttons(update)
    if answer == "yes":
        return await _finalise(update, context, log, None)
    await reply(update, texts.FOLLOWUP_SCORE, keyboards.pain_scale(FLOW, "fus", log.id))
    return FU_SCORE


async def followup_score_pressed(update: Update, context: Context) -> str | int:
    """A score button after Not quite / Worse."""
    _, session_id, score, _ = _press(update)
    log = await _own_finished(update, context, session_id)
    if log is None or score is None or log.outcome is not None:
        return await _already(update, END)
    await _answer(update)
    await _drop_buttons(update)
    return await _finalise(update, context, log, score)


async def followup_score_typed(update: Update, context: Context) -> str | int:
    """A typed score after Not quite / Worse."""
    async with services(context).db.session() as session:
        waiting = await session_logs.sessions_awaiting_outcome(session, _user_id(update))
    if not waiting or waiting[0].id is None:
        await reply(update, texts.NOTHING_PENDING)
        return END
    score = await _typed_score(update, keyboards.pain_scale(FLOW, "fus", waiting[0].id))
    return FU_SCORE if score is None else await _finalise(update, context, waiting[0], score)


async def _finalise(update: Update, context: Context, log: models.SessionLog, score: int | None) -> str | int:
    """Save the morning answer, decide the outcome once and apply it to the progress."""
    assert log.id is not None
    svc = services(context)
    now = svc.clock()
    async with svc.db.session() as session:
        fresh = await session_logs.get_session_log(session, log.id)
        if fresh is None or fresh.outcome is not None:
            return await _already(update, END)
        facts = await _Facts.load(session, log, svc.default_timezone, now)
        back = score is None
        morning = score if score is not None else session_baseline(facts.checkins, facts.state.profile.baseline_pain)
        await pain.record_pain(
            session, user_id=log.user_id, context=CheckinContext.NEXT_MORNING, score=morning, now=now,
            session_id=log.id, back_to_baseline=back,
        )
        facts = await _Facts.load(session, log, svc.default_timezone, now)
        outcome = facts.classify(now)
        decided = await session_logs.set_outcome_if_pending(session, log.id, outcome)
        if decided:
            stepped_up, suggest = await _apply(session, facts, outcome, now)
    if not decided:  # answered after the unit of work: never talk to Telegram while holding a write
        return await _already(update, END)
    await reply(update, _followup_text(outcome, stepped_up) + ("\n\n" + texts.SUGGEST_RESUME if suggest else ""))
    return END


async def _apply(session: Any, facts: _Facts, outcome: Outcome, now: datetime) -> tuple[bool, bool]:
    """Apply the decided outcome to the progress; returns (a dose stepped up, suggest /resume)."""
    new = apply_outcome(facts.state.progress, facts.plan, outcome, facts.state.profile,
                        stopped=facts.stopped, hold=facts.hold)
    stepped_up = any(new[t].dose != p.dose or new[t].exercise_id != p.exercise_id
                     for t, p in facts.state.progress.items() if t in new)
    if outcome is Outcome.RED:
        await _level_down_if_due(session, facts, new, now)
    else:
        await records.save_progress(session, facts.log.user_id, new, facts.state.progress, now)
    return stepped_up, await _suggest_resume(session, facts, now)


async def _suggest_resume(session: Any, facts: _Facts, now: datetime) -> bool:
    """While paused: two check-ins in a row at or below the pre-flare baseline -> propose /resume (never forced)."""
    row = facts.state.row
    if row is None or not row.paused or row.paused_at is None:
        return False
    since = await pain.pain_in_window(session, row.user_id, since=row.paused_at, until=now + timedelta(seconds=1))
    return should_auto_resume(records.pain_records(since), row.pre_flare_baseline)


def _followup_text(outcome: Outcome, stepped_up: bool) -> str:
    if outcome is Outcome.GREEN:
        return texts.FOLLOWUP_GREEN.format(step=texts.FOLLOWUP_STEP_UP if stepped_up else texts.FOLLOWUP_SAME)
    if outcome is Outcome.RED:
        return texts.FOLLOWUP_RED
    return texts.FOLLOWUP_YELLOW


async def debug_followup(update: Update, context: Context) -> None:
    """Test hook (BACKCOACH_TEST_HOOKS=1 only): send the follow-up of the latest open session now."""
    svc = services(context)
    async with svc.db.session() as session:
        waiting = await session_logs.sessions_awaiting_outcome(session, _user_id(update))
    if not waiting or waiting[0].id is None:
        await reply(update, texts.NOTHING_PENDING)
        return
    await start_followup(update.get_bot(), svc.db, _user_id(update), waiting[0].id, svc.clock(), svc.default_timezone)


def test_hooks_enabled() -> bool:
    """Hidden debug commands exist only when the environment says so."""
    return os.environ.get(TEST_HOOKS_ENV) == "1"


def _on(action: str, callback: Callback) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(flow_handler(Flow.CHECKIN, callback), pattern=callbacks.pattern(FLOW, action))


async def followup_typed(update: Update, context: Context) -> None:
    """Typed text while the next-morning question waits for a button: which buttons."""
    await reply(update, texts.FOLLOWUP_HINT)


#: Typed text for the next-morning follow-up's questions.
TEXT_READERS: dict[str, Callback] = {FOLLOWUP: followup_typed, FU_SCORE: followup_score_typed}


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The next-morning follow-up's buttons (and the test hook, only when enabled)."""
    found: list[BaseHandler[Update, Any, Any]] = [_on("fu", followup_pressed), _on("fus", followup_score_pressed)]
    if test_hooks_enabled():
        found.insert(0, CommandHandler("debug_followup", debug_followup))
    return found
