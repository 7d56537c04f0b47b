"""The yardstick for `bench.updates`: a bare PTB echo bot (no database, no rate limiter, no persistence).

It answers every text with the same text and a button, and every press of that button as BackCoach answers
a press: an acknowledgement, the pressed message's buttons taken off, and a new message with a button. So it
makes the same Telegram calls per update as BackCoach does, and the difference is BackCoach's own work. Run by
the benchmark as `python -m bench.echo_bot` with TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL in the environment.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackContext, CallbackQueryHandler, MessageHandler, filters

BUTTON = InlineKeyboardMarkup([[InlineKeyboardButton("2", callback_data="echo:2")]])


async def echo(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Send the text back, with a button."""
    if update.effective_message is not None and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text, reply_markup=BUTTON)


async def press(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Acknowledge a button, take the buttons off its message and answer with a new message."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_reply_markup(None)
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, f"pressed {query.data}", reply_markup=BUTTON)


def main() -> None:
    """Poll the Bot API at TELEGRAM_BASE_URL until stopped."""
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    application = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(press))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
