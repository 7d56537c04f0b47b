"""The Bot API methods the emulator implements, each a function ``(engine, params) -> result``.

Checks run in Telegram's order as far as it matters to a bot: parameters (400), then a blocked user (403),
then flood limits (429); only accepted sends are counted and recorded as chat events.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from botapi_emulator.engine import Engine
from botapi_emulator.html import HtmlParseError, parse_html, strip_text
from botapi_emulator.markup import validate_markup
from botapi_emulator.params import ApiError, Params, Upload, bad_request
from botapi_emulator.state import Chat, Message, StoredFile
from botapi_emulator.webhook import check_secret, check_webhook_url
from botapi_emulator.wire import chat_dict, document_dict, gif_seconds, image_size, message_dict, now, photo_sizes

__all__ = ["METHODS", "Method"]

Method = Callable[[Engine, Params], Any | Awaitable[Any]]

_CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
Formatted = tuple[str, list[dict[str, Any]], str | None]


# ----- shared checks ---------------------------------------------------------------------------------


def _chat(engine: Engine, p: Params) -> Chat:
    if not p.has("chat_id"):
        raise bad_request("chat_id is empty")
    try:
        chat_id = p.get_int("chat_id")
    except ApiError:
        raise bad_request("chat not found") from None
    chat = engine.state.chats.get(chat_id) if chat_id is not None else None
    if chat is None:
        raise bad_request("chat not found")
    return chat


def _not_blocked(engine: Engine, chat: Chat) -> None:
    if chat.blocked:
        engine.stats.blocked(chat.id)
        raise ApiError(403, "Forbidden: bot was blocked by the user")


def _gate(engine: Engine, chat: Chat) -> None:
    """403 for a blocked user, 429 when a limit is exceeded; otherwise one send is taken."""
    _not_blocked(engine, chat)
    retry = engine.held_for(chat.id) or engine.limiter.acquire(chat.id)
    if retry:
        engine.stats.rate_limited(chat.id)
        raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})


def _formatted(p: Params, field: str, limit: int, required: bool) -> Formatted:
    """Text or caption after parse-mode processing and trimming: ``(text, entities, parse_mode)``."""
    raw = p.get_str(field) or ""
    mode = p.get_str("parse_mode") or None
    entities: list[dict[str, Any]] = p.get_json("entities" if field == "text" else "caption_entities") or []
    if mode is not None and mode.lower() == "html":
        try:
            raw, entities = parse_html(raw)
        except HtmlParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif mode is not None and mode.lower() not in ("markdown", "markdownv2"):
        raise bad_request(f"unsupported parse_mode {mode}")
    text, entities = strip_text(raw, entities)
    if required and not text:
        raise bad_request("message text is empty")
    if len(text) > limit:
        raise bad_request("message is too long" if field == "text" else "message caption is too long")
    return text, entities, mode


def _markup(p: Params, inline_only: bool = False) -> dict[str, Any] | None:
    markup = p.get_json("reply_markup", "can't parse reply keyboard markup JSON object")
    return validate_markup(markup, inline_only=inline_only)


def _reply_to(p: Params, chat: Chat) -> int | None:
    reply = p.get_json("reply_parameters") or {}
    message_id = reply.get("message_id") if isinstance(reply, dict) else None
    message_id = message_id or p.get_int("reply_to_message_id")
    if not message_id:
        return None
    if int(message_id) in chat.messages:
        return int(message_id)
    allow = (isinstance(reply, dict) and reply.get("allow_sending_without_reply")) or p.get_bool(
        "allow_sending_without_reply"
    )
    if allow:
        return None
    raise bad_request("message to be replied not found")


def _new_bot_message(engine: Engine, chat: Chat, kind: str, **fields: Any) -> Message:
    msg = Message(message_id=chat.next_message_id(), chat_id=chat.id, sender="bot", date=now(), kind=kind)
    for key, value in fields.items():
        setattr(msg, key, value)
    chat.messages[msg.message_id] = msg
    engine.stats.sent(chat.id)
    return msg


def _own_message(chat: Chat, p: Params, missing: str) -> Message:
    if p.has("inline_message_id"):
        raise bad_request("inline messages are not supported by the emulator")
    message_id = p.get_int("message_id")
    msg = chat.messages.get(message_id) if message_id is not None else None
    if msg is None:
        raise bad_request(missing)
    if msg.sender != "bot":
        raise bad_request("message can't be edited")
    return msg


# ----- messages -------------------------------------------------------------------------------------


def send_message(engine: Engine, p: Params) -> dict[str, Any]:
    chat = _chat(engine, p)
    text, entities, mode = _formatted(p, "text", 4096, required=True)
    markup, reply_to = _markup(p), _reply_to(p, chat)
    _gate(engine, chat)
    msg = _new_bot_message(
        engine,
        chat,
        "text",
        text=text,
        entities=entities,
        parse_mode=mode,
        reply_markup=markup,
        reply_to=reply_to,
    )
    chat.add_event(
        "message",
        message_id=msg.message_id,
        text=text,
        parse_mode=mode,
        entities=entities,
        reply_markup=markup,
    )
    return message_dict(msg, chat, engine.bot)


def edit_message_text(engine: Engine, p: Params) -> dict[str, Any]:
    chat = _chat(engine, p)
    msg = _own_message(chat, p, "message to edit not found")
    if msg.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities, mode = _formatted(p, "text", 4096, required=True)
    markup = _markup(p, inline_only=True)
    if (text, entities, markup) == (msg.text, msg.entities, msg.reply_markup):
        raise bad_request(_NOT_MODIFIED)
    _gate(engine, chat)
    msg.text, msg.entities, msg.parse_mode, msg.reply_markup = text, entities, mode, markup
    return _edited(engine, chat, msg)


def edit_message_reply_markup(engine: Engine, p: Params) -> dict[str, Any]:
    chat = _chat(engine, p)
    msg = _own_message(chat, p, "message to edit not found")
    markup = _markup(p, inline_only=True)
    if markup == msg.reply_markup or (not markup and not msg.reply_markup):
        raise bad_request(_NOT_MODIFIED)
    _gate(engine, chat)
    msg.reply_markup = markup
    return _edited(engine, chat, msg)


def edit_message_caption(engine: Engine, p: Params) -> dict[str, Any]:
    chat = _chat(engine, p)
    msg = _own_message(chat, p, "message to edit not found")
    if msg.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    caption, entities, mode = _formatted(p, "caption", 1024, required=False)
    markup = _markup(p, inline_only=True)
    if (caption or None, entities, markup) == (msg.caption, msg.entities, msg.reply_markup):
        raise bad_request(_NOT_MODIFIED)
    _gate(engine, chat)
    msg.caption, msg.entities, msg.parse_mode, msg.reply_markup = caption or None, entities, mode, markup
    return _edited(engine, chat, msg)


def _edited(engine: Engine, chat: Chat, msg: Message) -> dict[str, Any]:
    msg.edit_date = now()
    engine.stats.sent(chat.id)
    chat.add_event(
        "edit",
        message_id=msg.message_id,
        text=msg.text,
        caption=msg.caption,
        parse_mode=msg.parse_mode,
        entities=msg.entities,
        reply_markup=msg.reply_markup,
    )
    return message_dict(msg, chat, engine.bot)


def delete_message(engine: Engine, p: Params) -> bool:
    chat = _chat(engine, p)
    message_id = p.get_int("message_id")
    if message_id is None or message_id not in chat.messages:
        raise bad_request("message to delete not found")
    _not_blocked(engine, chat)
    del chat.messages[message_id]
    chat.add_event("delete", message_id=message_id)
    return True


def send_chat_action(engine: Engine, p: Params) -> bool:
    chat = _chat(engine, p)
    action = p.get_str("action")
    if action not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    _not_blocked(engine, chat)
    chat.add_event("chat_action", action=action)
    return True


# ----- files ----------------------------------------------------------------------------------------


def _named_file(engine: Engine, p: Params, field: str) -> Upload | StoredFile:
    """The file a send names, checked: a new upload (kept only once the send is let through: ``_kept``) or one
    Telegram holds already, by its file_id.

    While ``engine.failing_uploads`` is above zero an upload is refused instead (413, as Telegram answers a
    file it will not take), counted as failed, and nothing is stored."""
    value = p.upload(field)
    if value is None:
        raise bad_request(f"there is no {field} in the request")
    if isinstance(value, Upload):
        if not value.data:
            raise bad_request("file must be non-empty")
        if engine.failing_uploads > 0:
            engine.failing_uploads -= 1
            engine.stats.upload_failed()
            raise ApiError(413, "Request Entity Too Large")
        return value
    stored = engine.state.files.get(value) or engine.state.files.get(value.removesuffix("s"))
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return stored


def _kept(engine: Engine, named: Upload | StoredFile, kind: str) -> tuple[StoredFile, bool]:
    """The file of a send let through: an upload is counted and stored now (True), after the rate limit, so a
    send refused with 429 keeps nothing, as Telegram; a file_id's file as it is (False)."""
    if isinstance(named, StoredFile):
        return named, False
    engine.stats.uploaded(kind)
    return engine.state.add_file(kind, named.data, named.filename, named.content_type), True


def _media(kind: str, stored: StoredFile) -> dict[str, Any]:
    """The message fields of a sent file: a photo's sizes, an animation (with its document), a document."""
    if kind == "photo":
        return {"photo": photo_sizes(stored, *image_size(stored.data))}
    if kind == "animation":
        width, height = image_size(stored.data)
        animation = document_dict(stored) | {"width": width, "height": height, "duration": gif_seconds(stored.data)}
        return {"animation": animation, "document": document_dict(stored)}
    return {"document": document_dict(stored)}


def _send_file(engine: Engine, p: Params, kind: str) -> dict[str, Any]:
    chat = _chat(engine, p)
    named = _named_file(engine, p, kind)
    caption, entities, mode = _formatted(p, "caption", 1024, required=False)
    markup, reply_to = _markup(p), _reply_to(p, chat)
    _gate(engine, chat)
    stored, uploaded = _kept(engine, named, kind)
    media = _media(kind, stored)
    msg = _new_bot_message(
        engine,
        chat,
        kind,
        caption=caption or None,
        entities=entities,
        parse_mode=mode,
        reply_markup=markup,
        media=media,
        reply_to=reply_to,
    )
    chat.add_event(
        kind,
        message_id=msg.message_id,
        caption=msg.caption,
        parse_mode=mode,
        entities=entities,
        reply_markup=markup,
        file_id=stored.file_id,
        file_name=stored.file_name,
        file_size=stored.size,
        mime_type=stored.mime_type,
        uploaded=uploaded,
    )
    return message_dict(msg, chat, engine.bot)


def send_photo(engine: Engine, p: Params) -> dict[str, Any]:
    return _send_file(engine, p, "photo")


def send_document(engine: Engine, p: Params) -> dict[str, Any]:
    return _send_file(engine, p, "document")


def send_animation(engine: Engine, p: Params) -> dict[str, Any]:
    return _send_file(engine, p, "animation")


def get_file(engine: Engine, p: Params) -> dict[str, Any]:
    file_id = p.get_str("file_id") or ""
    stored = engine.state.files.get(file_id) or engine.state.files.get(file_id.removesuffix("s"))
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": f"{stored.kind}s/{stored.file_id}",
    }


# ----- callbacks, commands, identity ---------------------------------------------------------------


def answer_callback_query(engine: Engine, p: Params) -> bool:
    query_id = p.get_str("callback_query_id") or ""
    pressed = engine.state.callbacks.pop(query_id, None)
    if pressed is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = p.get_str("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    chat_id, presser_id = pressed
    chat = engine.state.chats[chat_id]
    chat.add_event(  # shown to the presser only; logged in the chat of the pressed message
        "callback_answer",
        callback_query_id=query_id,
        user_id=presser_id,
        text=text,
        show_alert=p.get_bool("show_alert"),
        url=p.get_str("url"),
    )
    return True


def _commands_key(p: Params) -> str:
    scope = p.get_json("scope") or {"type": "default"}
    return f"{scope.get('type', 'default')}|{scope.get('chat_id', '')}|{p.get_str('language_code') or ''}"


def set_my_commands(engine: Engine, p: Params) -> bool:
    commands = p.get_json("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND_RE.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    entry = {"scope": p.get_json("scope") or {"type": "default"}, "language_code": p.get_str("language_code") or ""}
    engine.commands[_commands_key(p)] = entry | {
        "commands": [{"command": c["command"], "description": c["description"]} for c in commands]
    }
    return True


def get_my_commands(engine: Engine, p: Params) -> list[dict[str, Any]]:
    entry = engine.commands.get(_commands_key(p))
    return list(entry["commands"]) if entry else []


def delete_my_commands(engine: Engine, p: Params) -> bool:
    engine.commands.pop(_commands_key(p), None)
    return True


def get_me(engine: Engine, p: Params) -> dict[str, Any]:
    return engine.bot.get_me()


def get_chat(engine: Engine, p: Params) -> dict[str, Any]:
    chat = _chat(engine, p)
    return chat_dict(chat) | {"accent_color_id": 0, "max_reaction_count": 11}


# ----- updates and webhook -------------------------------------------------------------------------


def _end_long_polls(engine: Engine, reason: str) -> int:
    """Make any waiting getUpdates answer 409 (as Telegram does); returns the new poll generation."""
    engine.poll_generation += 1
    engine.poll_ended_by = reason
    engine.queue.notifier.notify()
    return engine.poll_generation


async def get_updates(engine: Engine, p: Params) -> list[dict[str, Any]]:
    if engine.webhook.active:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    engine.queue.confirm(p.get_int("offset", 0) or 0)
    if p.has("allowed_updates"):
        engine.queue.set_allowed(p.get_json("allowed_updates"))
    limit = min(max(p.get_int("limit", 100) or 100, 1), 100)
    deadline = time.monotonic() + max(p.get_float("timeout", 0.0) or 0.0, 0.0)
    generation = _end_long_polls(engine, "other getUpdates request; make sure that only one bot instance is running")
    while True:
        if generation != engine.poll_generation:
            raise ApiError(409, f"Conflict: terminated by {engine.poll_ended_by}")
        batch = engine.queue.peek(limit)
        remaining = deadline - time.monotonic()
        if batch or remaining <= 0:
            return [update.payload for update in batch]
        await engine.queue.notifier.wait(remaining)


async def set_webhook(engine: Engine, p: Params) -> bool:
    url = p.get_str("url") or ""
    if not url:
        return await delete_webhook(engine, p)
    secret = check_secret(p.get_str("secret_token"))
    check_webhook_url(url)
    if p.get_bool("drop_pending_updates"):
        engine.queue.clear()
    if p.has("allowed_updates"):
        engine.queue.set_allowed(p.get_json("allowed_updates"))
    _end_long_polls(engine, "setWebhook request")
    await engine.webhook.set(url, secret, p.get_int("max_connections", 40) or 40)
    return True


async def delete_webhook(engine: Engine, p: Params) -> bool:
    if p.get_bool("drop_pending_updates"):
        engine.queue.clear()
    await engine.webhook.delete()
    return True


def get_webhook_info(engine: Engine, p: Params) -> dict[str, Any]:
    return engine.webhook.info()


def _trivial(engine: Engine, p: Params) -> bool:
    return True


METHODS: dict[str, Method] = {
    name.lower(): function
    for name, function in {
        "getMe": get_me,
        "getUpdates": get_updates,
        "setWebhook": set_webhook,
        "deleteWebhook": delete_webhook,
        "getWebhookInfo": get_webhook_info,
        "sendMessage": send_message,
        "editMessageText": edit_message_text,
        "editMessageReplyMarkup": edit_message_reply_markup,
        "editMessageCaption": edit_message_caption,
        "deleteMessage": delete_message,
        "sendChatAction": send_chat_action,
        "sendPhoto": send_photo,
        "sendDocument": send_document,
        "sendAnimation": send_animation,
        "getFile": get_file,
        "answerCallbackQuery": answer_callback_query,
        "setMyCommands": set_my_commands,
        "getMyCommands": get_my_commands,
        "deleteMyCommands": delete_my_commands,
        "getChat": get_chat,
        "logOut": _trivial,
        "close": _trivial,
    }.items()
}
COUNTED = frozenset({
    "sendmessage", "sendphoto", "senddocument", "sendanimation", "editmessagetext", "editmessagereplymarkup",
    "editmessagecaption",
})
