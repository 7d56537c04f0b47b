"""The handlers' plumbing, once: who is talking, what they typed or pressed, and the one ``reply``.

Every flow parses its update with these and answers through :func:`reply`. Replies made while a flow's
handler runs are **held** and sent when it returns (:func:`holding_replies`): the flow's pending question is
written to the database first (``conversations.pending``), so by the time the user sees a question, any
process that receives their answer knows which flow asked it. Pacing and flood waits are the rate limiter's
job (``bot.delivery``), never a handler's.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import TelegramError
from telegram.ext import CallbackContext

from conversations import callbacks

Context = CallbackContext[Any, Any, Any, Any]
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None

#: Replies held while a flow's handler runs: (chat id, text, markup), sent in order when it returns.
_HELD: ContextVar[list[tuple[Update, str, Markup]] | None] = ContextVar("backcoach_held_replies", default=None)


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
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text)
        except TelegramError:
            pass


async def drop_buttons(update: Update) -> None:
    """Take the buttons off the message that was pressed, and keep the answer chosen visible under its text
    ("→ A dull ache"), so the chat still shows what was answered (best effort: it may be too old to edit)."""
    query = update.callback_query
    message = query.message if query is not None else None
    chosen = pressed_label(update)
    if query is None or not isinstance(message, Message) or not message.text or chosen is None:
        await replace_buttons(update, None)
        return
    try:
        await query.edit_message_text(f"{message.text_html}\n\n→ <b>{html.escape(chosen)}</b>", reply_markup=None)
    except TelegramError:
        await replace_buttons(update, None)


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
    held = _HELD.get()
    if held is not None:
        held.append((update, text, markup))
        return
    await _send(update, text, markup)


async def _send(update: Update, text: str, markup: Markup) -> None:
    assert update.effective_chat is not None
    await update.get_bot().send_message(update.effective_chat.id, text, reply_markup=markup)


@asynccontextmanager
async def holding_replies() -> AsyncIterator[None]:
    """Hold every :func:`reply` made inside the block; send them, in order, when it ends (also on an error)."""
    held: list[tuple[Update, str, Markup]] = []
    token = _HELD.set(held)
    try:
        yield
    finally:
        _HELD.reset(token)
        for update, text, markup in held:
            await _send(update, text, markup)
