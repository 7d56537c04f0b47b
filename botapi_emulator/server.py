"""The aiohttp application and :class:`BotApiEmulator`, the object tests and local mode start.

Bot API requests arrive at ``/bot{token}/{method}`` (GET or POST; query, form, multipart or JSON) and are
answered with Telegram's envelopes; the control API lives under ``/control/``. The same actions are
available in-process as methods of :class:`BotApiEmulator` for callers on the emulator's event loop.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
from typing import Any

from aiohttp import web

from botapi_emulator.control import control_routes
from botapi_emulator.engine import ControlError, Engine
from botapi_emulator.methods import METHODS
from botapi_emulator.params import ApiError, Params, Upload
from botapi_emulator.ratelimit import RateLimiter

__all__ = ["TOKEN_RE", "BotApiEmulator"]

TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
_NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}
_INTERNAL_ERROR = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
#: Methods (lower case) that ``fail_sends`` answers with 500: what puts or changes a message in a chat.
FAILING_PREFIXES = ("send", "edit")
_MAX_BODY = 50 * 1024 * 1024


async def read_params(request: web.Request) -> Params:
    """Parameters from the query string and a form, multipart or JSON body."""
    values: dict[str, Any] = dict(request.query)
    files: dict[str, Upload] = {}
    if request.method == "POST" and request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except json.JSONDecodeError:
                raise ApiError(400, "Bad Request: can't parse JSON object") from None
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: JSON object expected")
            values.update(body)
        else:
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    files[name] = Upload(value.filename, value.content_type, value.file.read())
                else:
                    values[name] = value
    return Params(values, files)


class BotApiEmulator:
    """A local Telegram Bot API server with a control API; start it with ``await start()``."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        global_rate: float | None = 30.0,
        global_burst: int = 30,
        chat_rate: float | None = 1.0,
        chat_burst: int = 3,
        latency: float = 0.0,
        token: str | None = None,
    ) -> None:
        limiter = RateLimiter(global_rate, global_burst, chat_rate, chat_burst)
        self.engine = Engine(limiter, latency=latency, token=token)
        self.host = host
        self.port = port
        self.token = token
        self._runner: web.AppRunner | None = None

    # ----- lifecycle ---------------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=_MAX_BODY)
        app.add_routes(control_routes(self.engine))
        app.router.add_route("*", "/bot{token}/{method}", self._bot_api)
        app.router.add_get("/file/bot{token}/{kind}/{file_id}", self._file_download)
        return app

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one, see :attr:`port`)."""
        self._runner = web.AppRunner(
            self.make_app(),
            access_log=None,
            handle_signals=False,
            handler_cancellation=True,  # a long poll ends when its client goes away
            shutdown_timeout=1.0,
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        await self.engine.webhook.delete()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What PTB's ``base_url`` should be; PTB appends ``{token}/{method}``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def control_url(self) -> str:
        return f"{self.url}/control"

    # ----- the Bot API endpoint ----------------------------------------------------------------------

    async def _bot_api(self, request: web.Request) -> web.Response:
        token, name = request.match_info["token"], request.match_info["method"].lower()
        method = METHODS.get(name)
        if method is None or not TOKEN_RE.match(token):
            return web.json_response(_NOT_FOUND, status=404)
        if self.token is not None and token != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        engine = self.engine
        engine.set_token(token)
        engine.stats.request(name)
        if engine.latency > 0:
            await asyncio.sleep(engine.latency)
        if engine.failing_sends > 0 and name.startswith(FAILING_PREFIXES):
            engine.failing_sends -= 1
            return web.json_response(_INTERNAL_ERROR, status=500)
        try:
            result = method(engine, await read_params(request))
            if inspect.isawaitable(result):
                result = await result
        except ApiError as exc:
            if exc.code == 400:
                engine.stats.bad_requests += 1
            return web.json_response(exc.body(), status=exc.code)
        return web.json_response({"ok": True, "result": result})

    async def _file_download(self, request: web.Request) -> web.Response:
        if not TOKEN_RE.match(request.match_info["token"]):
            return web.json_response(_NOT_FOUND, status=404)
        try:
            data, mime_type = self.engine.file_bytes(request.match_info["file_id"])
        except ControlError:
            return web.json_response(_NOT_FOUND, status=404)
        return web.Response(body=data, content_type=mime_type)

    # ----- in-process control API (same event loop) --------------------------------------------------

    def send_text(self, user_id: int, text: str, *, chat_id: int | None = None, **profile: Any) -> dict[str, Any]:
        """The user writes ``text`` (in the group ``chat_id`` if given); ``profile`` may set first_name,
        last_name, username, language_code."""
        return self.engine.send_text(user_id, text, chat_id=chat_id, **profile)

    def press(self, user_id: int, message_id: int, data: str, chat_id: int | None = None) -> dict[str, Any]:
        return self.engine.press(user_id, message_id, data, chat_id)

    def edit_text(self, user_id: int, message_id: int, text: str, chat_id: int | None = None) -> dict[str, Any]:
        return self.engine.edit_text(user_id, message_id, text, chat_id)

    def create_group(self, chat_id: int, title: str, member_ids: list[int], chat_type: str = "group") -> dict[str, Any]:
        return self.engine.create_group(chat_id, title, member_ids, chat_type)

    def send_sticker(self, user_id: int, emoji: str = "👍") -> dict[str, Any]:
        return self.engine.send_sticker(user_id, emoji)

    def send_photo(self, user_id: int, data: bytes | None = None, caption: str | None = None) -> dict[str, Any]:
        return self.engine.send_photo(user_id, data, caption)

    def send_voice(self, user_id: int, duration: int = 3) -> dict[str, Any]:
        return self.engine.send_voice(user_id, duration)

    def send_location(self, user_id: int, latitude: float, longitude: float) -> dict[str, Any]:
        return self.engine.send_location(user_id, latitude, longitude)

    def send_document(
        self, user_id: int, data: bytes = b"hello", file_name: str = "file.txt", mime_type: str = "text/plain"
    ) -> dict[str, Any]:
        return self.engine.send_document(user_id, data, file_name, mime_type)

    def block(self, user_id: int) -> dict[str, Any]:
        return self.engine.set_blocked(user_id, True)

    def unblock(self, user_id: int) -> dict[str, Any]:
        return self.engine.set_blocked(user_id, False)

    def register_users(self, user_ids: list[int], first_name: str | None = None) -> int:
        return self.engine.register_users(user_ids, first_name)

    async def events(self, chat_id: int, after: int = 0, wait: float = 0.0) -> list[dict[str, Any]]:
        """Events with ``seq > after`` in the chat, waiting up to ``wait`` seconds for the first one."""
        return list((await self.engine.events(chat_id, after, wait))["events"])

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        return self.engine.messages(chat_id)

    def file_bytes(self, file_id: str) -> bytes:
        return self.engine.file_bytes(file_id)[0]

    def stats(self, with_times: bool = False) -> dict[str, Any]:
        return self.engine.stats.summary(with_times)

    def reset_stats(self) -> None:
        self.engine.stats = type(self.engine.stats)()
        self.engine.limiter.reset()

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Change global_rate, global_burst, chat_rate, chat_burst or latency (None disables a limit), or
        fail_uploads: refuse the next that many file uploads (413), for tests of a failed upload; fail_sends:
        answer the next that many sends and edits with 500, delivering nothing, for tests of a lost reply."""
        return self.engine.configure(**changes)

    def commands(self) -> list[dict[str, Any]]:
        entry = self.engine.commands.get("default||")
        return list(entry["commands"]) if entry else []

    def reset(self) -> None:
        self.engine.reset()
