"""The handlers' plumbing, once: who is talking, what they typed or pressed, and the one ``reply``.

Every flow parses its update with these and answers through :func:`reply`. Replies made while a flow's
handler runs are **held** and sent when it returns (:func:`holding_replies`): the flow's pending question is
written to the database first (``conversations.pending``), so by the time the user sees a question, any
process that receives their answer knows which flow asked it. What a handler does to the pressed button
(:func:`answer_press`, :func:`drop_buttons`, :func:`replace_buttons`) is held as well, in order, until the
handler returns or makes a request to Telegram of its own (:func:`before_request`, called by the rate
limiter): so the use case's unit of work, whose commit waits for the pending question, is never open while
the bot talks to Telegram (``storage.database``, "A held commit"). A reply that is more than a text (an
exercise card with its animation, ``conversations.card_delivery``) takes its turn among them through
:func:`in_turn`. A pressed answer stays visible under a text or a caption (:func:`drop_buttons`). Pacing and
flood waits are the rate limiter's job (``bot.delivery``), never a handler's.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import TelegramError
from telegram.ext import CallbackContext

from conversations import callbacks
from storage.database import FinishedElsewhere, UnitNotSaved, settle_held_unit
from usecases.users import Visitor

Context = CallbackContext[Any, Any, Any, Any]
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None

#: What a reply does when its turn comes: one or more Bot API calls.
Send = Callable[[], Awaitable[None]]
#: Telegram's limit on a caption, in characters after the HTML is parsed.
CAPTION_LIMIT = 1024
_TAG = re.compile(r"<[^>]*>")


@dataclass
class _Held:
    """What a running flow handler said: its presses' effects (spinner, buttons) and its replies, in order."""

    presses: list[Send] = field(default_factory=list)
    replies: list[Send] = field(default_factory=list)
    task: asyncio.Task[Any] | None = field(default_factory=asyncio.current_task)
    #: Whether the press was answered as old or repeated (:func:`answer_stale`).
    stale: bool = False
    #: What to say after that pop-up when no question comes again (:func:`answer_stale`'s ``otherwise``).
    otherwise: str | None = None


#: What the running flow handler holds (None: outside a flow handler, everything goes at once).
_HELD: ContextVar[_Held | None] = ContextVar("backcoach_held_replies", default=None)


def _holder() -> _Held | None:
    """The running flow handler's holding, if this is its task (a task it started sends at once)."""
    held = _HELD.get()
    return held if held is not None and held.task is asyncio.current_task() else None


def visitor_of(update: Update) -> Visitor | None:
    """The user the update comes from and their chat, as the use cases that record a user take them."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    return Visitor(user.id, chat.id, user.first_name, user.language_code)


def user_id(update: Update) -> int:
    """The id of the user the update comes from (every update the flows see has one)."""
    assert update.effective_user is not None
    return update.effective_user.id


def text_of(update: Update) -> str:
    """What the user typed ("" for anything else)."""
    message = update.effective_message
    return (message.text or "") if message is not None else ""


def pressed(update: Update) -> callbacks.Callback | None:
    """The parsed callback data of a button press, or None."""
    query = update.callback_query
    return callbacks.parse(query.data if query else None)


async def answer_press(update: Update, text: str | None = None) -> None:
    """Stop the button's spinner (with an optional pop-up); best effort, never fails the handler."""
    if not _held_press(lambda: _answer_press(update, text)):
        await _answer_press(update, text)


async def answer_stale(update: Update, text: str, otherwise: str | None = None) -> None:
    """Answer a press of an old or repeated button (``text``: "Already noted", "from an earlier message"). If
    the handler says nothing else, the question being asked comes again (``conversations.pending``); when no
    question is being asked, ``otherwise`` follows the pop-up (what was saved and what comes next), so a press
    whose reply was lost never ends with a note and nothing after it."""
    held = _holder()
    if held is not None:
        held.stale, held.otherwise = True, otherwise
    await answer_press(update, text)


def press_only_stale() -> bool:
    """Whether the running flow handler answered a press as old or repeated and said nothing else: the user may
    be missing the question being asked (its reply may have been lost)."""
    held = _holder()
    return held is not None and held.stale and not held.replies


def stale_otherwise() -> str | None:
    """What the running flow handler's stale answer says when no question comes again (None: the pop-up alone)."""
    held = _holder()
    return held.otherwise if held is not None else None


def _held_press(call: Callable[[], Awaitable[None]]) -> bool:
    """Hold ``call`` (something done to the pressed message) while a flow handler runs; False outside one."""
    held = _holder()
    if held is not None:
        held.presses.append(call)
    return held is not None


async def _answer_press(update: Update, text: str | None) -> None:
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text)
        except TelegramError:
            pass


async def drop_buttons(update: Update) -> None:
    """Take the buttons off the message that was pressed, and keep the answer chosen visible under its text
    ("→ A dull ache"), so the chat still shows what was answered (best effort: it may be too old to edit)."""
    if not _held_press(lambda: _drop_buttons(update)):
        await _drop_buttons(update)


async def _drop_buttons(update: Update) -> None:
    query = update.callback_query
    message = query.message if query is not None else None
    chosen = pressed_label(update)
    if query is None or not isinstance(message, Message) or not (message.text or message.caption) or not chosen:
        await _replace_buttons(update, None)
        return
    answered = f"{message.text_html if message.text else message.caption_html}\n\n→ <b>{html.escape(chosen)}</b>"
    try:
        if message.text:
            await query.edit_message_text(answered, reply_markup=None)
        elif fits_caption(answered):  # a card sent with its picture: the text is the caption
            await query.edit_message_caption(answered, reply_markup=None)
        else:
            await _replace_buttons(update, None)
    except TelegramError:
        await _replace_buttons(update, None)


def fits_caption(text: str) -> bool:
    """Does ``text`` (HTML) fit in a caption? Counted as Telegram does, in UTF-16 units of the parsed text."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2 <= CAPTION_LIMIT


def pressed_label(update: Update) -> str | None:
    """The label of the button that was pressed, read from the message it sits under."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return None
    labels = [b.text for row in message.reply_markup.inline_keyboard for b in row if b.callback_data == query.data]
    return labels[0] if labels else None


async def replace_buttons(update: Update, markup: InlineKeyboardMarkup | None) -> None:
    """Show ``markup`` (None: no buttons) under the message that was pressed (best effort, like drop_buttons)."""
    if not _held_press(lambda: _replace_buttons(update, markup)):
        await _replace_buttons(update, markup)


async def _replace_buttons(update: Update, markup: InlineKeyboardMarkup | None) -> None:
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=markup)
        except TelegramError:
            pass


async def reply(update: Update, text: str, markup: Markup = None) -> None:
    """Send ``text`` (HTML) to the chat the update came from: now, or when the running flow handler returns."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    await in_turn(lambda: _send_text(update, chat_id, text, markup))


async def reply_first(update: Update, text: str) -> None:
    """:func:`reply`, but ahead of every reply the running flow handler holds so far (a note above what a flow
    already said, e.g. the question it showed again)."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    held = _holder()
    if held is None:
        await _send_text(update, chat_id, text, None)
        return
    held.replies.insert(0, lambda: _send_text(update, chat_id, text, None))


async def in_turn(send: Send) -> None:
    """Run ``send`` (a reply other than plain text, such as a card with its picture) now, or in its turn
    among the replies when the running flow handler returns."""
    held = _holder()
    if held is not None:
        held.replies.append(send)
        return
    await send()


async def _send_text(update: Update, chat_id: int, text: str, markup: Markup) -> None:
    await update.get_bot().send_message(chat_id, text, reply_markup=markup)


@asynccontextmanager
async def holding_replies() -> AsyncIterator[None]:
    """Hold every :func:`reply` (and press effect) made inside the block; when it ends (also on an error), do
    the press effects, then send the replies, in order. A unit of work that could not commit sends nothing:
    the replies would tell of what was not saved; one whose update another process handled meanwhile does
    nothing at all (that process answered the press and replied)."""
    held = _Held()
    token = _HELD.set(held)
    try:
        yield
    except FinishedElsewhere:
        held.replies.clear()
        held.presses.clear()
        raise
    except UnitNotSaved:
        held.replies.clear()
        raise
    finally:
        _HELD.reset(token)
        await _do_presses(held)
        for send in held.replies:
            await send()


async def before_request() -> None:
    """Before any request to Telegram: the held unit of work commits, and the held press effects go first, so
    a handler's own request (a photo, a document) finds the chat as it would have without the holding."""
    await settle_held_unit()
    held = _HELD.get()
    if held is not None and held.presses:
        await _do_presses(held)


async def _do_presses(held: _Held) -> None:
    calls, held.presses = held.presses, []
    for call in calls:
        await call()
