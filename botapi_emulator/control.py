"""The control API under ``/control/``: JSON over HTTP for tests, local mode and benchmarks.

It injects what users do (text, button presses, edits, media, block/unblock; text, presses and edits also in
a group chat, given as ``chat_id``), creates group chats, and reads back what the bot did (per-chat events with
long polling, the chat as shown now, sent files, commands, counters), and holds one chat with 429s (``hold``:
Telegram telling the bot to wait before sending there again).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from botapi_emulator.engine import ControlError, Engine

__all__ = ["control_routes"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ControlError(400, f"{name} must be an integer") from None


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.body_exists:
        return {}
    try:
        body = await request.json()
    except json.JSONDecodeError:
        raise ControlError(400, "body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ControlError(400, "body must be a JSON object")
    return body


def _wrap(engine: Engine, action: Callable[[Engine, web.Request], Awaitable[Any]]) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        try:
            result = await action(engine, request)
        except ControlError as exc:
            return web.json_response({"ok": False, "error": exc.message}, status=exc.status)
        except (KeyError, TypeError, ValueError) as exc:
            return web.json_response({"ok": False, "error": f"bad request: {exc}"}, status=400)
        return result if isinstance(result, web.StreamResponse) else web.json_response(result)

    return handler


def _chat_id(body: dict[str, Any]) -> int | None:
    value = body.get("chat_id")
    return None if value is None else int(value)


def _data(body: dict[str, Any]) -> bytes | None:
    encoded = body.get("data_base64")
    return base64.b64decode(encoded) if encoded else None


async def _user_action(engine: Engine, request: web.Request) -> Any:
    user_id = _int(request.match_info["user_id"], "user_id")
    action, body = request.match_info["action"], await _body(request)
    if action == "text":
        profile = {key: body.get(key) for key in ("first_name", "last_name", "username", "language_code")}
        return engine.send_text(user_id, body["text"], chat_id=_chat_id(body), **profile)
    if action == "press":
        forged = bool(body.get("forged", False))
        return engine.press(user_id, int(body["message_id"]), str(body["data"]), _chat_id(body), forged=forged)
    if action == "edit":
        return engine.edit_text(user_id, int(body["message_id"]), body["text"], _chat_id(body))
    if action == "sticker":
        return engine.send_sticker(user_id, body.get("emoji", "👍"))
    if action == "photo":
        return engine.send_photo(user_id, _data(body), body.get("caption"))
    if action == "voice":
        return engine.send_voice(user_id, int(body.get("duration", 3)))
    if action == "location":
        return engine.send_location(user_id, float(body["latitude"]), float(body["longitude"]))
    if action == "document":
        return engine.send_document(
            user_id,
            _data(body) or b"hello",
            body.get("file_name", "file.txt"),
            body.get("mime_type", "text/plain"),
            body.get("caption"),
        )
    if action in ("block", "unblock"):
        return engine.set_blocked(user_id, action == "block")
    raise ControlError(404, f"unknown user action {action}")


async def _register(engine: Engine, request: web.Request) -> Any:
    body = await _body(request)
    return {"registered": engine.register_users(list(body["user_ids"]), body.get("first_name"))}


async def _create_group(engine: Engine, request: web.Request) -> Any:
    body = await _body(request)
    members = [int(member) for member in body["member_ids"]]
    return engine.create_group(int(body["chat_id"]), body["title"], members, str(body.get("type", "group")))


async def _events(engine: Engine, request: web.Request) -> Any:
    chat_id = _int(request.match_info["chat_id"], "chat_id")
    after = _int(request.query.get("after", "0"), "after")
    return await engine.events(chat_id, after, float(request.query.get("wait", "0")))


async def _messages(engine: Engine, request: web.Request) -> Any:
    chat_id = _int(request.match_info["chat_id"], "chat_id")
    chat = engine.chat(chat_id)
    return {"chat_id": chat_id, "blocked": chat.blocked, "messages": engine.messages(chat_id)}


async def _file(engine: Engine, request: web.Request) -> Any:
    data, mime_type = engine.file_bytes(request.match_info["file_id"])
    return web.Response(body=data, content_type=mime_type)


async def _stats(engine: Engine, request: web.Request) -> Any:
    query = request.query
    return engine.stats.summary(
        with_times=query.get("times") in ("1", "true"), per_chat=query.get("chats") not in ("0", "false")
    )


async def _reset_stats(engine: Engine, request: web.Request) -> Any:
    engine.stats = type(engine.stats)()
    engine.limiter.reset()
    return {"ok": True}


async def _configure(engine: Engine, request: web.Request) -> Any:
    body = await _body(request)
    allowed = {"global_rate", "global_burst", "chat_rate", "chat_burst", "latency", "fail_uploads", "fail_sends"}
    unknown = set(body) - allowed
    if unknown:
        raise ControlError(400, f"unknown settings: {sorted(unknown)}")
    return engine.configure(**body)


async def _hold(engine: Engine, request: web.Request) -> Any:
    body = await _body(request)
    seconds = body.get("seconds")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        raise ControlError(400, "seconds must be a number")
    return engine.hold_chat(_int(request.match_info["chat_id"], "chat_id"), float(seconds))


async def _config(engine: Engine, request: web.Request) -> Any:
    return engine.config()


async def _commands(engine: Engine, request: web.Request) -> Any:
    default = engine.commands.get("default||", {}).get("commands", [])
    return {"commands": default, "all": list(engine.commands.values())}


async def _reset(engine: Engine, request: web.Request) -> Any:
    engine.reset()
    return {"ok": True}


def control_routes(engine: Engine) -> list[web.RouteDef]:
    """The ``/control/...`` routes bound to ``engine``."""
    return [
        web.post("/control/users", _wrap(engine, _register)),
        web.post("/control/users/{user_id}/{action}", _wrap(engine, _user_action)),
        web.post("/control/groups", _wrap(engine, _create_group)),
        web.get("/control/chats/{chat_id}/events", _wrap(engine, _events)),
        web.get("/control/chats/{chat_id}/messages", _wrap(engine, _messages)),
        web.post("/control/chats/{chat_id}/hold", _wrap(engine, _hold)),
        web.get("/control/files/{file_id}", _wrap(engine, _file)),
        web.get("/control/stats", _wrap(engine, _stats)),
        web.post("/control/stats/reset", _wrap(engine, _reset_stats)),
        web.get("/control/config", _wrap(engine, _config)),
        web.post("/control/config", _wrap(engine, _configure)),
        web.get("/control/commands", _wrap(engine, _commands)),
        web.post("/control/reset", _wrap(engine, _reset)),
    ]
