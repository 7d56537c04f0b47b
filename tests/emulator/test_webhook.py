"""Webhook delivery to PTB's own webhook server (``updater.start_webhook``) with a secret token."""

from __future__ import annotations

import asyncio
import socket

import pytest
from telegram import Bot, Update
from telegram.error import BadRequest, Conflict
from telegram.ext import CommandHandler, ContextTypes

from botapi_emulator import AsyncEmulatorClient, BotApiEmulator
from tests.emulator.conftest import build_app  # type: ignore[import-not-found]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_until(condition, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.02)):
        if await condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


async def test_webhook_delivery_with_secret(emulator: BotApiEmulator, client: AsyncEmulatorClient) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("hello over webhook")

    app = build_app(emulator)
    app.add_handler(CommandHandler("start", start))
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="hook", webhook_url=url, secret_token="s3cret-token"
        )
        try:
            info = await app.bot.get_webhook_info()
            assert info.url == url
            with pytest.raises(Conflict):
                await app.bot.get_updates()

            await client.send_text(11, "/start")
            events = await client.wait_for(11, lambda e: e["kind"] == "message")
            assert events[-1]["text"] == "hello over webhook"

            # A wrong secret: PTB answers 403, the emulator keeps the update and reports the error.
            await app.bot.set_webhook(url, secret_token="wrong-secret")
            await client.send_text(11, "/start")

            async def failed() -> bool:
                info = await app.bot.get_webhook_info()
                return "403" in (info.last_error_message or "")

            await wait_until(failed)
            assert (await app.bot.get_webhook_info()).pending_update_count == 1
            assert await client.events(11, after=events[-1]["seq"]) == []

            # The right secret again: the retried update gets through.
            await app.bot.set_webhook(url, secret_token="s3cret-token")
            await client.wait_for(11, lambda e: e["kind"] == "message", timeout=5)
        finally:
            await app.updater.stop()
            await app.stop()


async def test_only_loopback_webhooks(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="loopback"):
        await bot.set_webhook("https://example.com/hook")
    with pytest.raises(BadRequest, match="unallowed characters"):
        await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="bad secret!")


async def test_delete_webhook_can_drop_pending(emulator: BotApiEmulator, bot: Bot) -> None:
    await bot.set_webhook(f"http://127.0.0.1:{free_port()}/nowhere")
    emulator.send_text(1, "queued while the bot is down")
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates(timeout=0) == ()
