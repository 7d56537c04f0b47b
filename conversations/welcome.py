"""/start and /help: greet the user, say plainly what BackCoach is and is not, and list the commands."""

from __future__ import annotations

import html
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackContext, CommandHandler

from conversations.context import services
from conversations.texts import common
from storage.repositories import users


async def start(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Record the user and greet them; a returning user is welcomed back."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or update.effective_message is None:
        return
    svc = services(context)
    async with svc.db.session() as session:
        _, created = await users.record_seen(
            session,
            user_id=user.id,
            chat_id=chat.id,
            first_name=user.first_name,
            language_code=user.language_code,
            now=svc.clock(),
        )
    template = common.WELCOME if created else common.WELCOME_BACK
    await update.effective_message.reply_text(template.format(name=html.escape(user.first_name)))


async def show_help(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """List the commands."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(common.help_text())


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """The handlers of this flow."""
    return [CommandHandler("start", start), CommandHandler("help", show_help)]
