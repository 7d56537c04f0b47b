"""The bot's HTTP side, end to end: a webhook that keeps users' words out of the log and answers hostile bodies
with a 4xx, and /healthz and /metrics in webhook and polling mode."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from botapi_emulator import ChatUser, EmulatorClient
from tests.support.process import BotProcess, free_port

SECRET = "s3cret_token"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
SAID = "my lower back hurts zqxsaid"
NAME = "Zqxname"


def webhook_bot(start_bot: Callable[..., BotProcess], **extra: str) -> tuple[BotProcess, str]:
    port = free_port()
    bot = start_bot(
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", PORT=str(port), WEBHOOK_SECRET=SECRET,
        LISTEN_ADDRESS="127.0.0.1", **extra,
    )
    return bot, f"http://127.0.0.1:{port}"


def test_webhook_mode_at_debug_never_logs_what_users_say_or_their_names(
    start_bot: Callable[..., BotProcess], client: EmulatorClient
) -> None:
    bot, _ = webhook_bot(start_bot, LOG_LEVEL="DEBUG")
    user = ChatUser(client, 4242, first_name=NAME)
    user.say("/start")
    user.wait_reply(lambda e: e["kind"] == "message" and "Hi" in (e.get("text") or ""))
    user.say(SAID)
    user.wait_reply()
    user.say("/pain")
    user.wait_reply(lambda e: e["kind"] == "message" and "How strong" in (e.get("text") or ""))
    user.press("7")
    user.wait_reply(lambda e: e["kind"] == "message" and "Not sure" in str(e.get("reply_markup")))
    log = bot.output
    assert "DEBUG" in log  # the level really is DEBUG
    assert SAID not in log and "zqxsaid" not in log
    assert NAME not in log


def test_hostile_webhook_bodies_get_a_4xx_and_leave_no_trace_of_their_content(
    start_bot: Callable[..., BotProcess],
) -> None:
    bot, base = webhook_bot(start_bot)
    url = f"{base}/telegram"
    nested = b'{"update_id": 1, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    bodies = {
        b'{"update_id": 1, "message": {"text": "zqxbody"': 400,  # malformed JSON
        nested: 400,  # absurdly nested
        b'["zqxbody"]': 400,  # JSON, but not an update
        b'{"update_id": "zqxbody"}': 400,
        b'{"update_id": 5, "message": {"chat": "zqxbody"}}': 400,  # an update PTB cannot read
        b'{"update_id": 1, "message": {"text": "' + b"zqxbody" * 300_000 + b'"}}': 413,  # 2 MB
    }
    for body, status in bodies.items():
        assert httpx.post(url, content=body, headers=HEADERS, timeout=30).status_code == status
    wrong_secret = {**HEADERS, "X-Telegram-Bot-Api-Secret-Token": "x"}
    assert httpx.post(url, content=b"{}", headers=wrong_secret).status_code == 403
    health = httpx.get(f"{base}/healthz")
    assert health.status_code == 200 and health.json() == {"database": "ok", "updates": "ok"}
    metrics = httpx.get(f"{base}/metrics").text
    assert 'backcoach_updates_dropped_total{reason="unreadable"} 5.0' in metrics
    log = bot.output
    assert "zqxbody" not in log and "Traceback" not in log


def test_polling_mode_serves_health_and_metrics_on_its_own_port_without_user_data(
    start_bot: Callable[..., BotProcess], alice: ChatUser
) -> None:
    port = free_port()
    start_bot(METRICS_PORT=str(port), LISTEN_ADDRESS="127.0.0.1")
    alice.say("/start")
    alice.wait_reply()
    alice.say("/help")
    alice.wait_reply()
    health = httpx.get(f"http://127.0.0.1:{port}/healthz")
    assert health.status_code == 200 and health.json() == {"database": "ok", "updates": "ok"}
    metrics = httpx.get(f"http://127.0.0.1:{port}/metrics")
    assert metrics.status_code == 200
    text = metrics.text
    assert 'backcoach_updates_handled_total{kind="command"}' in text
    assert "backcoach_handler_seconds_bucket" in text and "backcoach_reminders_total" in text
    assert "backcoach_telegram_retry_after_total" in text and "backcoach_database_errors_total" in text
    labels = set(re.findall(r'(\w+)="([^"]*)"', text))
    assert {name for name, _ in labels} <= {"kind", "reason", "outcome", "le"}  # no user, chat or text label
    assert str(alice.id) not in {value for _, value in labels} and "Alice" not in text
