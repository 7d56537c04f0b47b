"""Pain check-ins as the user sees them: right after a session (worst during, then now) and the next morning.

Handlers parse the press or the typed score, call ``usecases.checkin`` (which saves every score the moment it
is given and asks the coach) and render the result in ``conversations/texts/checkin.py``.

- Right after a session the session flow asks (`ask_first`: only what is still missing; a score given during
  "It hurts" is never asked again); its questions CHECK_WORST and CHECK_NOW and the buttons
  `chk:worst:<sid>:<score>` / `chk:now:<sid>:<score>` are defined here (`SESSION_TEXT_READERS`,
  `SESSION_BUTTONS`).
- The next-morning question is made the user's pending one by ``usecases.checkin.open_followup`` (the reminder
  ticker, or /today for one that was never pushed) and sent as :func:`followup_message`;
  `chk:fu:<sid>:<yes|nq|worse>` answers it, then `chk:fus:<sid>:<score>` (or a typed score).
- An old, repeated or forged press ("Already noted", "That check-in is already closed") leaves the buttons
  where they are, and the question being asked comes again (:func:`ask_again`, through
  ``conversations.pending``): the press's reply may have been lost. With no question being asked (the last
  answer pressed again), a short message says the answers are saved and how to go on (/today).
- With `BACKCOACH_TEST_HOOKS=1` only, `/debug_followup` sends the follow-up of the latest open session now.
"""

from __future__ import annotations

import os
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from coach.pain import read_pain_score
from coach.records import Outcome
from conversations import callbacks, keyboards, lessons, onboarding
from conversations.context import services
from conversations.kit import Context, answer_press, answer_stale, drop_buttons, pressed, reply, text_of, user_id
from conversations.pending import END, Callback, button_handler
from conversations.texts import checkin as texts
from conversations.texts.common import ANSWERS_SAVED
from locales import _
from usecases import checkin as checkins
from usecases.checkin import AfterSession, MorningQuestion, MorningVerdict, Saved
from usecases.questions import Flow

FLOW = "chk"
CHECK_WORST, CHECK_NOW, FU_SCORE = "check_worst", "check_now", "followup_score"
FOLLOWUP = checkins.FOLLOWUP_QUESTION  # the next-morning question itself (buttons; typed text gets a hint)
TEST_HOOKS_ENV = "BACKCOACH_TEST_HOOKS"
FOLLOWUP_ANSWERS = ("yes", "nq", "worse")


def read_score(text: str) -> int | None:
    """A typed 0-10 score ("7", " 7 ", "7/10", "seven"), or None."""
    return read_pain_score(text).score


def _press(update: Update) -> tuple[str, int | None, int | None, str | None]:
    """(action, session id, score, raw last argument) of a press of this flow."""
    parsed = pressed(update)
    if parsed is None or parsed.flow != FLOW:
        return "", None, None, None
    return parsed.action, parsed.int_arg(0), parsed.int_arg(1), parsed.arg(1)


async def _typed_score(update: Update, markup: InlineKeyboardMarkup) -> int | None:
    """The typed score, or None after telling the user why it is not one (with the scale again)."""
    reading = read_pain_score(text_of(update))
    if reading.score is None:
        await reply(update, reading.problem or _(texts.SCORE_HINT), markup)
    return reading.score


async def _note(update: Update, text: str, asked: str | int) -> str | int:
    """A short note (on the button pressed, or as a message to typed text); ``asked`` stays the question. A
    press noted so (already noted, or a check-in closed) is an old one: it leaves the buttons where they are
    and brings the question being asked again (``conversations.pending``), whichever flow asks it; with none
    being asked (the last answer pressed again after its reply was lost), that the answers are saved and
    /today."""
    if update.callback_query is not None:
        await answer_stale(update, text, _(ANSWERS_SAVED))
    else:
        await reply(update, text)
    return asked


# ------------------------------------------------------------------------------- right after a session ---


async def ask_first(update: Update, context: Context, session_id: int) -> str:
    """The first check-in question after a session: only what is still missing (scores given during it count)."""
    known = await checkins.known_worst(services(context).db, session_id)
    if known is None:
        await reply(update, _(texts.WORST), keyboards.pain_scale(FLOW, "worst", session_id))
        return CHECK_WORST
    await reply(update, texts.now_with_known_worst(known), keyboards.pain_scale(FLOW, "now", session_id))
    return CHECK_NOW


async def ask_again(update: Update, context: Context, question: str) -> str | None:
    """The check-in question being asked, shown again (a press whose reply may have been lost): right after a
    session (the session flow's questions) or the next morning's (``Flow.CHECKIN``'s); None: nothing to show."""
    if question == FOLLOWUP:
        svc = services(context)
        asked = await checkins.asked_followup(svc.db, user_id(update), svc.clock(), svc.default_timezone)
        if asked is not None:
            await reply(update, *followup_message(asked))
        return question if asked is not None else None
    if question == FU_SCORE:
        waiting = await checkins.awaiting_outcome(services(context).db, user_id(update))
        return await _ask_score(update, waiting) if waiting is not None else None
    return await _ask_after_session(update, context, question)


async def _ask_after_session(update: Update, context: Context, question: str) -> str | None:
    """The check-in question right after a session, shown again (None: its check-in is closed)."""
    svc = services(context)
    session_id = await checkins.open_check(svc.db, user_id(update), None, svc.clock())
    if session_id is None or question not in (CHECK_WORST, CHECK_NOW):
        return None
    text, action = (texts.WORST, "worst") if question == CHECK_WORST else (texts.NOW, "now")
    await reply(update, _(text), keyboards.pain_scale(FLOW, action, session_id))
    return question


async def _worst(update: Update, context: Context, session_id: int, score: int) -> str | int:
    svc = services(context)
    saved = await checkins.record_worst(svc.db, user_id(update), session_id, score, svc.clock())
    if saved is Saved.CLOSED:
        return await _note(update, _(texts.CHECKIN_CLOSED), END)
    if saved is Saved.ALREADY:
        return await _note(update, _(texts.ALREADY_NOTED), CHECK_NOW)
    await answer_press(update)
    await reply(update, _(texts.NOW), keyboards.pain_scale(FLOW, "now", session_id))
    return CHECK_NOW


async def worst_pressed(update: Update, context: Context) -> str | int:
    """A worst-pain button."""
    _action, session_id, score, _raw = _press(update)
    if session_id is None or score is None:
        return await _note(update, _(texts.CHECKIN_CLOSED), END)
    return await _worst(update, context, session_id, score)


async def worst_typed(update: Update, context: Context) -> str | int:
    """A typed worst-pain score."""
    svc = services(context)
    session_id = await checkins.open_check(svc.db, user_id(update), None, svc.clock())
    if session_id is None:
        return await _note(update, _(texts.CHECKIN_CLOSED), END)
    score = await _typed_score(update, keyboards.pain_scale(FLOW, "worst", session_id))
    return CHECK_WORST if score is None else await _worst(update, context, session_id, score)


async def _now(update: Update, context: Context, session_id: int, score: int) -> str | int:
    svc = services(context)
    after = await checkins.record_now(svc.db, user_id(update), session_id, score, svc.clock(), svc.default_timezone)
    if after.saved is Saved.CLOSED:
        return await _note(update, _(texts.CHECKIN_CLOSED), END)
    if after.saved is Saved.ALREADY:
        return await _note(update, _(texts.ALREADY_NOTED), END)
    await answer_press(update)
    await reply(update, _after_session_text(after))
    if not await onboarding.ask_schedule(update, context):  # after a first session straight from onboarding
        await lessons.offer_next(update, context)
    return END


def _after_session_text(after: AfterSession) -> str:
    if after.red:
        first = _(texts.LEG) if after.leg else _(texts.RED)
        return f"{first} {_(texts.LEVEL_DOWN)}" if after.level_down else first
    text = (_(texts.GREEN) if after.green else _(texts.HOLD)).format(next_day=texts.next_day(after.next_weekday))
    return text + ("\n\n" + _(texts.PAUSED_NOTE) if after.paused else "")


async def now_pressed(update: Update, context: Context) -> str | int:
    """A pain-now button."""
    _action, session_id, score, _raw = _press(update)
    if session_id is None or score is None:
        return await _note(update, _(texts.CHECKIN_CLOSED), END)
    return await _now(update, context, session_id, score)


async def now_typed(update: Update, context: Context) -> str | int:
    """A typed pain-now score."""
    svc = services(context)
    session_id = await checkins.open_check(svc.db, user_id(update), None, svc.clock())
    if session_id is None:
        return await _note(update, _(texts.CHECKIN_CLOSED), END)
    score = await _typed_score(update, keyboards.pain_scale(FLOW, "now", session_id))
    return CHECK_NOW if score is None else await _now(update, context, session_id, score)


#: The check-in right after a session is the session flow's: its typed answers and its buttons.
SESSION_TEXT_READERS: dict[str, Callback] = {CHECK_WORST: worst_typed, CHECK_NOW: now_typed}
SESSION_BUTTONS: dict[callbacks.Matcher, Callback] = {
    callbacks.pattern(FLOW, "worst"): worst_pressed,
    callbacks.pattern(FLOW, "now"): now_pressed,
}


# -------------------------------------------------------------------------------- next-morning follow-up ---


def followup_message(question: MorningQuestion) -> tuple[str, InlineKeyboardMarkup]:
    """The next-morning question and its Yes / Not quite / Worse buttons."""
    labels = (_(texts.FOLLOWUP_YES), _(texts.FOLLOWUP_NOT_QUITE), _(texts.FOLLOWUP_WORSE))
    pairs = zip(labels, FOLLOWUP_ANSWERS, strict=True)
    row = [(label, callbacks.make(FLOW, "fu", question.session_id, code)) for label, code in pairs]
    return texts.followup(question.session_date, question.today), keyboards.choices([row])


async def send_followup(bot: Bot, question: MorningQuestion | None) -> bool:
    """Send a next-morning question made pending by ``usecases.checkin.open_followup``; False if there is none."""
    if question is None:
        return False
    text, markup = followup_message(question)
    await bot.send_message(question.chat_id, text, reply_markup=markup)
    return True


async def followup_pressed(update: Update, context: Context) -> str | int:
    """Yes finalises at once; Not quite / Worse ask for the score first. The buttons go (the answer kept under
    the question) only once the press is taken: an old or forged one leaves them where they are."""
    _action, session_id, _score, answer = _press(update)
    waiting = await checkins.awaiting_outcome(services(context).db, user_id(update), session_id or 0)
    if waiting is None or answer not in FOLLOWUP_ANSWERS:
        return await _note(update, _(texts.ALREADY_NOTED), END)
    if answer == "yes":
        return await _finalise(update, context, waiting, None)
    await answer_press(update)
    await drop_buttons(update)
    return await _ask_score(update, waiting)


async def _ask_score(update: Update, session_id: int) -> str:
    """The pain score after Not quite / Worse."""
    await reply(update, _(texts.FOLLOWUP_SCORE), keyboards.pain_scale(FLOW, "fus", session_id))
    return FU_SCORE


async def followup_score_pressed(update: Update, context: Context) -> str | int:
    """A score button after Not quite / Worse."""
    _action, session_id, score, _raw = _press(update)
    if session_id is None or score is None:
        return await _note(update, _(texts.ALREADY_NOTED), END)
    return await _finalise(update, context, session_id, score)


async def followup_score_typed(update: Update, context: Context) -> str | int:
    """A typed score after Not quite / Worse."""
    waiting = await checkins.awaiting_outcome(services(context).db, user_id(update))
    if waiting is None:
        await reply(update, _(texts.NOTHING_PENDING))
        return END
    score = await _typed_score(update, keyboards.pain_scale(FLOW, "fus", waiting))
    return FU_SCORE if score is None else await _finalise(update, context, waiting, score)


async def _finalise(update: Update, context: Context, session_id: int, score: int | None) -> str | int:
    """Save the morning answer; the outcome is decided once and applied to the progress."""
    svc = services(context)
    verdict = await checkins.finalise_followup(
        svc.db, user_id(update), session_id, score, svc.clock(), svc.default_timezone
    )
    if verdict is None:
        return await _note(update, _(texts.ALREADY_NOTED), END)
    await answer_press(update)
    await drop_buttons(update)
    await reply(update, _verdict_text(verdict))
    return END


def _verdict_text(verdict: MorningVerdict) -> str:
    if verdict.outcome is Outcome.GREEN:
        step = _(texts.FOLLOWUP_STEP_UP) if verdict.stepped_up else _(texts.FOLLOWUP_SAME)
        text = _(texts.FOLLOWUP_GREEN).format(step=step)
    else:
        text = _(texts.FOLLOWUP_RED) if verdict.outcome is Outcome.RED else _(texts.FOLLOWUP_YELLOW)
    return text + ("\n\n" + _(texts.SUGGEST_RESUME) if verdict.suggest_resume else "")


async def followup_typed(update: Update, context: Context) -> None:
    """Typed text while the next-morning question waits for a button: which buttons."""
    await reply(update, _(texts.FOLLOWUP_HINT))


#: Typed text for the next-morning follow-up's questions.
TEXT_READERS: dict[str, Callback] = {FOLLOWUP: followup_typed, FU_SCORE: followup_score_typed}


async def debug_followup(update: Update, context: Context) -> None:
    """Test hook (BACKCOACH_TEST_HOOKS=1 only): send the follow-up of the latest open session now."""
    svc = services(context)
    waiting = await checkins.awaiting_outcome(svc.db, user_id(update))
    if waiting is None:
        await reply(update, _(texts.NOTHING_PENDING))
        return
    question = await checkins.open_followup(svc.db, user_id(update), waiting, svc.clock(), svc.default_timezone)
    await send_followup(update.get_bot(), question)


def test_hooks_enabled() -> bool:
    """Hidden debug commands exist only when the environment says so."""
    return os.environ.get(TEST_HOOKS_ENV) == "1"


def _on(action: str, callback: Callback) -> CallbackQueryHandler[Any, Any]:
    return button_handler(Flow.CHECKIN, FLOW, action, callback)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The next-morning follow-up's buttons (and the test hook, only when enabled)."""
    found: list[BaseHandler[Update, Any, Any]] = [_on("fu", followup_pressed), _on("fus", followup_score_pressed)]
    if test_hooks_enabled():
        found.insert(0, CommandHandler("debug_followup", debug_followup))
    return found
