"""The reminder ticker: one repeating JobQueue job that sends every due reminder once, durably and DST-correct.

The database is the truth (design.md, "Reminders"). Every ``TICK_SECONDS`` the job starts a tick unless one is
still running. A tick, on PostgreSQL only while it holds the ticker's advisory lock (one ticker at a time, so
one pacer owns Telegram's budget), repeats until nothing is due:

1. **Claim** up to ``BATCH_SIZE`` due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and, in the same unit
   of work, advance each row's ``next_fire_at`` with ``coach.schedule`` from the profile as it is now (so
   /settings changes count at the next tick), and claim the delivery key (user, kind, local date). A row
   late by more than the grace period is recorded ``skipped_late`` instead of sent: no pile-up after downtime.
2. **Commit**, then **send** the batch concurrently through the bot's pacer (``bot.delivery``); the next
   batch is claimed while this one is still being paced, so the pacer never runs dry.
3. **Record** failures: ``Forbidden`` marks the user blocked (every reminder off), others ``failed``.

At most once: the key is committed *before* the send. A process dying between that commit and Telegram's
answer loses that one reminder rather than doubling it. For a health reminder that is the right side to err
on: a missed reminder is mild (the nudge three hours later, /today and the next training day remain), while a
doubled one reads as a glitch or as nagging, and nagging makes people block the bot, which ends every
reminder. The window is one batch (a few seconds of sends), and a crash leaves the row marked ``sent``.

Kinds: ``session`` (training days, local time; Start now / Snooze 1 hour / Skip today; not sent if a session
or a skip is already logged that day; gentle while /pain is on), ``nudge`` (one, 3 hours after the session
reminder, only if that day's session is not logged or skipped), ``followup`` (next morning: made the pending
question by ``usecases.checkin.open_followup``, sent as ``conversations.checkin.send_followup``), ``weekly``
(Sunday evening local time), ``lesson`` (a day that is not a training day, at the reminder time: the next unread
lesson, ``conversations.lessons.rest_day_message``; its row is added beside the weekly one after a session
reminder; nothing is sent once every lesson is read).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot
from telegram.ext import Application, ContextTypes

from bot import metrics
from bot.delivery import Outcome, deliver
from bot.inbox import DATABASE_ERRORS
from coach.schedule import DAYS_IN_WEEK, DEFAULT_TIMEZONE, next_occurrence, stored_time
from conversations import reminders as messages
from conversations.checkin import send_followup
from conversations.context import SERVICES_KEY, Services
from conversations.lessons import rest_day_message
from conversations.texts import reminders as texts
from locales import _, language_of, speaking
from storage import models
from storage.database import Database
from storage.repositories import locks, reminders, users
from storage.values import DeliveryStatus, ReminderKind
from usecases import checkin as checkins
from usecases.lessons import next_unread_in
from usecases.reminder_rows import doctor_reminder_settled, is_locked
from usecases.reminders import weekly_facts

log = logging.getLogger(__name__)

TICK_SECONDS = 5
BATCH_SIZE = 120  # about 4 s of sends at Telegram's overall limit
#: Reminder sends waiting in the pacer at once: about a second's worth (a reply waiting goes before all of
#: them anyway: ``bot.delivery.Priority``), so a batch's memory stays small.
MAX_IN_FLIGHT = 30
DEFAULT_GRACE = timedelta(minutes=120)
NUDGE_AFTER = timedelta(hours=3)
WEEKLY_WEEKDAY = 6  # Sunday
WEEKLY_LOCAL_TIME = time(19, 0)
TICKER_KEY = "backcoach.ticker"
ONE_SHOT_KINDS = frozenset({ReminderKind.NUDGE, ReminderKind.FOLLOWUP, ReminderKind.DOCTOR})
TRAINING_KINDS = frozenset({ReminderKind.SESSION, ReminderKind.NUDGE})


@dataclass
class Planned:
    """One claimed reminder: what to send, to whom, and under which delivery key."""

    row: models.Reminder
    user: models.User | None
    profile: models.Profile | None
    zone: ZoneInfo
    local_date: date
    key_kind: str
    late: timedelta
    send: Callable[[], Awaitable[Any]] | None = None


@dataclass
class TickReport:
    """What one tick did (for logs, tests and the benchmark)."""

    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    blocked: int = 0
    failed: int = 0
    db_seconds: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)


class Ticker:
    """Claims, sends and records due reminders; the clock and the bot are injected."""

    def __init__(
        self,
        db: Database,
        bot: Bot,
        *,
        clock: Callable[[], datetime],
        grace: timedelta = DEFAULT_GRACE,
        default_timezone: str = DEFAULT_TIMEZONE,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.db, self.bot, self.clock = db, bot, clock
        self.grace, self.default_timezone, self.batch_size = grace, default_timezone, batch_size
        self._running: asyncio.Task[TickReport] | None = None
        self._in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._database_down = False  # the last tick found the database not answering (logged once per outage)

    # ------------------------------------------------------------------------------------ the loop ---

    async def tick(self) -> TickReport:
        """Send everything due now, batch after batch; one ticker at a time on PostgreSQL."""
        report = TickReport()
        async with self.db.session() as guard:
            if not await locks.try_advisory_lock(guard):
                return report
            in_flight: asyncio.Future[list[Outcome]] | None = None
            previous: list[Planned] = []
            while True:
                batch, claimed = await self._claim(report)
                sending = self._start_sends(batch)
                if in_flight is not None:
                    await self._record(previous, await in_flight, report)
                in_flight, previous = sending, batch
                if claimed < self.batch_size:
                    break
            await self._record(previous, await in_flight, report)
        return report

    def start_in_background(self) -> None:
        """Start a tick unless one is still running (the JobQueue's callback: it never waits for sends)."""
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._safe_tick())

    async def wait_idle(self) -> None:
        """Wait for a background tick to finish (shutdown, tests)."""
        if self._running is not None:
            await asyncio.wait({self._running})

    async def _safe_tick(self) -> TickReport:
        try:
            report = await self.tick()
        except DATABASE_ERRORS as exc:  # nothing was claimed, so nothing is lost: the next tick tries again
            metrics.DATABASE_ERRORS.inc()
            if not self._database_down:
                log.warning("reminder tick: the database does not answer (%s); trying again each tick",
                            type(exc).__name__)
            self._database_down = True
            return TickReport()
        except Exception:  # a tick must never kill the job: a bug is logged with its traceback, next tick again
            log.exception("reminder tick failed")
            return TickReport()
        if self._database_down:
            log.info("reminder tick: the database answers again")
            self._database_down = False
        metrics.count_reminders(report.sent, report.failed, report.blocked, report.skipped)
        if report.claimed:
            log.info(
                "reminder tick: %s claimed, %s sent, %s skipped, %s blocked, %s failed",
                report.claimed, report.sent, report.skipped, report.blocked, report.failed,
            )
        return report

    # ---------------------------------------------------------------------------------- claiming ---

    async def _claim(self, report: TickReport) -> tuple[list[Planned], int]:
        started = asyncio.get_running_loop().time()
        now = self.clock()
        async with self.db.session() as session:
            rows = await reminders.claim_due(session, now, self.batch_size)
            people = await reminders.recipients(session, {row.user_id for row in rows})
            planned = [self._plan(row, *people.get(row.user_id, (None, None))) for row in rows]
            advances = [(item.row.id, self._next_fire(item, now)) for item in planned if item.row.id is not None]
            await reminders.advance_many(session, advances, now=now)
            await self._gate(session, planned, now, report)
        report.claimed += len(rows)
        report.db_seconds += asyncio.get_running_loop().time() - started
        return [item for item in planned if item.send is not None], len(rows)

    def _plan(self, row: models.Reminder, user: models.User | None, profile: models.Profile | None) -> Planned:
        zone, now = self._zone(profile), self.clock()
        due = self._effective_due(row, profile, zone, now)
        local_day = due.astimezone(zone).date()
        key_kind = row.kind
        if row.kind == ReminderKind.NUDGE and row.payload and row.payload.get("local_date"):
            local_day = date.fromisoformat(str(row.payload["local_date"]))
        if row.snoozed_until is not None:
            key_kind = f"{row.kind}-snooze@{row.snoozed_until.strftime('%Y%m%dT%H%M')}"
        return Planned(row, user, profile, zone, local_day, key_kind, now - due)

    def _effective_due(
        self, row: models.Reminder, profile: models.Profile | None, zone: ZoneInfo, now: datetime
    ) -> datetime:
        """When the row was due; for a stale repeating row (reminders were off, or the user had blocked the
        bot), its latest scheduled occurrence if that is within the grace period, so it is not skipped."""
        due = row.next_fire_at
        assert due is not None
        if now - due <= self.grace or row.snoozed_until is not None or row.kind in ONE_SHOT_KINDS:
            return due
        recent = self._occurrence_after(row.kind, profile, zone, now - self.grace)
        return recent if recent is not None and recent <= now else due

    def _zone(self, profile: models.Profile | None) -> ZoneInfo:
        try:
            return ZoneInfo(profile.timezone) if profile and profile.timezone else ZoneInfo(self.default_timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(self.default_timezone)

    def _next_fire(self, item: Planned, now: datetime) -> datetime | None:
        """The next firing after ``now`` from the profile as it is now (None: one-shot or no schedule)."""
        return self._occurrence_after(item.row.kind, item.profile, item.zone, now)

    @staticmethod
    def _occurrence_after(
        kind: str, profile: models.Profile | None, zone: ZoneInfo, after: datetime
    ) -> datetime | None:
        if kind in ONE_SHOT_KINDS:
            return None
        if kind == ReminderKind.WEEKLY:
            return next_occurrence(after, str(zone.key), {WEEKLY_WEEKDAY}, WEEKLY_LOCAL_TIME)
        at = stored_time(profile.reminder_time) if profile else None
        if profile is None or at is None or not profile.training_weekdays:
            return None
        days = set(profile.training_weekdays)
        if kind == ReminderKind.LESSON:  # the rest days
            days = set(range(DAYS_IN_WEEK)) - days
        return next_occurrence(after, str(zone.key), days, at) if days else None

    async def _gate(self, session: AsyncSession, planned: list[Planned], now: datetime, report: TickReport) -> None:
        """Decide what is sent: wanted, on time, not done or skipped already, and its key still free."""
        training = {(p.row.user_id, p.local_date) for p in planned if p.row.kind in TRAINING_KINDS}
        done = await reminders.sessions_logged_on(session, training) | await reminders.skipped_on(session, training)
        wanted = [item for item in planned if self._wanted(item) and not self._done(item, done)]
        report.skipped += len(planned) - len(wanted)
        keys = [(item.row.user_id, item.key_kind, item.local_date, self._status(item)) for item in wanted]
        fresh = await reminders.try_record_deliveries(session, keys, now=now)
        for item in wanted:
            if (item.row.user_id, item.key_kind, item.local_date) not in fresh or item.late > self.grace:
                report.skipped += 1
                continue
            item.send = await self._compose(session, item, now)
        await self._companions(session, [p for p in planned if p.send and p.key_kind == ReminderKind.SESSION], now)

    @staticmethod
    def _done(item: Planned, done: set[tuple[int, date]]) -> bool:
        """A training reminder for a day already trained or skipped."""
        return item.row.kind in TRAINING_KINDS and (item.row.user_id, item.local_date) in done

    def _status(self, item: Planned) -> str:
        return DeliveryStatus.SENT if item.late <= self.grace else DeliveryStatus.SKIPPED_LATE

    @staticmethod
    def _wanted(item: Planned) -> bool:
        needs_profile = item.row.kind in (
            ReminderKind.SESSION, ReminderKind.WEEKLY, ReminderKind.DOCTOR, ReminderKind.LESSON
        )
        return (
            item.user is not None
            and item.user.is_active
            and (item.profile is not None or not needs_profile)
            and (item.profile is None or item.profile.reminders_enabled)
            and not is_locked(item.profile)  # an open red flag stops every kind until a clinician clears it
            and not (item.row.kind == ReminderKind.DOCTOR and doctor_reminder_settled(item.profile))
        )

    async def _companions(self, session: AsyncSession, sent: list[Planned], now: datetime) -> None:
        """After a session reminder: its one nudge 3 hours on, and the weekly summary row if missing."""
        nudges = [
            (item.row.user_id, now - item.late + NUDGE_AFTER, {"local_date": item.local_date.isoformat()})
            for item in sent
        ]
        await reminders.upsert_many(session, ReminderKind.NUDGE, nudges, now=now)
        weekly = [
            (item.row.user_id, next_occurrence(now, str(item.zone.key), {WEEKLY_WEEKDAY}, WEEKLY_LOCAL_TIME), None)
            for item in sent
        ]
        await reminders.upsert_many(session, ReminderKind.WEEKLY, weekly, now=now, replace=False)
        rest_days = [(item.row.user_id, self._occurrence_after(ReminderKind.LESSON, item.profile, item.zone, now))
                     for item in sent]
        lessons = [(user_id, at, None) for user_id, at in rest_days if at is not None]
        await reminders.upsert_many(session, ReminderKind.LESSON, lessons, now=now, replace=False)

    async def _compose(self, session: AsyncSession, item: Planned, now: datetime) -> Callable[[], Awaitable[Any]]:
        """The reminder's send, rendered in the user's language (and sent in it: the follow-up renders late)."""
        assert item.user is not None
        language = language_of(item.user.language or item.user.language_code)
        with speaking(language):
            send = await self._render(session, item, now)

        async def send_in_language() -> Any:
            with speaking(language):
                return await send()

        return send_in_language

    async def _render(self, session: AsyncSession, item: Planned, now: datetime) -> Callable[[], Awaitable[Any]]:
        assert item.user is not None
        chat_id, kind = item.user.chat_id, item.row.kind
        if kind == ReminderKind.SESSION:
            text, markup = messages.session_text(item.profile), messages.session_buttons(item.local_date)
            return lambda: self.bot.send_message(chat_id, text, reply_markup=markup)
        if kind == ReminderKind.WEEKLY:
            assert item.profile is not None
            summary, offer = messages.weekly_summary(await weekly_facts(session, item.profile, item.zone, now))
            return lambda: self.bot.send_message(chat_id, summary, reply_markup=offer)
        if kind == ReminderKind.FOLLOWUP:
            return self._followup(item, now)
        if kind == ReminderKind.DOCTOR:
            doctor = _(texts.DOCTOR_REMINDER)
            return lambda: self.bot.send_message(chat_id, doctor, reply_markup=messages.doctor_buttons())
        if kind == ReminderKind.LESSON:
            return await self._rest_day_lesson(session, item)
        return lambda: self.bot.send_message(chat_id, _(texts.NUDGE))

    async def _rest_day_lesson(self, session: AsyncSession, item: Planned) -> Callable[[], Awaitable[Any]]:
        """The next unread lesson on a rest day; nothing (not needed) once every lesson is read."""
        assert item.user is not None
        lesson = await next_unread_in(session, item.row.user_id)
        if lesson is None:
            return _not_needed
        chat_id, (text, markup) = item.user.chat_id, rest_day_message(lesson)
        return lambda: self.bot.send_message(chat_id, text, reply_markup=markup)

    def _followup(self, item: Planned, now: datetime) -> Callable[[], Awaitable[Any]]:
        """The check-in flow's next-morning question (nothing is sent if the session's outcome is final)."""
        session_id = int((item.row.payload or {}).get("session_id", 0))
        user_id = item.row.user_id
        return lambda: self._open_and_send_followup(user_id, session_id, now)

    async def _open_and_send_followup(self, user_id: int, session_id: int, now: datetime) -> bool:
        question = await checkins.open_followup(self.db, user_id, session_id, now, self.default_timezone)
        return await send_followup(self.bot, question)

    # ---------------------------------------------------------------------------- sending, recording ---

    def _start_sends(self, batch: list[Planned]) -> asyncio.Future[list[Outcome]]:
        return asyncio.gather(*(self._send(item.send) for item in batch if item.send is not None))

    async def _send(self, send: Callable[[], Awaitable[Any]]) -> Outcome:
        async with self._in_flight:
            return await deliver(send)

    async def _record(self, batch: list[Planned], outcomes: list[Outcome], report: TickReport) -> None:
        report.outcomes.extend(outcomes)
        report.sent += outcomes.count(Outcome.SENT)
        pairs = zip(batch, outcomes, strict=True)
        troubles = [(item, o) for item, o in pairs if o in (Outcome.BLOCKED, Outcome.FAILED)]
        if not troubles:
            return
        now = self.clock()
        async with self.db.session() as session:
            for item, outcome in troubles:
                blocked = outcome is Outcome.BLOCKED
                report.blocked += blocked
                report.failed += not blocked
                if blocked:
                    await users.mark_blocked(session, item.row.user_id, now)
                await reminders.set_delivery_status(
                    session, user_id=item.row.user_id, kind=item.key_kind, local_date=item.local_date,
                    status=DeliveryStatus.BLOCKED if blocked else DeliveryStatus.FAILED,
                )


async def _not_needed() -> bool:
    """A send that sends nothing on purpose (``deliver`` records it as not needed)."""
    return False


# ------------------------------------------------------------------------------------------- wiring ---


def install_ticker(application: Application[Any, Any, Any, Any, Any, Any], grace_minutes: int) -> Ticker:
    """Create the ticker from the application's services and repeat it every ``TICK_SECONDS``."""
    services = application.bot_data[SERVICES_KEY]
    assert isinstance(services, Services)
    ticker = Ticker(
        services.db, application.bot, clock=services.clock, grace=timedelta(minutes=grace_minutes),
        default_timezone=services.default_timezone,
    )
    application.bot_data[TICKER_KEY] = ticker
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(_on_tick, interval=TICK_SECONDS, first=1, name="reminders")
    return ticker


async def _on_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    ticker = context.application.bot_data.get(TICKER_KEY)
    if isinstance(ticker, Ticker):
        ticker.start_in_background()


async def stop_ticker(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Let a running tick finish its batch before the database closes."""
    ticker = application.bot_data.get(TICKER_KEY)
    if isinstance(ticker, Ticker):
        await ticker.wait_idle()
