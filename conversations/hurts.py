""""It hurts" during a session: what kind of pain, how much, the safety questions, and what comes next.

Part of the session flow (its pending questions are ``Flow.SESSION``'s, its buttons ``sess:...``): the
session module shows the cards; this one takes over when the user taps **It hurts** on one. The coach decides
(``coach.safety.assess_in_session``, through ``usecases.session.save_hurt_score``). When the pain ends the
session (sharp or shooting, into a leg, numbness or tingling, or 7/10 or more) it is recorded as stopped for
pain in the unit of work that saves the score; the advice follows (then the cauda-equina questions where they
apply: any yes or not sure raises the red-flag lock), then the summary and the check-in. Otherwise the user
may try an easier version that is in none of today's sessions yet, go to the next exercise or end.

A press that does nothing (an earlier item's, a session over, an easier version no longer on offer, a score
already acted on) gets a pop-up and leaves the buttons where they are; the question being asked comes again
after it (:func:`ask_again`, which shows these questions and the session's own, through
``conversations.pending``): the press's reply may have been lost.

Questions: HURT_KIND, HURT_SCORE, HURT_RECHECK, HURT_NEXT. Callback data: `sess:hurt:<sid>:<i>`,
`sess:kind:<sid>:<i>:<dull|sharp|leg|numb>`, `sess:hscore:<sid>:<i>:<0-10>`, `sess:hskip:<sid>:<i>`,
`sess:rf:<sid>:<i>:<question>:<answer>`, `sess:easier|next:<sid>:<i>`, `sess:end:<sid>`.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler

from coach.safety import PainKind, SafetyDecision
from coach.screening import PAIN_RECHECK_QUESTIONS, Answer
from conversations import callbacks, checkin, keyboards, lock, session
from conversations.context import services
from conversations.kit import Context, answer_press, answer_stale, drop_buttons, reply, text_of, user_id
from conversations.pending import END, Callback
from conversations.session import FLOW, ITEM, Press
from conversations.texts import session as texts
from locales import _
from storage import models
from storage.values import ExerciseResultKind
from usecases import session as sessions

HURT_KIND, HURT_SCORE, HURT_RECHECK, HURT_NEXT = "hurt_kind", "hurt_score", "hurt_recheck", "hurt_next"
KIND_BY_CODE = {code: kind for kind, code, _ignored in texts.HURT_KIND_BUTTONS}


async def _last_hurt(update: Update, context: Context) -> tuple[models.SessionLog, models.ExerciseResult] | None:
    svc = services(context)
    return await sessions.last_hurt(svc.db, user_id(update), svc.clock(), svc.default_timezone)



# ---------------------------------------------------------------------------------------- It hurts ---


async def hurts(update: Update, context: Context) -> str:
    """It hurts: the exercise stops at once; ask what kind of pain."""
    press = session.parse_press(update)
    log = await session.at_item(update, context, press) if press else None
    if press is None or log is None or press.index is None:
        return ITEM
    await answer_press(update)
    await reply(update, _(texts.HURT_ASK_KIND), _kind_buttons(log, press.index))
    return HURT_KIND


def _kind_buttons(log: models.SessionLog, index: int) -> InlineKeyboardMarkup:
    def button(code: str, label: str) -> tuple[str, str]:
        return _(label), callbacks.make(FLOW, "kind", log.id, index, code)

    return keyboards.choices([[button(code, label)] for _kind, code, label in texts.HURT_KIND_BUTTONS])


async def hurt_kind(update: Update, context: Context) -> str:
    """The kind of pain: record the result as hurt (the item is over) and ask the score (optional)."""
    press = session.parse_press(update)
    log = await session.at_item(update, context, press) if press else None
    kind = KIND_BY_CODE.get(press.rest[0]) if press and press.rest else None
    if press is None or log is None or log.id is None or press.index is None or kind is None:
        return ITEM
    svc = services(context)
    if not await sessions.record_item(svc.db, log, press.index, ExerciseResultKind.HURT, svc.clock(), kind):
        await answer_stale(update, _(texts.ALREADY_NOTED))
        return ITEM
    await answer_press(update)
    await drop_buttons(update)
    await reply(update, _(texts.HURT_ASK_SCORE), _score_buttons(log.id, press.index))
    return HURT_SCORE


def _score_buttons(session_id: int, index: int) -> InlineKeyboardMarkup:
    def button(score: int) -> tuple[str, str]:
        return str(score), callbacks.make(FLOW, "hscore", session_id, index, score)

    skip = (_(texts.HURT_SKIP_SCORE), callbacks.make(FLOW, "hskip", session_id, index))
    return keyboards.choices([[button(n) for n in range(6)], [button(n) for n in range(6, 11)], [skip]])


async def kind_text(update: Update, context: Context) -> str | int:
    """Free text while the pain kind is asked: a hint and the same buttons."""
    log = await session.todays_session(update, context)
    if log is None or log.current_index >= len(log.plan):
        return await session.lost(update)
    await reply(update, _(texts.HURT_KIND_HINT), _kind_buttons(log, log.current_index))
    return HURT_KIND


async def hurt_score(update: Update, context: Context) -> str | int | None:
    """A score button (or Skip) after It hurts: save it, then the advice."""
    press = session.parse_press(update)
    log = await sessions.own_session(services(context).db, user_id(update), press.session_id) if press else None
    if press is None or log is None or log.id is None or press.index is None:
        await answer_stale(update, _(texts.SESSION_OVER))
        return END
    score = int(press.rest[0]) if press.action == "hscore" and press.rest and press.rest[0].isdigit() else None
    return await _after_score(update, context, log, press.index, score)


async def score_text(update: Update, context: Context) -> str | int | None:
    """A typed score after It hurts ("7", "7/10", "seven"); anything else: the hint and the scale again."""
    found = await _last_hurt(update, context)
    if found is None:
        return await session.lost(update)
    log, result = found
    assert log.id is not None
    score = checkin.read_score(text_of(update))
    if score is None:
        await reply(update, _(texts.HURT_SCORE_HINT), _score_buttons(log.id, result.position))
        return HURT_SCORE
    return await _after_score(update, context, log, result.position, score)


async def _after_score(
    update: Update, context: Context, log: models.SessionLog, index: int, score: int | None
) -> str | int | None:
    """Save the score (once) and act on the coach's decision: the session goes on, or it ends for pain.

    None (the question stays where it is) when that report was acted on already, e.g. a doubled press: the
    press is answered as such, its buttons left alone, and the question being asked comes again.
    """
    found = await sessions.save_hurt_score(services(context).db, log, index, score, services(context).clock())
    if found is None:
        await answer_stale(update, _(texts.ALREADY_NOTED))
        return None
    await answer_press(update)
    await drop_buttons(update)
    kind, decision = found
    if decision.ends_session:
        return await _end_for_pain(update, context, log, index, kind, decision)
    await reply(update, decision.text if decision.skip_rest_of_session else _(texts.DULL_ACHE_STOPPED))
    return await _offer_next(update, context, log, index)


async def _end_for_pain(
    update: Update, context: Context, log: models.SessionLog, index: int, kind: PainKind, decision: SafetyDecision
) -> str | int:
    """The session is over (already recorded): the advice, the cauda-equina questions where they apply, then
    the summary and the check-in. No "Next exercise" from here on."""
    await reply(update, decision.text)
    if decision.recheck_red_flags:
        await reply(update, _(texts.RECHECK_INTRO[kind]))
        return await _ask_recheck(update, log, index, 0)
    return await session.finish(update, context, log)


async def _offer_next(update: Update, context: Context, log: models.SessionLog, index: int) -> str:
    """After It hurts, when the session goes on: an easier version (if one is left for today), next, or end."""
    assert log.id is not None
    rows: list[list[tuple[str, str]]] = []
    if await sessions.easier_for(services(context).db, log, index) is not None:
        rows.append([(_(texts.TRY_EASIER), callbacks.make(FLOW, "easier", log.id, index))])
    if index + 1 < len(log.plan):
        rows.append([(_(texts.NEXT_EXERCISE), callbacks.make(FLOW, "next", log.id, index))])
    rows.append([(_(texts.END_SESSION), callbacks.make(FLOW, "end", log.id))])
    await reply(update, _(texts.WHAT_NEXT), keyboards.choices(rows))
    return HURT_NEXT


# ------------------------------------------------------------------- leg pain: the safety questions ---


async def _ask_recheck(update: Update, log: models.SessionLog, index: int, number: int) -> str:
    question = PAIN_RECHECK_QUESTIONS[number]
    await reply(update, _(question.text), keyboards.yes_no_unsure(FLOW, "rf", log.id, index, number))
    return HURT_RECHECK


async def recheck_answer(update: Update, context: Context) -> str | int:
    """One answer to a safety question: saved at once; any yes or not sure -> emergency advice, stop."""
    press = session.parse_press(update)
    svc = services(context)
    log = await sessions.own_session(svc.db, user_id(update), press.session_id) if press else None
    parsed = _recheck_args(press)
    if press is None or log is None or press.index is None or parsed is None:
        await answer_stale(update, _(texts.SESSION_OVER))
        return END
    number, answer = parsed
    await answer_press(update)
    await drop_buttons(update)
    flagged = await sessions.answer_recheck(svc.db, log, number, answer, svc.clock(), svc.default_timezone)
    if flagged is not None:
        await reply(update, lock.flagged_message(flagged))
        return END
    if number + 1 < len(PAIN_RECHECK_QUESTIONS):
        return await _ask_recheck(update, log, press.index, number + 1)
    await reply(update, _(texts.RECHECK_CLEAR))
    return await session.finish(update, context, log)


def _recheck_args(press: Press | None) -> tuple[int, Answer] | None:
    """(question number, answer) of a safety-question button; None for anything out of range or unknown."""
    if press is None or len(press.rest) != 2 or not press.rest[0].isdigit():
        return None
    number = int(press.rest[0])
    try:
        answer = Answer(press.rest[1])
    except ValueError:
        return None
    return (number, answer) if number < len(PAIN_RECHECK_QUESTIONS) else None


async def _ask_open_recheck(update: Update, context: Context) -> str | None:
    """The safety question after leg pain being asked, shown again (None: none is open)."""
    svc = services(context)
    found = await sessions.open_hurt_recheck(svc.db, user_id(update), svc.clock(), svc.default_timezone)
    return await _ask_recheck(update, found[0], found[1], found[2]) if found is not None else None


async def recheck_text(update: Update, context: Context) -> str:
    """Free text during the safety questions: a short hint (the question's buttons are still there)."""
    await reply(update, _(texts.RECHECK_HINT))
    return HURT_RECHECK


# --------------------------------------------------------------------------- after It hurts: what next ---


async def easier(update: Update, context: Context) -> str | int:
    """Try the easier version: it is added to today's plan right after the stopped exercise."""
    press = session.parse_press(update)
    log = await session.at_item(update, context, press, offset=1) if press else None
    if press is None or log is None or log.id is None or press.index is None:
        return ITEM
    fresh = await sessions.add_easier(services(context).db, log, press.index)
    if fresh is None:
        await answer_stale(update, _(texts.NOT_NOW))
        return ITEM
    await answer_press(update)
    await drop_buttons(update)
    return await session.show_where(update, context, fresh)


async def next_item(update: Update, context: Context) -> str | int:
    """Next exercise after It hurts."""
    press = session.parse_press(update)
    log = await session.at_item(update, context, press, offset=1) if press else None
    if log is None:
        return ITEM
    await answer_press(update)
    await drop_buttons(update)
    return await session.show_where(update, context, log)


async def end(update: Update, context: Context) -> str | int:
    """End the session now: the summary and the check-in."""
    press = session.parse_press(update)
    log, _ignored = await session.live(update, context, press) if press else (None, False)
    if log is None:
        return END
    await answer_press(update)
    await drop_buttons(update)
    return await session.finish(update, context, log)


async def next_text(update: Update, context: Context) -> str | int:
    """Free text while the next step is offered: a hint and the same choices."""
    found = await _last_hurt(update, context)
    if found is None:
        return await session.lost(update)
    await reply(update, _(texts.NEXT_HINT))
    return await _offer_next(update, context, found[0], found[1].position)


# ------------------------------------------------------------------------------- asking again ---


async def ask_again(update: Update, context: Context, question: str) -> str | int | None:
    """The session's question being asked, shown again (a press whose reply may have been lost): "It hurts"'s
    here, the cards and the check-in right after by ``session.ask_again``; None: nothing to show."""
    if question == HURT_RECHECK:
        return await _ask_open_recheck(update, context)
    if question == HURT_KIND:
        log = await session.todays_session(update, context)
        if log is None or log.current_index >= len(log.plan):
            return None
        await reply(update, _(texts.HURT_ASK_KIND), _kind_buttons(log, log.current_index))
        return HURT_KIND
    if question not in (HURT_SCORE, HURT_NEXT):
        return await session.ask_again(update, context, question)
    found = await _last_hurt(update, context)
    log = found[0] if found is not None else None
    if found is None or log is None or log.id is None:
        return None
    if question == HURT_NEXT:
        return await _offer_next(update, context, log, found[1].position)
    await reply(update, _(texts.HURT_ASK_SCORE), _score_buttons(log.id, found[1].position))
    return HURT_SCORE


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """Every button of "It hurts"."""
    return [
        session.on_button("hurt", hurts),
        session.on_button("kind", hurt_kind),
        session.on_button("hscore", hurt_score),
        session.on_button("hskip", hurt_score),
        session.on_button("rf", recheck_answer),
        session.on_button("easier", easier),
        session.on_button("next", next_item),
        session.on_button("end", end),
    ]


#: Typed text for each question "It hurts" asks.
TEXT_READERS: dict[str, Callback] = {
    HURT_KIND: kind_text,
    HURT_SCORE: score_text,
    HURT_RECHECK: recheck_text,
    HURT_NEXT: next_text,
}
