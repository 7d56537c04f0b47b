"""The Application factory: one PTB `Application` with our defaults, rate limiter, handlers and services."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot import web
from bot.delivery import PacedRateLimiter, Pacer
from bot.errors import on_error
from bot.inbox import INBOX_KEY, Inbox, InboxApplication, hold_replies_for_tests
from bot.scheduler import install_ticker, stop_ticker
from bot.settings import Pictures, Settings
from bot.updates import FloodGuard, PerUserUpdateProcessor, waiting_aside
from coach.catalogue import load_catalogue
from conversations import kit, register_handlers, restarted, schedule_input
from conversations.common import ask_to_slow_down
from conversations.context import SERVICES_KEY, Services, utc_now
from conversations.texts.common import COMMANDS
from locales import DEFAULT, Language, _, speaking
from storage.database import Database

if TYPE_CHECKING:
    from pictures.shelf import Shelf

BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
log = logging.getLogger("backcoach")
FILL_KEY = "backcoach.pictures_fill"


def build_application(
    settings: Settings,
    *,
    token: str,
    base_url: str | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> BotApplication:
    """Build the bot: HTML replies, sends paced under Telegram's limits (``bot.delivery``), users handled at once
    and each user's updates in order (``bot.updates``), updates coming through the durable inbox (``bot.inbox``:
    no PTB ``Updater``), the reminder ticker, every flow registered (what each user is being asked lives in the
    database: ``conversations.pending``)."""
    db = Database(settings.database_url)
    box = Inbox(db, clock, settings.database_retry_seconds)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url or settings.telegram_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(PacedRateLimiter(
            Pacer(chat_rate=settings.chat_send_rate), before_request=before_request, step_aside=waiting_aside,
        ))
        .concurrent_updates(update_processor(settings, db, box))
        .application_class(InboxApplication)
        .updater(None)
        .post_init(lambda app: start_up(app, settings))
        .post_stop(stop)
        .post_shutdown(close_database)
        .build()
    )
    application.bot_data[SERVICES_KEY] = Services(
        db=db, default_timezone=settings.default_timezone, clock=clock,
        timer_tick_seconds=settings.timer_tick_seconds, pictures=picture_shelf(settings),
    )
    box.application = application
    box.answer_again = restarted.answerer(application)
    application.bot_data[INBOX_KEY] = box
    register_handlers(application)
    application.add_error_handler(on_error)
    return application


async def before_request() -> None:
    """Before every request to Telegram: the held unit of work commits and the held press effects go first
    (``conversations.kit.before_request``); the end-to-end tests' hold between an answer's commit and its
    reply (``bot.inbox.hold_replies_for_tests``)."""
    await kit.before_request()
    await hold_replies_for_tests()


def update_processor(settings: Settings, db: Database, box: Inbox) -> PerUserUpdateProcessor:
    """Users at once (``MAX_CONCURRENT_UPDATES``), each user's updates in order, a flood's excess dropped (the
    one "slow down" in the user's language, read from ``db``; the excess recorded as dropped in the inbox)."""
    flood = FloodGuard(settings.flood_updates, settings.flood_seconds)

    async def on_flood(update: Update) -> None:
        await ask_to_slow_down(update, db)

    return PerUserUpdateProcessor(
        settings.max_concurrent_updates, flood=flood, on_flood=on_flood, on_drop=box.dropped
    )


def picture_shelf(settings: Settings) -> Shelf | None:
    """Where the cards' animations will be ready to send (``PICTURES``), or None for text cards only."""
    if settings.pictures is Pictures.OFF:
        return None
    from pictures.shelf import Shelf  # Pillow and the pose model, only for a bot that shows pictures

    return Shelf(settings.pictures_cache, draw=settings.pictures is Pictures.ON)


async def start_up(application: BotApplication, settings: Settings) -> None:
    """Announce the commands, start the reminder ticker (its grace period from the settings), serve /healthz
    and /metrics on ``METRICS_PORT`` if set, and load the city gazetteer and the card pictures in worker threads
    meanwhile (never on the path of an update)."""
    await announce_commands(application)
    install_ticker(application, settings.reminder_grace_minutes)
    state = web.web_state(application, web.Mode.WEBHOOK if settings.webhook_url else web.Mode.POLLING)
    if settings.metrics_port is not None:
        state.runner = await web.start_server(application, settings.listen_address, settings.metrics_port)
    application.create_task(asyncio.to_thread(schedule_input.warm_up))
    shelve_pictures(application)


def shelve_pictures(application: BotApplication) -> None:
    """Fill the picture shelf in a worker thread: cached animations at once, then any drawn (``PICTURES=on``).

    A task of its own, not the Application's: stopping the bot must not wait for every card to be drawn
    (``stop_background`` tells the shelf to stop after the card in hand)."""
    shelf = application.bot_data[SERVICES_KEY].pictures
    if shelf is not None:
        application.bot_data[FILL_KEY] = asyncio.get_running_loop().create_task(_fill(shelf))


async def stop_background(application: BotApplication) -> None:
    """The bot is stopping: the reminder ticker stops, and no further picture is drawn."""
    await stop_ticker(application)
    services = application.bot_data.get(SERVICES_KEY)
    if isinstance(services, Services) and services.pictures is not None:
        services.pictures.close()
    filling = application.bot_data.pop(FILL_KEY, None)
    if isinstance(filling, asyncio.Task):
        filling.cancel()


async def _fill(shelf: Shelf) -> None:
    ready = await asyncio.to_thread(shelf.fill, [card.id for card in load_catalogue()])
    log.info("%s exercise pictures are ready to send", ready)


async def stop(application: BotApplication) -> None:
    """Stop serving /healthz and /metrics, let a running reminder tick finish, and draw no further picture."""
    state = application.bot_data.get(web.STATE_KEY)
    if isinstance(state, web.WebState) and state.runner is not None:
        await state.runner.cleanup()
        state.runner = None
    await stop_background(application)


async def announce_commands(application: BotApplication) -> None:
    """Tell Telegram our commands so its menu shows them: English for everyone, then once per other language
    for users whose Telegram is in it (``language_code``)."""
    for language in Language:
        with speaking(language):
            commands = [BotCommand(name, _(text)) for name, text in COMMANDS]
        code = None if language is DEFAULT else language.value
        await application.bot.set_my_commands(commands, language_code=code)


async def close_database(application: BotApplication) -> None:
    """Release the database connections on shutdown."""
    services = application.bot_data.get(SERVICES_KEY)
    if isinstance(services, Services):
        await services.db.dispose()
