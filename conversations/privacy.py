"""Private chats only: the guard that every update passes before any flow sees it (handler group `GROUP`).

BackCoach talks about someone's health, so it serves the private chat between the bot and one user and
nothing else. `verdict` decides, from the update alone, whether the flows may have it; `guard` says the
one thing that is safe to say and ends everything else there (`ApplicationHandlerStop`), so no flow reads,
shows or writes anything for such an update, and a user's chat id is only ever taken from their private chat:
- a command, or a mention of the bot, in a group or supergroup: one line pointing to the private chat, sent
  in the background with at most one waiting per group, so a busy group never holds up a private chat;
  other group chatter, channel posts and any other update from a chat that is not private: nothing;
- the bot added to a group (`my_chat_member`): that one line, once;
- a button pressed on a message outside the presser's own private chat, or on an inline message: a pop-up;
- an edited message in the private chat: a line asking to send it again, and nothing stored changes.
Every flow's `CommandHandler` and `MessageHandler` would otherwise take edited messages too (PTB's default
filters include `UpdateType.EDITED_MESSAGE`), so edits are stopped here, once for all of them.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

from telegram import ChatMember, ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop, BaseHandler, CallbackContext, TypeHandler

from conversations.kit import reply
from conversations.texts import privacy as texts
from locales import _

log = logging.getLogger("backcoach.privacy")

#: The handler group of the guard: before every other group (flows are in group 0).
GROUP = -10

_ABSENT = frozenset({ChatMember.LEFT, ChatMember.BANNED})
_PRESENT = frozenset({ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED})
_GROUPS = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})


class Verdict(Enum):
    """What the guard does with one update."""

    SERVE = "serve"  # from the user's own private chat: the flows have it
    IGNORE = "ignore"  # say nothing, do nothing
    PRIVATE_ONLY = "private_only"  # the one line, with a button to the private chat
    NOT_YOUR_BUTTON = "not_your_button"  # pop-up: a button in someone else's private chat
    BUTTON_OUTSIDE = "button_outside"  # pop-up: a button in a group, a channel or an inline message
    EDITED = "edited"  # an edited message in the private chat: ask to send it again


def verdict(update: Update, bot_username: str, bot_id: int) -> Verdict:
    """What to do with `update`; only a private chat's own updates are served."""
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message
        if message is None or message.chat.type != ChatType.PRIVATE:
            return Verdict.BUTTON_OUTSIDE
        return Verdict.SERVE if message.chat.id == query.from_user.id else Verdict.NOT_YOUR_BUTTON
    if update.my_chat_member is not None:
        return _membership_verdict(update.my_chat_member)
    message = update.message or update.edited_message  # channel posts and business messages: never ours
    if message is None:
        return Verdict.SERVE if _own_private_chat(update) and update.effective_message is None else Verdict.IGNORE
    if _own_private_chat(update):
        return Verdict.SERVE if update.message is not None else Verdict.EDITED
    in_a_group = message.chat.type in _GROUPS and update.message is not None  # a group's edits get nothing
    return Verdict.PRIVATE_ONLY if in_a_group and _addresses_the_bot(message, bot_username, bot_id) else Verdict.IGNORE


def _own_private_chat(update: Update) -> bool:
    chat, user = update.effective_chat, update.effective_user
    return chat is not None and user is not None and chat.type == ChatType.PRIVATE and chat.id == user.id


def _membership_verdict(change: ChatMemberUpdated) -> Verdict:
    """Blocking and unblocking in the private chat are the flows' business; being added to a group gets the line."""
    if change.chat.type == ChatType.PRIVATE:
        return Verdict.SERVE if change.chat.id == change.from_user.id else Verdict.IGNORE
    added = change.old_chat_member.status in _ABSENT and change.new_chat_member.status in _PRESENT
    return Verdict.PRIVATE_ONLY if change.chat.type in _GROUPS and added else Verdict.IGNORE


def _addresses_the_bot(message: Message, bot_username: str, bot_id: int) -> bool:
    """A command at the start (not addressed to another bot), or a mention of this bot anywhere."""
    ours = "@" + bot_username.casefold()
    entities = {**message.parse_entities(), **message.parse_caption_entities()}
    for entity, text in entities.items():
        if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0:
            _ignored, at, addressee = text.casefold().partition("@")
            if not at or "@" + addressee == ours:
                return True
        if entity.type == MessageEntityType.MENTION and text.casefold() == ours:
            return True
        if entity.type == MessageEntityType.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id:
            return True
    return False


#: Groups whose one line is still waiting for its turn (Telegram allows a bot about 20 messages a minute in a
#: group): a group gets no second line queued behind it. In memory: after a restart a group may get one more.
_LINE_QUEUED: set[int] = set()


async def guard(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Let a private chat's own update through; answer or ignore anything else and end it here."""
    bot = context.bot
    decision = verdict(update, bot.username, bot.id)
    if decision is Verdict.SERVE:
        return
    try:
        if decision is Verdict.PRIVATE_ONLY:
            _queue_line(update, context, bot.username)
        else:
            await _answer(update, decision)
    except Exception as error:  # whatever happens, the update goes no further than this guard
        _log_failure(update, decision, error)
    raise ApplicationHandlerStop


def _queue_line(update: Update, context: CallbackContext[Any, Any, Any, Any], bot_username: str) -> None:
    """The one line, sent in the background: a busy group waiting for its send turn (Telegram allows about 20
    a minute there) must never hold up the sender's own updates, which wait for this one to end."""
    chat = update.effective_chat
    if chat is None or chat.id in _LINE_QUEUED:
        return
    _LINE_QUEUED.add(chat.id)
    button = InlineKeyboardButton(_(texts.OPEN_PRIVATE_CHAT), url=f"https://t.me/{bot_username}")

    async def send() -> None:
        try:
            await reply(update, _(texts.PRIVATE_ONLY), InlineKeyboardMarkup([[button]]))
        except Exception as error:
            _log_failure(update, Verdict.PRIVATE_ONLY, error)
        finally:
            _LINE_QUEUED.discard(chat.id)

    context.application.create_task(send(), update=update)


def _log_failure(update: Update, decision: Verdict, error: Exception) -> None:
    log.warning("Could not answer update %s (%s): %s", update.update_id, decision.value, type(error).__name__)


async def _answer(update: Update, decision: Verdict) -> None:
    """The pop-up for a button outside the presser's private chat, or the line for an edit (IGNORE: nothing)."""
    if decision is Verdict.EDITED:
        await reply(update, _(texts.EDITED_MESSAGE))
    elif decision in (Verdict.NOT_YOUR_BUTTON, Verdict.BUTTON_OUTSIDE) and update.callback_query is not None:
        popup = _(texts.NOT_YOUR_BUTTON) if decision is Verdict.NOT_YOUR_BUTTON else _(texts.PRIVATE_CHAT_ONLY)
        await update.callback_query.answer(popup)


def handler() -> BaseHandler[Update, Any, Any]:
    """The guard, for every update (register it in group `GROUP`)."""
    return TypeHandler(Update, guard)
