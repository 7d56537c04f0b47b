"""The day's session (/today, or a `sess:start` button): warm-up first, then one exercise at a time.

The database is the truth (``usecases.session``): the session row holds the plan and `current_index`, every
Done / Skip / It hurts is written the moment it is pressed, and every button carries the session id and item
index (`sess:done:<session_id>:<index>`), checked against the user and the session's current position, so a
stale or doubled press does nothing (a polite pop-up instead). The pending question (``conversations.pending``)
only says what typed text means right now; /today or the next button always continues from the row.

Questions: ITEM (an exercise card is shown); "It hurts" and its questions are ``conversations.hurts``; the
check-in right after the session is ``conversations.checkin``'s (CHECK_WORST, CHECK_NOW), asking only what is
still missing (`checkin.ask_first`). Cards are numbered over the planned exercises only (`card_position`): an
easier version takes the number of the exercise it stands in for, so the total never changes within a session.

Once today's session is done (completed or stopped for pain), /today says so and offers only a gentle extra
(warm-up moves, kind gentle, no check-in of its own) or rest; an exercise that hurt today is never planned
again that day (`coach.planner`'s `avoid`). A next-morning follow-up that came due but was never pushed
(reminders off after /stop) is asked first at /today (``usecases.session.open_today``), then the day goes on.

Callback data: `sess:start`, `sess:extra`, `sess:rest`, `sess:cont:<sid>`, `sess:new:<sid>`, `sess:short:<sid>`,
`sess:before:<sid>:<0-10>`, `sess:done|skip:<sid>:<i>` (and the timer's and "It hurts"'s, see
``conversations.timer`` and ``conversations.hurts``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach.catalogue import Slot, load_catalogue
from coach.pain import read_pain_score
from coach.records import SessionKind
from coach.timer import offers_timer
from conversations import callbacks, card_delivery, checkin, keyboards
from conversations.context import services
from conversations.kit import (
    Context,
    answer_press,
    answer_stale,
    drop_buttons,
    pressed,
    replace_buttons,
    reply,
    text_of,
    user_id,
)
from conversations.pending import END, Callback, button_handler, flow_handler
from conversations.texts import common as common_texts
from conversations.texts import session as texts
from locales import _
from storage import models
from storage.values import ExerciseResultKind, SessionStatus
from usecases import records
from usecases import session as sessions
from usecases.checkin import Saved
from usecases.questions import Flow
from usecases.session import Gentle

FLOW = "sess"
ITEM, BEFORE = "item", "before"

RESULT_BY_ACTION = {"done": ExerciseResultKind.DONE, "skip": ExerciseResultKind.SKIPPED}
#: Why the session is the gentle one, as shown under its intro.
GENTLE_REASONS = {
    Gentle.EXTRA: texts.Gentle.EXTRA,
    Gentle.PAUSED: texts.Gentle.PAUSED,
    Gentle.DOCTOR_CHECK: texts.Gentle.DOCTOR_CHECK,
}

# ------------------------------------------------------------------------------------ reading state ---


@dataclass(frozen=True)
class Press:
    """A button press of this flow, parsed: action, session id, item index and any further argument."""

    action: str
    session_id: int | None
    index: int | None
    rest: tuple[str, ...]


def parse_press(update: Update) -> Press | None:
    parsed = pressed(update)
    if parsed is None or parsed.flow != FLOW:
        return None
    return Press(parsed.action, parsed.int_arg(0), parsed.int_arg(1), parsed.args[2:])


async def live(update: Update, context: Context, press: Press) -> tuple[models.SessionLog | None, bool]:
    """The pressed session if it is the user's, of today and still in progress (otherwise a polite answer),
    and whether the user's progression is paused."""
    svc = services(context)
    now, zone = svc.clock(), svc.default_timezone
    log, paused = await sessions.live_session(svc.db, user_id(update), press.session_id, now, zone)
    if log is None:
        await answer_stale(update, _(texts.SESSION_OVER))
    return log, paused


async def at_item(update: Update, context: Context, press: Press, offset: int = 0) -> models.SessionLog | None:
    """The live session when it stands at the pressed item (+ offset); else a polite answer and None."""
    log, _ignored = await live(update, context, press)
    if log is None:
        return None
    if press.index is None or log.current_index != press.index + offset:
        earlier = (press.index or 0) < log.current_index
        await answer_stale(update, _(texts.ALREADY_NOTED) if earlier else _(texts.NOT_NOW))
        return None
    return log


async def todays_session(update: Update, context: Context) -> models.SessionLog | None:
    svc = services(context)
    return await sessions.todays_session(svc.db, user_id(update), svc.clock(), svc.default_timezone)


async def lost(update: Update) -> int:
    """Free text when nothing in this flow waits for it any more: the usual friendly answer, and leave."""
    await reply(update, _(common_texts.FREE_TEXT))
    return END


# ------------------------------------------------------------------------------------------ showing ---


def _item_buttons(log: models.SessionLog, index: int) -> InlineKeyboardMarkup:
    assert log.id is not None
    rows = [
        [
            (_(texts.DONE), callbacks.make(FLOW, "done", log.id, index)),
            (_(texts.SKIP), callbacks.make(FLOW, "skip", log.id, index)),
        ],
        [(_(texts.HURTS), callbacks.make(FLOW, "hurt", log.id, index))],
    ]
    if offers_timer(records.item_dose(log.plan[index])):  # the timer: conversations.timer
        rows.append([(_(texts.TIMER), callbacks.make(FLOW, "timer", log.id, index))])
    return keyboards.choices(rows)


def starts_main_part(log: models.SessionLog, index: int) -> bool:
    """Is item ``index`` the first of the main part (right after the last warm-up move)?"""
    catalogue = load_catalogue()
    if index == 0:
        return False
    stored, previous = log.plan[index], log.plan[index - 1]
    warmup = catalogue[stored["exercise_id"]].slot is Slot.WARMUP and not stored.get("extra")
    return not warmup and not previous.get("extra") and catalogue[previous["exercise_id"]].slot is Slot.WARMUP


async def show_item(
    update: Update, context: Context, log: models.SessionLog, index: int, *, warmed_up: bool = True
) -> str:
    """Send the card of item `index`, with its picture if ready (the main part's first with a word on the
    warm-up: praise only if any warm-up move was done); the question that follows."""
    catalogue = load_catalogue()
    stored = log.plan[index]
    exercise = catalogue[stored["exercise_id"]]
    warmup = exercise.slot is Slot.WARMUP and not stored.get("extra")
    if starts_main_part(log, index):
        await reply(update, _(texts.MAIN_PART) if warmed_up else _(texts.MAIN_PART_NO_WARMUP))
    number, total = card_position(log.plan, index)
    text = texts.item(
        exercise, records.item_dose(stored), number, total, warmup=warmup, easier=bool(stored.get("extra"))
    )
    await card_delivery.send_card(update, services(context), exercise.id, text, _item_buttons(log, index))
    return ITEM


def card_position(plan: Sequence[Mapping[str, Any]], index: int) -> tuple[int, int]:
    """The number shown on card ``index`` and the total, counting the planned exercises only.

    An easier version added after "It hurts" takes the number of the exercise it stands in for, so the total
    stays the same all through the session (never "7/9" then "8/10").
    """
    planned = [not item.get("extra") for item in plan]
    return max(1, sum(planned[: index + 1])), sum(planned)


async def show_where(update: Update, context: Context, log: models.SessionLog) -> str | int:
    """Show where the session stands: the current item, or its end when every item is answered."""
    index = log.current_index
    if index >= len(log.plan):
        return await finish(update, context, log)
    warmed_up = not starts_main_part(log, index) or await sessions.warmed_up(services(context).db, log)
    return await show_item(update, context, log, index, warmed_up=warmed_up)


async def finish(update: Update, context: Context, log: models.SessionLog) -> str | int:
    """End the session, show the summary and ask the first check-in (a gentle extra after the day's own
    session has no check-in of its own, nor has a session with every exercise skipped)."""
    assert log.id is not None
    finished = await sessions.finish(services(context).db, log, services(context).clock())
    tip = texts.tip(_(finished.tip.title), _(finished.tip.text)) if finished.tip else ""
    await reply(update, _summary(finished.plan, finished.results, finished.minutes) + tip)
    if finished.extra:
        await reply(update, _(texts.EXTRA_DONE))
    if not finished.checks_in:
        return END
    return await checkin.ask_first(update, context, log.id)


def _summary(plan: Sequence[Mapping[str, Any]], results: Sequence[models.ExerciseResult], minutes: int) -> str:
    """The summary, counted like the cards: of the planned exercises, with easier versions apart."""
    extras = {i for i, item in enumerate(plan) if item.get("extra")}
    done = [r.position in extras for r in results if r.result == ExerciseResultKind.DONE]
    skipped = sum(r.result == ExerciseResultKind.SKIPPED for r in results)
    hurt = sum(r.result == ExerciseResultKind.HURT for r in results)
    _ignored, total = card_position(plan, 0)
    return texts.summary(done.count(False), skipped, hurt, total, minutes, easier=done.count(True))


# ----------------------------------------------------------------------------------- starting a day ---


async def today(update: Update, context: Context) -> str | int:
    """/today or a Start button: an unpushed follow-up first; then today's session in progress, the gentle
    extra or rest once today's session is done, or a new session."""
    await answer_press(update)
    svc = services(context)
    found = await sessions.open_today(svc.db, user_id(update), svc.clock(), svc.default_timezone)
    if not found.onboarded:
        await reply(update, _(texts.NOT_SET_UP))
        return END
    await checkin.send_followup(update.get_bot(), found.followup)
    current = found.current
    if current is not None and current.id is not None:
        buttons = keyboards.choices([[
            (_(texts.CONTINUE), callbacks.make(FLOW, "cont", current.id)),
            (_(texts.START_AGAIN), callbacks.make(FLOW, "new", current.id)),
        ]])
        await reply(update, texts.in_progress(current.current_index + 1, len(current.plan)), buttons)
        return ITEM
    if found.day.done_ids:
        extra, rest = callbacks.make(FLOW, "extra"), callbacks.make(FLOW, "rest")
        rows = [[(_(texts.GENTLE_EXTRA), extra)], [(_(texts.REST_TODAY), rest)]]
        await reply(update, _(texts.DONE_TODAY_HURT) if found.day.hurt else _(texts.DONE_TODAY),
            keyboards.choices(rows))
        return END
    return await _start_new(update, context)


async def gentle_extra(update: Update, context: Context) -> str | int:
    """The gentle extra after today's session (warm-up moves only, leaving out whatever hurt today)."""
    await answer_press(update)
    await drop_buttons(update)
    return await _start_new(update, context)


async def rest_today(update: Update, context: Context) -> int:
    """Rest after today's session."""
    await answer_press(update)
    await drop_buttons(update)
    await reply(update, _(texts.REST_TODAY_TEXT))
    return END


async def _start_new(
    update: Update, context: Context, *, minimum: bool = False, before: int | None = None
) -> str | int:
    """A new session (``usecases.session.start_session``): its intro (why it is gentle, if it is; a full one
    offers the 5-minute version) with the one-tap question of the pain right now, the session's start, which
    it is judged against; then its first card. The gentle extra, judged with the day's own session, and a
    5-minute version of a session whose start is known already, go straight to the first card."""
    svc = services(context)
    uid, now, zone = user_id(update), svc.clock(), svc.default_timezone
    started = await sessions.start_session(svc.db, uid, now, zone, minimum=minimum, before=before)
    if started.log is None or started.plan is None or started.log.id is None:
        await reply(update, _(texts.LOCKED) if started.locked else _(texts.REST_TODAY_TEXT))
        return END
    plan, log, session_id = started.plan, started.log, started.log.id
    reason = _(GENTLE_REASONS[started.gentle]) if started.gentle else None
    intro = texts.intro(plan.kind, len(plan.items), plan.estimated_minutes, reason)
    if started.gentle is Gentle.EXTRA or started.starting_pain is not None:
        await reply(update, intro, _short_buttons(plan.kind, session_id))
        return await show_item(update, context, log, 0)
    await reply(update, intro + _(texts.BEFORE_ASK), _before_buttons(plan.kind, session_id))
    return BEFORE


def _short_buttons(kind: SessionKind, session_id: int) -> InlineKeyboardMarkup | None:
    """A full session's offer of the 5-minute version."""
    if kind is not SessionKind.FULL:
        return None
    return keyboards.choices([[(_(texts.SHORT_VERSION), callbacks.make(FLOW, "short", session_id))]])


def _before_buttons(kind: SessionKind, session_id: int) -> InlineKeyboardMarkup:
    """The starting-pain scale, and under it a full session's offer of the 5-minute version."""
    scale = keyboards.pain_scale(FLOW, "before", session_id).inline_keyboard
    short = _short_buttons(kind, session_id)
    return InlineKeyboardMarkup([*scale, *(short.inline_keyboard if short else ())])


async def before_pressed(update: Update, context: Context) -> str | int | None:
    """A tap on the starting-pain scale: noted once, then the first card (the 5-minute offer stays)."""
    press = parse_press(update)
    score = press.index if press else None  # `sess:before:<sid>:<score>`: the score stands where an index would
    log, _ignored = await live(update, context, press) if press else (None, False)
    if log is None or score is None:
        return END
    return await _before(update, context, log, score)


async def before_typed(update: Update, context: Context) -> str | int | None:
    """A typed starting pain ("4", "4/10", "four"); anything else: why not, and the scale again."""
    log = await todays_session(update, context)
    if log is None or log.id is None:
        return await lost(update)
    reading = read_pain_score(text_of(update))
    if reading.score is None:
        await reply(update, reading.problem or _(texts.BEFORE_HINT), keyboards.pain_scale(FLOW, "before", log.id))
        return BEFORE
    return await _before(update, context, log, reading.score)


async def _before(update: Update, context: Context, log: models.SessionLog, score: int) -> str | int | None:
    svc = services(context)
    saved = await sessions.record_before(svc.db, log, score, svc.clock())
    if saved is not Saved.SAVED:
        await answer_stale(update, _(texts.ALREADY_NOTED) if saved is Saved.ALREADY else _(texts.NOT_NOW))
        return None
    await answer_press(update)
    assert log.id is not None
    await replace_buttons(update, _short_buttons(records.session_kind(log.kind), log.id))
    await reply(update, _(texts.BEFORE_NOTED).format(score=score))
    return await show_item(update, context, log, 0)


async def short_version(update: Update, context: Context) -> str | int:
    """Short on time: the 5-minute minimum session instead, as long as nothing of the full one is answered."""
    press = parse_press(update)
    log, _ignored = await live(update, context, press) if press else (None, False)
    if log is None:
        return END
    if log.current_index != 0 or records.session_kind(log.kind) is not SessionKind.FULL:
        await answer_stale(update, _(texts.NOT_NOW))
        return ITEM
    await answer_press(update)
    await drop_buttons(update)
    assert log.id is not None
    before = await sessions.starting_pain(services(context).db, log.id)
    return await _start_new(update, context, minimum=True, before=before)


async def continue_session(update: Update, context: Context) -> str | int:
    """Continue: today's session in progress, at the item it stands at (a fresh one if /pain came since)."""
    press = parse_press(update)
    log, paused = await live(update, context, press) if press else (None, False)
    if log is None:
        return END
    await answer_press(update)
    await drop_buttons(update)
    if sessions.outdated_by_pause(log, paused=paused):
        return await _start_new(update, context)
    return await show_where(update, context, log)


async def start_again(update: Update, context: Context) -> str | int:
    """Start again: a fresh plan (the unfinished session is closed as abandoned)."""
    press = parse_press(update)
    log, _ignored = await live(update, context, press) if press else (None, False)
    if log is None:
        return END
    await answer_press(update)
    await drop_buttons(update)
    return await _start_new(update, context)


# ---------------------------------------------------------------------------------- done and skip ---


async def done_or_skip(update: Update, context: Context) -> str | int:
    """Done / Skip: record the result and move on, exactly once per item."""
    press = parse_press(update)
    log = await at_item(update, context, press) if press else None
    if press is None or log is None or log.id is None or press.index is None:
        return ITEM
    svc = services(context)
    if not await sessions.record_item(svc.db, log, press.index, RESULT_BY_ACTION[press.action], svc.clock()):
        await answer_stale(update, _(texts.ALREADY_NOTED))
        return ITEM
    await answer_press(update)
    log.current_index = press.index + 1
    return await show_where(update, context, log)


async def ask_again(update: Update, context: Context, question: str) -> str | int | None:
    """The card being asked, shown again (a press whose reply may have been lost); None: nothing to show."""
    if question in checkin.SESSION_TEXT_READERS:
        return await checkin.ask_again(update, context, question)
    log = await todays_session(update, context)
    if question != ITEM or log is None or log.status != SessionStatus.IN_PROGRESS:
        return None
    if log.current_index >= len(log.plan):
        return None
    return await show_where(update, context, log)


async def item_text(update: Update, context: Context) -> str | int:
    """Free text while a card is shown: a hint and the current card again."""
    log = await todays_session(update, context)
    if log is None:
        return await lost(update)
    await reply(update, _(texts.HINT_BUTTONS))
    return await show_where(update, context, log)


# ------------------------------------------------------------------------------------------ wiring ---


def on_button(action: str, callback: Callback) -> CallbackQueryHandler[Any, Any]:
    """The handler of the session's button ``sess:<action>:...`` (its replies held for the pending question)."""
    return button_handler(Flow.SESSION, FLOW, action, callback)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """/today and every button of the session (the check-in's right after it included)."""
    return [
        CommandHandler("today", flow_handler(Flow.SESSION, today)),
        on_button("start", today),
        on_button("extra", gentle_extra),
        on_button("rest", rest_today),
        on_button("cont", continue_session),
        on_button("new", start_again),
        on_button("short", short_version),
        on_button("before", before_pressed),
        on_button("done", done_or_skip),
        on_button("skip", done_or_skip),
        *(CallbackQueryHandler(flow_handler(Flow.SESSION, callback), pattern=pattern)
          for pattern, callback in checkin.SESSION_BUTTONS.items()),
    ]


#: Typed text for each question the session asks (the check-in right after it included).
TEXT_READERS: dict[str, Callback] = {
    ITEM: item_text,
    BEFORE: before_typed,
    **checkin.SESSION_TEXT_READERS,
}
