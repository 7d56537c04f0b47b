"""Block and unblock: Telegram tells the bot through `my_chat_member`; we mark the user inactive or active."""

from __future__ import annotations

from typing import Any

from telegram import ChatMember, Update
from telegram.ext import BaseHandler, CallbackContext, ChatMemberHandler

from conversations.context import services
from storage.repositories import users


async def track_membership(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """A user who blocks the bot gets nothing more; unblocking starts them again."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    svc = services(context)
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    async with svc.db.session() as session:
        if blocked:
            await users.mark_blocked(session, change.from_user.id, svc.clock())
        else:
            await users.mark_unblocked(session, change.from_user.id, svc.clock())


def handler() -> BaseHandler[Update, Any, Any]:
    """The my_chat_member handler."""
    return ChatMemberHandler(track_membership, ChatMemberHandler.MY_CHAT_MEMBER)
