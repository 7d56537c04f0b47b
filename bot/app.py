"""The Application factory: one PTB `Application` with our defaults, rate limiter, handlers and services."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeAlias

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot import web
from bot.delivery import PacedRateLimiter, Pacer
from bot.errors import on_error
from bot.metrics import MeteredUpdateProcessor
from bot.scheduler import install_ticker, stop_ticker
from bot.settings import Settings
from conversations import register_handlers, schedule_input
from conversations.context import SERVICES_KEY, Services, utc_now
from conversations.texts.common import COMMANDS
from storage.database import Database

BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


def build_application(
    settings: Settings,
    *,
    token: str,
    base_url: str | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> BotApplication:
    """Build the bot: HTML replies, sends paced under Telegram's limits (``bot.delivery``), the reminder ticker,
    every flow registered (what each user is being asked lives in the database: ``conversations.pending``)."""
    db = Database(settings.database_url)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url or settings.telegram_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(PacedRateLimiter(Pacer(chat_rate=settings.chat_send_rate)))
        .concurrent_updates(MeteredUpdateProcessor())
        .post_init(lambda app: start_up(app, settings))
        .post_stop(stop)
        .post_shutdown(close_database)
        .build()
    )
    application.bot_data[SERVICES_KEY] = Services(db=db, default_timezone=settings.default_timezone, clock=clock)
    register_handlers(application)
    application.add_error_handler(on_error)
    return application


async def start_up(application: BotApplication, settings: Settings) -> None:
    """Announce the commands, start the reminder ticker (its grace period from the settings), serve /healthz
    and /metrics on ``METRICS_PORT`` if set, and load the city gazetteer in a worker thread meanwhile (the first
    typed city then finds it ready)."""
    await announce_commands(application)
    install_ticker(application, settings.reminder_grace_minutes)
    state = web.web_state(application, web.Mode.WEBHOOK if settings.webhook_url else web.Mode.POLLING)
    if settings.metrics_port is not None:
        state.runner = await web.start_server(application, settings.listen_address, settings.metrics_port)
    application.create_task(asyncio.to_thread(schedule_input.warm_up))


async def stop(application: BotApplication) -> None:
    """Stop serving /healthz and /metrics, and let a running reminder tick finish."""
    state = application.bot_data.get(web.STATE_KEY)
    if isinstance(state, web.WebState) and state.runner is not None:
        await state.runner.cleanup()
        state.runner = None
    await stop_ticker(application)


async def announce_commands(application: BotApplication) -> None:
    """Tell Telegram our commands so its menu shows them."""
    await application.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])


async def close_database(application: BotApplication) -> None:
    """Release the database connections on shutdown."""
    services = application.bot_data.get(SERVICES_KEY)
    if isinstance(services, Services):
        await services.db.dispose()
