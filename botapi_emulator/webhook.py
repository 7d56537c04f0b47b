"""Webhook delivery: POST each pending update as JSON to the bot's URL, in order, retrying on failure.

Only loopback URLs are accepted (the emulator never leaves 127.0.0.1). The secret token goes in the
``X-Telegram-Bot-Api-Secret-Token`` header; an update is confirmed only on a 2xx answer, otherwise it is
retried with exponential backoff (capped at 2 s) and the failure shows in ``getWebhookInfo``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import time
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from botapi_emulator.params import bad_request
from botapi_emulator.state import Update, UpdateQueue

__all__ = ["WebhookDelivery", "check_webhook_url"]

_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def check_webhook_url(url: str) -> str:
    """Return ``url`` if it is an http(s) URL on a loopback host, else raise 400."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request("bad webhook: invalid URL")
    host = parts.hostname
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise bad_request("bad webhook: the emulator only delivers to loopback addresses")
    return url


def check_secret(secret: str | None) -> str | None:
    if secret and not _SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    return secret or None


class WebhookDelivery:
    """The delivery loop for one webhook URL (sequential, so each user's updates stay in order)."""

    def __init__(self, queue: UpdateQueue) -> None:
        self.queue = queue
        self.url = ""
        self.secret: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def active(self) -> bool:
        return bool(self.url)

    async def set(self, url: str, secret: str | None, max_connections: int = 40) -> None:
        await self.delete()
        self.url, self.secret, self.max_connections = url, secret, max_connections
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._task = asyncio.get_running_loop().create_task(self._run(), name="emulator-webhook")

    async def delete(self) -> None:
        self.url, self.secret = "", None
        self.last_error_date = self.last_error_message = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.queue),
        }
        if self.url:
            info |= {"max_connections": self.max_connections, "ip_address": "127.0.0.1"}
            if self.queue.allowed:
                info["allowed_updates"] = sorted(self.queue.allowed)
        if self.last_error_date is not None:
            info |= {"last_error_date": self.last_error_date, "last_error_message": self.last_error_message}
        return info

    async def _run(self) -> None:
        backoff = 0.05
        while True:
            pending = self.queue.peek(1)
            if not pending:
                await self.queue.notifier.wait(30.0)
                continue
            if await self._post(pending[0]):
                self.queue.confirm(pending[0].update_id + 1)
                backoff = 0.05
            else:
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)

    async def _post(self, update: Update) -> bool:
        assert self._session is not None
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        try:
            async with self._session.post(self.url, json=update.payload, headers=headers) as response:
                if 200 <= response.status < 300:
                    return True
                self._failed(f"Wrong response from the webhook: {response.status} {response.reason}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._failed(f"Connection failed: {type(exc).__name__}")
        return False

    def _failed(self, message: str) -> None:
        self.last_error_date = int(time.time())
        self.last_error_message = message
