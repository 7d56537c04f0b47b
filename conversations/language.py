"""The user's language: set for every update before any flow, and changed with /language.

:func:`set_language` runs first of all (group :data:`GROUP`): it puts the language of the user being answered
into ``locales``' context variable, so every text rendered for this update is looked up in it. In a private
chat that is the language stored for the user (``usecases.users.language_for``: Telegram's at first contact,
then their choice); before their first command, and outside a private chat (where nothing about the user is
read), Telegram's ``language_code``.

/language offers the four languages, each by its own name; a press stores the choice (``lang:set:<code>``),
says so in the new language and, in the middle of a question (onboarding's, a session card, /settings, any
flow's), asks it again in it (``conversations.pending.ASK_AGAIN``). The press is held like every flow's
(``conversations.pending.flow_handler``); a stale one (a user the database no longer knows) gets the pop-up.
The pending question stays what it was, so a stale press later brings it again, in the language chosen.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, TypeHandler

from conversations import callbacks, keyboards
from conversations.callbacks import Prefix
from conversations.context import services
from conversations.kit import Context, answer_press, answer_stale, drop_buttons, pressed, reply, user_id, visitor_of
from conversations.pending import ASK_AGAIN, flow_handler
from conversations.texts import common
from conversations.texts import language as texts
from locales import DEFAULT, NATIVE_NAMES, Language, _, language_of, set_current
from usecases.users import choose_language, language_for, visit

#: Before everything else, the private-chat guard (-10) included: its answer is in the user's language too.
GROUP = -20
ACTION = "set"


async def set_language(update: Update, context: Context) -> None:
    """Answer this update in the language of the user it comes from."""
    user, chat = update.effective_user, update.effective_chat
    if user is None:  # a channel post: nobody to answer, and nothing of the update before may linger
        set_current(DEFAULT)
        return
    if chat is not None and chat.type != ChatType.PRIVATE:
        set_current(language_of(user.language_code))
        return
    set_current(await language_for(services(context).db, user.id, user.language_code))


def markup() -> InlineKeyboardMarkup:
    """One button per language, each in its own name."""
    def button(language: Language) -> tuple[str, str]:
        return NATIVE_NAMES[language], callbacks.make(Prefix.LANGUAGE, ACTION, language.value)

    return keyboards.choices([[button(language)] for language in Language])


async def language_command(update: Update, context: Context) -> None:
    """/language: the choice of languages (it may be the user's first command: they are recorded, so the
    buttons are theirs)."""
    person = visitor_of(update)
    if person is not None:
        svc = services(context)
        await visit(svc.db, person, svc.clock())
    await reply(update, _(texts.QUESTION), markup())


async def on_choice(update: Update, context: Context) -> int | None:
    """A language pressed: store it, say so in it, and ask the question being asked again in it."""
    press = pressed(update)
    language = Language(press.args[0]) if press is not None else None
    svc = services(context)
    if language is None or not await choose_language(svc.db, user_id(update), language):
        await answer_stale(update, _(common.STALE_BUTTON))
        return None
    set_current(language)
    await answer_press(update)
    await drop_buttons(update)
    await reply(update, _(texts.CHOSEN))
    return ASK_AGAIN


def guard_handler() -> BaseHandler[Update, Any, None]:
    """:func:`set_language` for every update (registered in :data:`GROUP`)."""
    return TypeHandler(Update, set_language)


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    """/language and its buttons."""
    return [
        CommandHandler("language", language_command),
        CallbackQueryHandler(flow_handler(None, on_choice), pattern=callbacks.pattern(Prefix.LANGUAGE, ACTION)),
    ]
