"""Pieces every flow shares: /cancel and /help inside any conversation, stale buttons, and re-asking.

- `conversation_fallbacks(flow_name)`: put in every `ConversationHandler`'s `fallbacks`, so /cancel ends it
  kindly and /help answers without leaving the current question.
- `stale_button_handler()`: registered after every flow, it answers a press nothing took ("that message is
  from earlier") instead of leaving the user's button spinning.
- `forget_conversations(application, user_id)`: after /delete, every flow forgets where the user was, so an
  old button or a typed answer meets a fresh start instead of rows that no longer exist.
- `ask_again(update, hint, markup)`: a short hint and the same buttons again, for free text where a button
  is expected.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from conversations.texts import common

Context = CallbackContext[Any, Any, Any, Any]
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


async def reply(update: Update, text: str, markup: Markup = None) -> None:
    """Send `text` (HTML) to the chat the update came from."""
    if update.effective_chat is not None:
        await update.get_bot().send_message(update.effective_chat.id, text, reply_markup=markup)


async def ask_again(update: Update, hint: str, markup: Markup = None) -> None:
    """Free text where a button (or a valid value) was expected: a short hint and the same choices again."""
    await reply(update, hint, markup)


async def cancel(update: Update, context: Context) -> int:
    """/cancel inside a conversation: stop it; nothing said so far is lost."""
    await reply(update, common.CANCELLED, ReplyKeyboardRemove())
    return ConversationHandler.END


async def help_inside(update: Update, context: Context) -> None:
    """/help inside a conversation: the command list, then carry on where we were (state unchanged)."""
    await reply(update, common.help_text() + "\n\n" + common.STILL_HERE)


def conversation_fallbacks() -> list[BaseHandler[Update, Any, Any]]:
    """/cancel and /help for any ConversationHandler."""
    return [CommandHandler("cancel", cancel), CommandHandler("help", help_inside)]


async def answer_stale_button(update: Update, context: Context) -> None:
    """A press no flow took: a button from an earlier message, day or flow."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(common.STALE_BUTTON, show_alert=False)
    if query.message is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except Exception:  # the message may be too old to edit; the answer above is what matters
            pass


def stale_button_handler() -> BaseHandler[Update, Any, Any]:
    """Catches every callback query that no flow handled."""
    return CallbackQueryHandler(answer_stale_button)


async def outside_conversation_cancel(update: Update, context: Context) -> None:
    """/cancel when nothing is going on."""
    await reply(update, common.NOTHING_TO_CANCEL)


def global_handlers() -> list[BaseHandler[Update, Any, Any]]:
    """Handlers that come after every flow: /cancel with nothing to cancel, and stale buttons."""
    return [CommandHandler("cancel", outside_conversation_cancel), stale_button_handler()]


def forget_conversations(application: Application[Any, Any, Any, Any, Any, Any], user_id: int) -> int:
    """End every conversation whose key mentions ``user_id`` in every ConversationHandler; how many ended.

    PTB has no public call for this; ``_update_state(END, key)`` is what a handler returning END does, and it
    marks the key so the persistence forgets it too on its next write.
    """
    ended = 0
    for group in application.handlers.values():
        for handler in group:
            if not isinstance(handler, ConversationHandler):
                continue
            for key in [k for k in handler._conversations if user_id in k]:
                handler._update_state(ConversationHandler.END, key)
                ended += 1
    return ended
