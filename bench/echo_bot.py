"""The yardstick for `bench.updates`: a bare PTB echo bot (no database, no rate limiter, no persistence).

It answers every text with the same text and every button press with an acknowledgement and a message, so
it does the same Telegram work per update as BackCoach does. Run by the benchmark as `python -m bench.echo_bot`
with TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL in the environment.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder, CallbackContext, CallbackQueryHandler, MessageHandler, filters


async def echo(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Send the text back."""
    if update.effective_message is not None and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


async def press(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Acknowledge a button and answer with a message."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, f"pressed {query.data}")


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
