"""BackCoach's HTTP side (aiohttp): Telegram's webhook, ``/healthz`` and ``/metrics``.

Webhook mode serves all three on ``LISTEN_ADDRESS:PORT``; ``METRICS_PORT`` (either mode) serves the last two on a
port of their own, so a polling bot can be watched too. The webhook is ours rather than PTB's built-in server
(fed through ``Application.update_queue``, PTB's documented way for a custom webhook) because a hostile body
must never cost more than a 4xx and a line without its content:

- a call without the right secret token: 403; a body over ``MAX_BODY_BYTES``: 413;
- a body that is not JSON, is nested deeper than ``MAX_DEPTH``, or is not an update: 400, counted as dropped,
  logged with its size only (never its content: it holds what users told the bot).

``/healthz`` answers 200 when the database answers a query and updates come in (polling runs, or the webhook is
served), 503 otherwise, with a small JSON body saying which part is down.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from telegram import Update
from telegram.ext import Application

from bot import metrics
from bot.inbox import DATABASE_ERRORS, INBOX_KEY, Inbox
from conversations.context import SERVICES_KEY, Services
from storage.repositories import inbox
from storage.repositories.inbox import Received

if TYPE_CHECKING:  # aiohttp is imported where a server starts or answers: a polling bot without one never needs it
    from aiohttp import web

log = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: Telegram's updates are a few kilobytes; a photo's caption or a long text stays far below this.
MAX_BODY_BYTES = 1 << 20
#: An update nests a few levels (update, message, reply, its chat...); anything deeper is not Telegram's.
MAX_DEPTH = 32
HEALTH_TIMEOUT_SECONDS = 3.0
STATE_KEY = "backcoach.web"


class Mode(StrEnum):
    """How updates come in."""

    POLLING = "polling"
    WEBHOOK = "webhook"


@dataclass
class WebState:
    """What ``/healthz`` needs to know, kept in the application's ``bot_data``."""

    mode: Mode
    webhook_serving: bool = False
    runner: web.AppRunner | None = None
    #: Polling: whether the inbox's getUpdates loop runs (``bot.running``).
    updates_running: Callable[[], bool] | None = None


def within_depth(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether no JSON array or object in ``body`` nests deeper than ``limit`` (a linear scan, no recursion)."""
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # a backslash: the next byte is escaped
                escaped = True
            elif byte == 0x22:  # the closing quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return False
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return True


def read_update(body: bytes) -> Mapping[str, Any] | None:
    """The update's JSON object, or None if ``body`` is not one (malformed, too deep, not an object)."""
    if not within_depth(body):
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("update_id"), int) else None


def _refuse(status: int, reason: str, size: int) -> web.Response:
    from aiohttp import web

    metrics.UPDATES_DROPPED.labels(metrics.Dropped.UNREADABLE.value).inc()
    log.warning("Webhook call refused (%s): %s, %d bytes", status, reason, size)
    return web.json_response({"ok": False, "error": reason}, status=status)


def webhook_handler(application: BotApplication, secret: str) -> Any:
    """The POST handler of Telegram's webhook: checked, read, queued for the application."""

    async def receive(request: web.Request) -> web.Response:
        from aiohttp import web

        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret.encode()):
            return web.json_response({"ok": False, "error": "wrong secret token"}, status=403)
        body = await request.read()
        data = read_update(body)
        if data is None:
            return _refuse(400, "not a Telegram update", len(body))
        try:
            update = Update.de_json(dict(data), application.bot)
        except Exception:  # whatever it is, it is not an update we can handle
            return _refuse(400, "not a Telegram update", len(body))
        if not await _stored(application, update, data):
            return web.json_response({"ok": False, "error": "try again later"}, status=503)
        return web.json_response({"ok": True})

    return receive


async def _stored(application: BotApplication, update: Update, data: Mapping[str, Any]) -> bool:
    """Store the update in the inbox (which hands it to the application); False if the database is down, so
    Telegram is answered 503 and sends it again."""
    box = application.bot_data.get(INBOX_KEY)
    if not isinstance(box, Inbox):
        await application.update_queue.put(update)
        return True
    user = update.effective_user
    try:
        await box.store([Received(update.update_id, user.id if user else None, json.dumps(data))])
    except DATABASE_ERRORS as error:
        metrics.DATABASE_ERRORS.inc()
        log.warning("Webhook update not stored, answered 503: %s", type(error).__name__)
        return False
    return True


async def _database_answers(application: BotApplication) -> bool:
    services = application.bot_data.get(SERVICES_KEY)
    if not isinstance(services, Services):
        return False
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS), services.db.reading() as session:
            await session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except Exception:  # any driver error or a timeout: the database does not answer
        metrics.DATABASE_ERRORS.inc()
        return False
    return True


def _updates_flow(application: BotApplication) -> bool:
    state = application.bot_data.get(STATE_KEY)
    if not isinstance(state, WebState) or not application.running:
        return False
    if state.mode is Mode.WEBHOOK:
        return state.webhook_serving
    return state.updates_running is not None and state.updates_running()


def health_handler(application: BotApplication) -> Any:
    async def healthz(_request: web.Request) -> web.Response:
        from aiohttp import web

        database, updates = await _database_answers(application), _updates_flow(application)
        body = {"database": "ok" if database else "down", "updates": "ok" if updates else "down"}
        return web.json_response(body, status=200 if database and updates else 503)

    return healthz


def metrics_handler(application: BotApplication) -> Any:
    async def serve_metrics(_request: web.Request) -> web.Response:
        from aiohttp import web

        await _measure_inbox(application)
        return web.Response(body=metrics.exposition(), headers={"Content-Type": metrics.CONTENT_TYPE})

    return serve_metrics


async def _measure_inbox(application: BotApplication) -> None:
    """The inbox's depth, read at scrape time (left as it was if the database does not answer)."""
    services = application.bot_data.get(SERVICES_KEY)
    if not isinstance(services, Services):
        return
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS), services.db.reading() as session:
            metrics.INBOX_DEPTH.set(await inbox.depth(session))
    except Exception:  # any driver error or a timeout
        metrics.DATABASE_ERRORS.inc()


async def start_server(
    application: BotApplication, host: str, port: int, webhook: tuple[str, str] | None = None
) -> web.AppRunner:
    """Serve ``/healthz`` and ``/metrics`` (and, given ``(path, secret)``, the webhook) on ``host:port``."""
    from aiohttp import web

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_get("/healthz", health_handler(application))
    app.router.add_get("/metrics", metrics_handler(application))
    if webhook is not None:
        path, secret = webhook
        app.router.add_post("/" + path.strip("/"), webhook_handler(application, secret))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def web_state(application: BotApplication, mode: Mode) -> WebState:
    """The application's web state (created on first use)."""
    state = application.bot_data.get(STATE_KEY)
    if not isinstance(state, WebState):
        state = application.bot_data[STATE_KEY] = WebState(mode)
    return state
