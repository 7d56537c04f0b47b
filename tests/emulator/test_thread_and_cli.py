"""``EmulatorThread`` with the synchronous client and ``ChatUser``, and the command line."""

from __future__ import annotations

import httpx

from botapi_emulator import ChatUser, EmulatorClient, EmulatorThread
from botapi_emulator.__main__ import parse_args
from tests.emulator.conftest import TOKEN  # type: ignore[import-not-found]


def test_thread_sync_client_and_chat_user() -> None:
    with EmulatorThread(chat_burst=1) as emu, EmulatorClient(emu.control_url) as client:
        alex = ChatUser(client, 77, first_name="Alex")
        alex.say("/start")
        api = f"{emu.base_url}{TOKEN}"
        update = httpx.post(f"{api}/getUpdates").json()["result"][0]
        assert update["message"]["from"]["first_name"] == "Alex"
        keyboard = '{"keyboard": [["Yes"], ["No"]], "one_time_keyboard": true}'
        httpx.post(f"{api}/sendMessage", data={"chat_id": 77, "text": "Ready?", "reply_markup": keyboard})
        reply = alex.wait_reply()
        assert reply["text"] == "Ready?"
        assert alex.last_buttons() == ["Yes", "No"]
        alex.press("Yes")
        assert alex.transcript() == "user: /start\nbot: Ready?  [Yes | No]\nuser: Yes"
        assert client.stats()["sends"] == 1
        client.reset_stats()
        assert client.stats()["sends"] == 0
        assert emu.call(emu.emulator.stats)["sends"] == 0


def test_cli_arguments() -> None:
    args = parse_args(["--port", "8099", "--chat-burst", "1", "--global-rate", "none"])
    assert (args.port, args.chat_burst, args.global_rate, args.chat_rate) == (8099, 1, None, 1.0)
