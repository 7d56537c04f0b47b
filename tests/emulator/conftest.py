"""Fixtures for the emulator tests: a running emulator, a control client and a real PTB bot against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from telegram import Bot
from telegram.ext import Application

from botapi_emulator import AsyncEmulatorClient, BotApiEmulator

TOKEN = "123456:" + "A" * 35


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture
async def client(emulator: BotApiEmulator) -> AsyncIterator[AsyncEmulatorClient]:
    async with AsyncEmulatorClient(emulator.control_url) as control:
        yield control


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emulator.base_url, base_file_url=emulator.base_file_url) as ptb_bot:
        yield ptb_bot


def build_app(emulator: BotApiEmulator) -> Application:  # type: ignore[type-arg]
    """A real PTB Application pointed at the emulator."""
    return Application.builder().token(TOKEN).base_url(emulator.base_url).base_file_url(emulator.base_file_url).build()


@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run ``app`` with long polling for the duration of the block."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
