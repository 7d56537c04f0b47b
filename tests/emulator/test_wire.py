"""The wire format with raw HTTP: encodings, envelopes, long polling, conflicts and the control API."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from botapi_emulator import AsyncEmulatorClient, BotApiEmulator
from tests.emulator.conftest import TOKEN  # type: ignore[import-not-found]


@pytest.fixture
async def http(emulator: BotApiEmulator) -> httpx.AsyncClient:
    async with httpx.AsyncClient(base_url=f"{emulator.base_url}{TOKEN}/", timeout=10) as session:
        yield session  # type: ignore[misc]


async def test_unknown_method_and_bad_token_are_404(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    response = await http.post("noSuchMethod")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    async with httpx.AsyncClient() as raw:
        response = await raw.get(f"{emulator.base_url}nonsense/getMe")
    assert response.status_code == 404


async def test_form_json_query_and_case_insensitive(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    emulator.register_users([1])
    markup = json.dumps({"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]})
    form = await http.post("sendMessage", data={"chat_id": "1", "text": "form", "reply_markup": markup})
    body = await http.post("SENDMESSAGE", json={"chat_id": 1, "text": "json", "reply_markup": json.loads(markup)})
    query = await http.get("sendmessage", params={"chat_id": 1, "text": "query"})
    results = [r.json()["result"] for r in (form, body, query)]
    assert [r["text"] for r in results] == ["form", "json", "query"]
    assert [r["message_id"] for r in results] == [1, 2, 3]
    assert results[0]["reply_markup"] == json.loads(markup)
    assert results[0]["from"]["is_bot"] is True and isinstance(results[0]["date"], int)
    assert results[0]["chat"] == {"id": 1, "type": "private", "first_name": "Test"}


async def test_429_envelope(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    emulator.configure(chat_burst=1)
    emulator.register_users([1])
    assert (await http.post("sendMessage", data={"chat_id": 1, "text": "a"})).status_code == 200
    response = await http.post("sendMessage", data={"chat_id": 1, "text": "b"})
    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_a_held_chat_gets_429_with_the_time_left_and_others_do_not(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    emulator.register_users([1, 2])
    async with AsyncEmulatorClient(emulator.control_url) as control:
        await control.hold_chat(1, 30)
    held = await http.post("sendMessage", data={"chat_id": 1, "text": "a"})
    assert held.status_code == 429 and held.json()["parameters"]["retry_after"] in (29, 30)
    assert (await http.post("sendMessage", data={"chat_id": 2, "text": "b"})).status_code == 200
    async with AsyncEmulatorClient(emulator.control_url) as control:
        await control.hold_chat(1, 0)  # lifted
    assert (await http.post("sendMessage", data={"chat_id": 1, "text": "c"})).status_code == 200


async def test_get_updates_offset_and_limit(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    for text in ("one", "two", "three"):
        emulator.send_text(1, text)
    first = (await http.post("getUpdates", data={"limit": 2})).json()["result"]
    assert [u["message"]["text"] for u in first] == ["one", "two"]
    rest = (await http.post("getUpdates", data={"offset": first[-1]["update_id"] + 1})).json()["result"]
    assert [u["message"]["text"] for u in rest] == ["three"]
    confirmed = (await http.post("getUpdates", data={"offset": rest[-1]["update_id"] + 1})).json()
    assert confirmed == {"ok": True, "result": []}


async def test_long_poll_wakes_on_new_update(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    async def later() -> None:
        await asyncio.sleep(0.2)
        emulator.send_text(1, "wake up")

    task = asyncio.create_task(later())
    started = time.monotonic()
    response = await http.post("getUpdates", data={"timeout": 5})
    assert 0.15 < time.monotonic() - started < 2
    assert response.json()["result"][0]["message"]["text"] == "wake up"
    await task


async def test_newer_get_updates_terminates_older(http: httpx.AsyncClient) -> None:
    older = asyncio.create_task(http.post("getUpdates", data={"timeout": 5}))
    await asyncio.sleep(0.1)
    newer = await http.post("getUpdates", data={"timeout": 0})
    assert newer.json() == {"ok": True, "result": []}
    response = await older
    assert response.status_code == 409 and "terminated by other getUpdates" in response.json()["description"]


async def test_allowed_updates_filter(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    await http.post("getUpdates", json={"allowed_updates": ["callback_query"]})
    emulator.send_text(1, "filtered out")
    assert (await http.post("getUpdates")).json()["result"] == []


async def test_multipart_document(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    emulator.register_users([1])
    files = {"document": ("notes.txt", b"abc", "text/plain")}
    response = await http.post("sendDocument", data={"chat_id": "1"}, files=files)
    document = response.json()["result"]["document"]
    assert (document["file_name"], document["file_size"], document["mime_type"]) == ("notes.txt", 3, "text/plain")


async def test_control_api_events_long_poll(emulator: BotApiEmulator, client: AsyncEmulatorClient) -> None:
    emulator.register_users([1])
    waiting = asyncio.create_task(client.events(1, after=0, wait=5))
    await asyncio.sleep(0.1)
    async with httpx.AsyncClient() as raw:
        await raw.post(f"{emulator.base_url}{TOKEN}/sendMessage", data={"chat_id": 1, "text": "hey"})
    result = await waiting
    assert [(e["seq"], e["text"]) for e in result] == [(1, "hey")]
    assert await client.events(1, after=1, wait=0.1) == []
    async with httpx.AsyncClient() as raw:
        page = (await raw.get(f"{emulator.control_url}/chats/1/events", params={"after": 0})).json()
    assert page["last_seq"] == 1 and page["events"] == result
    assert [e["text"] for e in await client.wait_for(1, "message")] == ["hey"]
    stats = await client.stats()
    assert stats["chats"]["1"]["sends"] == 1 and stats["max_sends_per_second"] == 1


async def test_control_api_errors_and_config(client: AsyncEmulatorClient) -> None:
    with pytest.raises(AssertionError, match="404"):
        await client.messages(12345)
    with pytest.raises(AssertionError, match="400"):
        await client.send_text(1, "")
    with pytest.raises(AssertionError, match="400"):
        await client.configure(chat_rte=2)
    with pytest.raises(AssertionError, match="400"):
        await client.configure(chat_burst=0)
    config = await client.configure(chat_rate=None, latency=0.01)
    assert config["chat_rate"] is None and config["latency"] == 0.01 and config["chat_burst"] == 3
    with pytest.raises(AssertionError, match="timed out"):
        await client.wait_for(1, timeout=0.2)


async def test_press_button_finds_newest_exact_label(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    emulator.register_users([1])
    for data in ("old", "new"):
        markup = json.dumps({"inline_keyboard": [[{"text": "Done", "callback_data": data}]]})
        await http.post("sendMessage", data={"chat_id": 1, "text": data, "reply_markup": markup})
    async with AsyncEmulatorClient(emulator.control_url) as control:
        pressed = await control.press_button(1, "Done")
    update = (await http.post("getUpdates")).json()["result"][-1]
    assert update["callback_query"]["id"] == pressed["callback_query_id"]
    assert update["callback_query"]["data"] == "new"
    assert update["callback_query"]["message"]["text"] == "new"


async def test_latency_is_applied(emulator: BotApiEmulator, http: httpx.AsyncClient) -> None:
    emulator.configure(latency=0.2)
    started = time.monotonic()
    await http.get("getMe")
    assert time.monotonic() - started >= 0.2


async def test_set_webhook_ends_a_waiting_get_updates(http: httpx.AsyncClient) -> None:
    waiting = asyncio.create_task(http.post("getUpdates", data={"timeout": 5}))
    await asyncio.sleep(0.1)
    assert (await http.post("setWebhook", data={"url": "http://127.0.0.1:9/hook"})).json()["result"] is True
    response = await waiting
    assert (
        response.status_code == 409 and response.json()["description"] == "Conflict: terminated by setWebhook request"
    )
    assert (await http.post("deleteWebhook")).json() == {"ok": True, "result": True}


async def test_register_users_for_fan_out(client: AsyncEmulatorClient, http: httpx.AsyncClient) -> None:
    assert await client.register_users(list(range(100, 150))) == 50
    response = await http.post("sendMessage", data={"chat_id": 149, "text": "reminder"})
    assert response.json()["ok"] is True
    stats = await client.stats()
    assert stats["sends"] == 1 and stats["requests_by_method"] == {"sendmessage": 1}
