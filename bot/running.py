"""Running the bot until it is told to stop: long polling or the webhook, through the inbox; the stop signals.

PTB's ``run_polling`` is not used: its ``Updater`` acknowledges a batch of updates to Telegram when it asks
for the next one, before they are handled. :func:`serve_polling` keeps PTB's order of start-up and shutdown
(``initialize``, ``post_init``, ``start``; ``stop``, ``post_stop``, ``shutdown``, ``post_shutdown``) around
the inbox's own ``getUpdates`` loop (``bot.inbox.Poller``), after running the inbox's unfinished updates;
:func:`serve_webhook` does the same around the webhook server (``bot.web``).

Stopping (:func:`stop_signals`): the first SIGINT or SIGTERM stops gracefully (no further batch is fetched;
updates already fetched are handled, replies sent, the reminder tick finished). A second one ends the process
at once: whatever was not handled is in the inbox and runs at the next start.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot import web
from bot.inbox import INBOX_KEY, Inbox, Poller

log = logging.getLogger("backcoach")
#: The exit status of a process stopped by a second signal (128 + SIGINT's number, as shells report it).
EXIT_AT_ONCE = 130


def stop_signals() -> asyncio.Event:
    """An event set by the first SIGINT or SIGTERM; a second one ends the process at once."""
    stop = asyncio.Event()

    def on_signal() -> None:
        if stop.is_set():
            log.warning("Stopping at once: what was not handled runs at the next start")
            logging.shutdown()
            os._exit(EXIT_AT_ONCE)
        log.info("Stopping: finishing the updates in hand (a second signal stops at once)")
        stop.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    return stop


async def replay_when_possible(box: Inbox) -> None:
    """Run the inbox's unfinished updates first, and answer again the users whose reply a stop may have lost
    (``Inbox.answer_unanswered``), waiting for the database if it does not answer yet."""
    while True:
        try:
            await box.replay_unfinished()
            await box.answer_unanswered()
        except Exception as error:  # any driver error: wait and try again
            await box.backoff.failed("reading the inbox", error)
        else:
            box.backoff.succeeded()
            return


async def serve_polling(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Poll Telegram through the inbox until SIGINT or SIGTERM."""
    stop = stop_signals()
    box = application.bot_data[INBOX_KEY]
    state = web.web_state(application, web.Mode.POLLING)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await replay_when_possible(box)  # queued first, handled once started
        await application.start()
        poller = Poller(application, box)
        state.updates_running = lambda: poller.running
        polling = asyncio.get_running_loop().create_task(poller.run())
        try:
            await stop.wait()
        finally:
            polling.cancel()
            await asyncio.gather(polling, return_exceptions=True)
            await application.stop()  # the updates in hand are handled first
            await box.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


async def serve_webhook(
    application: Application[Any, Any, Any, Any, Any, Any], host: str, port: int, url: str, path: str, secret: str
) -> None:
    """Serve Telegram's webhook (``bot.web``) until SIGINT or SIGTERM, the inbox's unfinished updates first."""
    stop = stop_signals()
    state = web.web_state(application, web.Mode.WEBHOOK)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await replay_when_possible(application.bot_data[INBOX_KEY])  # queued first, handled once started
        await application.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        runner = await web.start_server(application, host, port, webhook=(path, secret))
        await application.start()
        state.webhook_serving = True
        try:
            await stop.wait()
        finally:
            state.webhook_serving = False
            await runner.cleanup()
            await application.stop()  # the updates in hand are handled first
            await application.bot_data[INBOX_KEY].stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
