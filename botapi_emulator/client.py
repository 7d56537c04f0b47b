"""Clients for the control API: :class:`EmulatorClient` (sync, httpx) and :class:`AsyncEmulatorClient`.

Both have the same methods; :class:`ChatUser` / :class:`AsyncChatUser` bind one user id so tests read like
a conversation::

    alex = ChatUser(client, 42)
    alex.say("/start")
    reply = alex.wait_reply()
    alex.press("Yes")
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

import httpx

__all__ = [
    "AsyncChatUser",
    "AsyncEmulatorClient",
    "ButtonAction",
    "ChatUser",
    "EmulatorClient",
    "EmulatorError",
    "find_button",
    "render_transcript",
]

Event = dict[str, Any]
Predicate = Callable[[Event], bool]
ButtonAction = tuple[str, int, str]  # ("press", message_id, data) or ("text", 0, label)
REPLY_KINDS = frozenset({"message", "photo", "animation", "document", "edit"})


class EmulatorError(AssertionError):
    """The control API refused a request (status and message from the emulator)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status


def _labels(markup: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    if not markup:
        return []
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    buttons = [button if isinstance(button, dict) else {"text": button} for row in rows for button in row]
    return [(str(button.get("text", "")), button) for button in buttons]


def _button_match(messages: list[dict[str, Any]], label: str, exact: bool) -> ButtonAction | None:
    for msg in reversed(messages):
        if msg["sender"] != "bot" or not msg.get("reply_markup"):
            continue
        inline = "inline_keyboard" in msg["reply_markup"]
        found = [
            button
            for text, button in _labels(msg["reply_markup"])
            if (text == label if exact else label.casefold() in text.casefold())
        ]
        if len(found) > 1 and not exact:
            raise AssertionError(f"button label {label!r} is ambiguous: {[b['text'] for b in found]}")
        if found and inline:
            if "callback_data" not in found[0]:
                raise AssertionError(f"button {found[0]['text']!r} is not a callback button: {found[0]}")
            return ("press", int(msg["message_id"]), str(found[0]["callback_data"]))
        if found and not inline:
            return ("text", 0, str(found[0]["text"]))
    return None


def find_button(messages: list[dict[str, Any]], label: str) -> ButtonAction:
    """How to press ``label``: newest bot message first, exact label first, then a unique substring."""
    action = _button_match(messages, label, exact=True) or _button_match(messages, label, exact=False)
    if action is None:
        shown = [text for msg in messages if msg["sender"] == "bot" for text, _ in _labels(msg["reply_markup"])]
        raise AssertionError(f"no button {label!r}; buttons in the chat: {shown}")
    return action


def render_transcript(messages: list[dict[str, Any]]) -> str:
    """A readable transcript: one line per message with its buttons in brackets."""
    lines = []
    for msg in messages:
        body = msg.get("text") or msg.get("caption") or f"<{msg['kind']}>"
        if msg["kind"] not in ("text",) and msg.get("caption"):
            body = f"<{msg['kind']}> {body}"
        buttons = [text for text, _ in _labels(msg.get("reply_markup"))]
        suffix = f"  [{' | '.join(buttons)}]" if buttons else ""
        edited = " (edited)" if msg.get("edited") else ""
        lines.append(f"{msg['sender']}: {body}{suffix}{edited}")
    return "\n".join(lines)


def _matches(predicate: Predicate | str | None, event: Event) -> bool:
    """``None`` matches any event, a string matches that ``kind``, a callable decides itself."""
    if predicate is None:
        return True
    if isinstance(predicate, str):
        return bool(event["kind"] == predicate)
    return predicate(event)


def _check(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        try:
            message = response.json().get("error", response.text)
        except ValueError:
            message = response.text
        raise EmulatorError(response.status_code, message)
    return response.json()


def _photo_body(data: bytes | None, caption: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"caption": caption}
    if data:
        body["data_base64"] = base64.b64encode(data).decode()
    return body


class EmulatorClient:
    """Synchronous control-API client (``control_url`` as given by the emulator)."""

    def __init__(self, control_url: str, timeout: float = 30.0) -> None:
        self._http = httpx.Client(base_url=control_url.rstrip("/"), timeout=timeout)
        self._cursors: dict[int, int] = {}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> EmulatorClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return _check(self._http.post(path, json=body or {}))

    def _get(self, path: str, timeout: float | None = None, **query: Any) -> Any:
        return _check(self._http.get(path, params=query, timeout=timeout or self._http.timeout))

    # users
    def send_text(self, user_id: int, text: str, *, chat_id: int | None = None, **profile: Any) -> dict[str, Any]:
        """The user writes ``text`` in their private chat, or in the group ``chat_id``."""
        body = {"text": text, "chat_id": chat_id, **profile}
        return self._post(f"/users/{user_id}/text", body)  # type: ignore[no-any-return]

    def edit_text(self, user_id: int, message_id: int, text: str, chat_id: int | None = None) -> dict[str, Any]:
        """The user edits their earlier message ``message_id`` (an ``edited_message`` update)."""
        body = {"message_id": message_id, "text": text, "chat_id": chat_id}
        return self._post(f"/users/{user_id}/edit", body)  # type: ignore[no-any-return]

    def create_group(
        self, chat_id: int, title: str, member_ids: list[int], chat_type: str = "group"
    ) -> dict[str, Any]:
        """A group chat (negative ``chat_id``) with these members; the first adds the bot."""
        body = {"chat_id": chat_id, "title": title, "member_ids": member_ids, "type": chat_type}
        return self._post("/groups", body)  # type: ignore[no-any-return]

    def send_sticker(self, user_id: int, emoji: str = "👍") -> dict[str, Any]:
        return self._post(f"/users/{user_id}/sticker", {"emoji": emoji})  # type: ignore[no-any-return]

    def send_photo(self, user_id: int, data: bytes | None = None, caption: str | None = None) -> dict[str, Any]:
        return self._post(f"/users/{user_id}/photo", _photo_body(data, caption))  # type: ignore[no-any-return]

    def send_voice(self, user_id: int, duration: int = 3) -> dict[str, Any]:
        return self._post(f"/users/{user_id}/voice", {"duration": duration})  # type: ignore[no-any-return]

    def send_location(self, user_id: int, lat: float, lon: float) -> dict[str, Any]:
        body = {"latitude": lat, "longitude": lon}
        return self._post(f"/users/{user_id}/location", body)  # type: ignore[no-any-return]

    def send_document(self, user_id: int, data: bytes, file_name: str = "file.txt") -> dict[str, Any]:
        body = {"data_base64": base64.b64encode(data).decode(), "file_name": file_name}
        return self._post(f"/users/{user_id}/document", body)  # type: ignore[no-any-return]

    def press(
        self, user_id: int, message_id: int, data: str, chat_id: int | None = None, *, forged: bool = False
    ) -> dict[str, Any]:
        """The user presses a button under ``message_id`` in their private chat, or in the chat ``chat_id``
        (``forged``: with any data, as a modified client could)."""
        body = {"message_id": message_id, "data": data, "chat_id": chat_id, "forged": forged}
        return self._post(f"/users/{user_id}/press", body)  # type: ignore[no-any-return]

    def press_button(self, user_id: int, label: str) -> dict[str, Any]:
        kind, message_id, value = find_button(self.messages(user_id), label)
        return self.press(user_id, message_id, value) if kind == "press" else self.send_text(user_id, value)

    def block(self, user_id: int) -> dict[str, Any]:
        return self._post(f"/users/{user_id}/block")  # type: ignore[no-any-return]

    def unblock(self, user_id: int) -> dict[str, Any]:
        return self._post(f"/users/{user_id}/unblock")  # type: ignore[no-any-return]

    def register_users(self, user_ids: list[int]) -> int:
        return int(self._post("/users", {"user_ids": user_ids})["registered"])

    # reading
    def events(self, chat_id: int, after: int = 0, wait: float = 0) -> list[Event]:
        """The chat's events with ``seq > after``, waiting up to ``wait`` seconds for the first one."""
        path = f"/chats/{chat_id}/events"
        return self._get(path, timeout=wait + 10, after=after, wait=wait)["events"]  # type: ignore[no-any-return]

    def wait_for(
        self,
        chat_id: int,
        predicate: Predicate | str | None = None,
        after: int | None = None,
        timeout: float = 10.0,
    ) -> list[Event]:
        """New events up to the first one matching ``predicate`` (a callable, an event kind, or None = any).

        Without ``after`` it continues where the previous ``wait_for`` on this chat stopped.
        """
        cursor = self._cursors.get(chat_id, 0) if after is None else after
        collected: list[Event] = []
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            for event in self.events(chat_id, cursor, wait=remaining):
                collected.append(event)
                cursor = event["seq"]
                if _matches(predicate, event):
                    self._cursors[chat_id] = cursor
                    return collected
        self._cursors[chat_id] = cursor
        raise AssertionError(f"timed out after {timeout}s; events {collected}\n{self._safe_transcript(chat_id)}")

    def _safe_transcript(self, chat_id: int) -> str:
        try:
            return self.transcript(chat_id)
        except EmulatorError:
            return "(no chat yet)"

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        return self._get(f"/chats/{chat_id}/messages")["messages"]  # type: ignore[no-any-return]

    def transcript(self, chat_id: int) -> str:
        return render_transcript(self.messages(chat_id))

    def file_bytes(self, file_id: str) -> bytes:
        response = self._http.get(f"/files/{file_id}")
        if response.status_code >= 400:
            _check(response)
        return response.content

    def stats(self, with_times: bool = False) -> dict[str, Any]:
        return self._get("/stats", times=int(with_times))  # type: ignore[no-any-return]

    def reset_stats(self) -> None:
        self._post("/stats/reset")

    def configure(self, **changes: Any) -> dict[str, Any]:
        return self._post("/config", changes)  # type: ignore[no-any-return]

    def hold_chat(self, chat_id: int, seconds: float) -> dict[str, Any]:
        """Every send to ``chat_id`` gets 429 (``retry_after``: the time left) for ``seconds``."""
        return self._post(f"/chats/{chat_id}/hold", {"seconds": seconds})  # type: ignore[no-any-return]

    def commands(self) -> list[dict[str, Any]]:
        return self._get("/commands")["commands"]  # type: ignore[no-any-return]

    def command_menus(self) -> list[dict[str, Any]]:
        """Every menu set with setMyCommands: its scope, language_code ("" for all) and commands."""
        return self._get("/commands")["all"]  # type: ignore[no-any-return]

    def reset(self) -> None:
        self._post("/reset")
        self._cursors.clear()


class AsyncEmulatorClient:
    """The same methods as :class:`EmulatorClient`, awaitable (httpx.AsyncClient)."""

    def __init__(self, control_url: str, timeout: float = 30.0) -> None:
        self._http = httpx.AsyncClient(base_url=control_url.rstrip("/"), timeout=timeout)
        self._cursors: dict[int, int] = {}

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncEmulatorClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return _check(await self._http.post(path, json=body or {}))

    async def _get(self, path: str, timeout: float | None = None, **query: Any) -> Any:
        return _check(await self._http.get(path, params=query, timeout=timeout or self._http.timeout))

    async def send_text(self, user_id: int, text: str, *, chat_id: int | None = None, **profile: Any) -> dict[str, Any]:
        body = {"text": text, "chat_id": chat_id, **profile}
        return await self._post(f"/users/{user_id}/text", body)  # type: ignore[no-any-return]

    async def edit_text(self, user_id: int, message_id: int, text: str, chat_id: int | None = None) -> dict[str, Any]:
        body = {"message_id": message_id, "text": text, "chat_id": chat_id}
        return await self._post(f"/users/{user_id}/edit", body)  # type: ignore[no-any-return]

    async def create_group(
        self, chat_id: int, title: str, member_ids: list[int], chat_type: str = "group"
    ) -> dict[str, Any]:
        body = {"chat_id": chat_id, "title": title, "member_ids": member_ids, "type": chat_type}
        return await self._post("/groups", body)  # type: ignore[no-any-return]

    async def send_sticker(self, user_id: int, emoji: str = "👍") -> dict[str, Any]:
        return await self._post(f"/users/{user_id}/sticker", {"emoji": emoji})  # type: ignore[no-any-return]

    async def send_photo(self, user_id: int, data: bytes | None = None, caption: str | None = None) -> dict[str, Any]:
        return await self._post(f"/users/{user_id}/photo", _photo_body(data, caption))  # type: ignore[no-any-return]

    async def send_voice(self, user_id: int, duration: int = 3) -> dict[str, Any]:
        return await self._post(f"/users/{user_id}/voice", {"duration": duration})  # type: ignore[no-any-return]

    async def send_location(self, user_id: int, lat: float, lon: float) -> dict[str, Any]:
        body = {"latitude": lat, "longitude": lon}
        return await self._post(f"/users/{user_id}/location", body)  # type: ignore[no-any-return]

    async def send_document(self, user_id: int, data: bytes, file_name: str = "file.txt") -> dict[str, Any]:
        body = {"data_base64": base64.b64encode(data).decode(), "file_name": file_name}
        return await self._post(f"/users/{user_id}/document", body)  # type: ignore[no-any-return]

    async def press(
        self, user_id: int, message_id: int, data: str, chat_id: int | None = None, *, forged: bool = False
    ) -> dict[str, Any]:
        body = {"message_id": message_id, "data": data, "chat_id": chat_id, "forged": forged}
        return await self._post(f"/users/{user_id}/press", body)  # type: ignore[no-any-return]

    async def press_button(self, user_id: int, label: str) -> dict[str, Any]:
        kind, message_id, value = find_button(await self.messages(user_id), label)
        if kind == "press":
            return await self.press(user_id, message_id, value)
        return await self.send_text(user_id, value)

    async def block(self, user_id: int) -> dict[str, Any]:
        return await self._post(f"/users/{user_id}/block")  # type: ignore[no-any-return]

    async def unblock(self, user_id: int) -> dict[str, Any]:
        return await self._post(f"/users/{user_id}/unblock")  # type: ignore[no-any-return]

    async def register_users(self, user_ids: list[int]) -> int:
        return int((await self._post("/users", {"user_ids": user_ids}))["registered"])

    async def events(self, chat_id: int, after: int = 0, wait: float = 0) -> list[Event]:
        """The chat's events with ``seq > after``, waiting up to ``wait`` seconds for the first one."""
        path = f"/chats/{chat_id}/events"
        page = await self._get(path, timeout=wait + 10, after=after, wait=wait)
        return page["events"]  # type: ignore[no-any-return]

    async def wait_for(
        self,
        chat_id: int,
        predicate: Predicate | str | None = None,
        after: int | None = None,
        timeout: float = 10.0,
    ) -> list[Event]:
        """New events up to the first one matching ``predicate`` (a callable, an event kind, or None = any).

        Without ``after`` it continues where the previous ``wait_for`` on this chat stopped.
        """
        cursor = self._cursors.get(chat_id, 0) if after is None else after
        collected: list[Event] = []
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            for event in await self.events(chat_id, cursor, wait=remaining):
                collected.append(event)
                cursor = event["seq"]
                if _matches(predicate, event):
                    self._cursors[chat_id] = cursor
                    return collected
        self._cursors[chat_id] = cursor
        transcript = await self._safe_transcript(chat_id)
        raise AssertionError(f"timed out after {timeout}s; events {collected}\n{transcript}")

    async def _safe_transcript(self, chat_id: int) -> str:
        try:
            return await self.transcript(chat_id)
        except EmulatorError:
            return "(no chat yet)"

    async def messages(self, chat_id: int) -> list[dict[str, Any]]:
        return (await self._get(f"/chats/{chat_id}/messages"))["messages"]  # type: ignore[no-any-return]

    async def transcript(self, chat_id: int) -> str:
        return render_transcript(await self.messages(chat_id))

    async def file_bytes(self, file_id: str) -> bytes:
        response = await self._http.get(f"/files/{file_id}")
        if response.status_code >= 400:
            _check(response)
        return response.content

    async def stats(self, with_times: bool = False) -> dict[str, Any]:
        return await self._get("/stats", times=int(with_times))  # type: ignore[no-any-return]

    async def reset_stats(self) -> None:
        await self._post("/stats/reset")

    async def configure(self, **changes: Any) -> dict[str, Any]:
        return await self._post("/config", changes)  # type: ignore[no-any-return]

    async def hold_chat(self, chat_id: int, seconds: float) -> dict[str, Any]:
        """Every send to ``chat_id`` gets 429 (``retry_after``: the time left) for ``seconds``."""
        return await self._post(f"/chats/{chat_id}/hold", {"seconds": seconds})  # type: ignore[no-any-return]

    async def commands(self) -> list[dict[str, Any]]:
        return (await self._get("/commands"))["commands"]  # type: ignore[no-any-return]

    async def reset(self) -> None:
        await self._post("/reset")
        self._cursors.clear()


def _is_reply(predicate: Predicate | None) -> Predicate:
    return predicate or (lambda event: event["kind"] in REPLY_KINDS)


def _last_buttons(messages: list[dict[str, Any]]) -> list[str]:
    for msg in reversed(messages):
        if msg["sender"] == "bot" and _labels(msg.get("reply_markup")):
            return [text for text, _ in _labels(msg["reply_markup"])]
    return []


class ChatUser:
    """One user of the bot, for conversation-like tests (sync)."""

    def __init__(self, client: EmulatorClient, user_id: int, first_name: str = "Test", language_code: str = "en"):
        self.client, self.id = client, user_id
        self.profile: dict[str, Any] = {"first_name": first_name, "language_code": language_code}

    def say(self, text: str) -> int:
        """Send ``text``; returns its message_id."""
        return int(self.client.send_text(self.id, text, **self.profile)["message_id"])

    def press(self, label: str) -> dict[str, Any]:
        return self.client.press_button(self.id, label)

    def say_in(self, chat_id: int, text: str) -> int:
        """Send ``text`` in the group ``chat_id``; returns its message_id."""
        return int(self.client.send_text(self.id, text, chat_id=chat_id, **self.profile)["message_id"])

    def edit(self, message_id: int, text: str) -> None:
        """Edit this user's earlier message in their private chat."""
        self.client.edit_text(self.id, message_id, text)

    def wait_reply(self, predicate: Predicate | None = None, timeout: float = 10.0) -> Event:
        """The next event the bot produced in this chat that is a reply (or matches ``predicate``)."""
        return self.client.wait_for(self.id, _is_reply(predicate), timeout=timeout)[-1]

    def last_buttons(self) -> list[str]:
        return _last_buttons(self.client.messages(self.id))

    def transcript(self) -> str:
        return self.client.transcript(self.id)


class AsyncChatUser:
    """One user of the bot, for conversation-like tests (async)."""

    def __init__(self, client: AsyncEmulatorClient, user_id: int, first_name: str = "Test", language_code: str = "en"):
        self.client, self.id = client, user_id
        self.profile: dict[str, Any] = {"first_name": first_name, "language_code": language_code}

    async def say(self, text: str) -> int:
        return int((await self.client.send_text(self.id, text, **self.profile))["message_id"])

    async def press(self, label: str) -> dict[str, Any]:
        return await self.client.press_button(self.id, label)

    async def say_in(self, chat_id: int, text: str) -> int:
        return int((await self.client.send_text(self.id, text, chat_id=chat_id, **self.profile))["message_id"])

    async def edit(self, message_id: int, text: str) -> None:
        await self.client.edit_text(self.id, message_id, text)

    async def wait_reply(self, predicate: Predicate | None = None, timeout: float = 10.0) -> Event:
        return (await self.client.wait_for(self.id, _is_reply(predicate), timeout=timeout))[-1]

    async def last_buttons(self) -> list[str]:
        return _last_buttons(await self.client.messages(self.id))

    async def transcript(self) -> str:
        return await self.client.transcript(self.id)
