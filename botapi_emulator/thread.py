"""``EmulatorThread``: a :class:`BotApiEmulator` on its own event loop in a background thread.

For synchronous test code and benchmarks::

    with EmulatorThread(chat_burst=1) as emu:
        client = EmulatorClient(emu.control_url)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from botapi_emulator.server import BotApiEmulator

__all__ = ["EmulatorThread"]

T = TypeVar("T")


class EmulatorThread:
    """Run an emulator in a daemon thread; keyword arguments go to :class:`BotApiEmulator`."""

    def __init__(self, **options: Any) -> None:
        self.emulator = BotApiEmulator(**options)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bot-api-emulator", daemon=True)

    def start(self) -> EmulatorThread:
        self._thread.start()
        self.run(self.emulator.start)
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self.run(self.emulator.stop)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def run(self, function: Callable[[], Coroutine[Any, Any, T]], timeout: float = 30.0) -> T:
        """Run ``function()`` on the emulator's loop and return its result."""
        return asyncio.run_coroutine_threadsafe(function(), self._loop).result(timeout)

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a plain (non-async) emulator method on its loop, e.g. ``call(emu.emulator.send_text, 1, "hi")``."""

        async def wrapper() -> T:
            return function(*args, **kwargs)

        return self.run(wrapper)

    def __enter__(self) -> EmulatorThread:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return self.emulator.base_url

    @property
    def base_file_url(self) -> str:
        return self.emulator.base_file_url

    @property
    def control_url(self) -> str:
        return self.emulator.control_url
