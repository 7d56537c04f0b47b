"""Logging guards: the token never appears, and PTB's debug records never print users' messages."""

from __future__ import annotations

import io
import logging

import pytest

from bot import logs

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    stream = io.StringIO()
    monkeypatch.setattr(logs.sys, "stderr", stream)
    logs.setup_logging("DEBUG", secrets=[TOKEN])
    yield stream
    logs.setup_logging("WARNING")


def test_token_in_a_url_is_redacted(captured: io.StringIO) -> None:
    logging.getLogger("backcoach.test").info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    assert TOKEN not in captured.getvalue()
    assert "bot[redacted]/getMe" in captured.getvalue()


def test_token_in_a_traceback_is_redacted(captured: io.StringIO) -> None:
    try:
        raise RuntimeError(f"could not reach https://api.telegram.org/bot{TOKEN}/getUpdates")
    except RuntimeError:
        logging.getLogger("backcoach.test").exception("failed")
    assert "could not reach" in captured.getvalue()
    assert TOKEN not in captured.getvalue()


def test_ptb_update_payloads_are_blanked(captured: io.StringIO) -> None:
    logging.getLogger("telegram.ext.Application").debug("Processing update %s", {"text": "my pain is 8"})
    logging.getLogger("telegram.Bot").debug(
        "Calling Bot API endpoint `%s` with parameters `%s`", "sendMessage", {"text": "pain 8"}
    )
    output = captured.getvalue()
    assert "pain" not in output
    assert "Processing update [redacted]" in output
    assert "sendMessage" in output


def test_ptb_webhook_bodies_are_blanked_at_every_level(captured: io.StringIO) -> None:
    updater = logging.getLogger("telegram.ext.Updater")
    updater.debug("Webhook received data: %s", '{"message": {"text": "my pain is 8"}}')
    updater.critical(
        "Something went wrong processing the data received from Telegram. Received data was *not* processed! "
        "Received data was: %r", {"text": "my pain is 8"},
    )
    output = captured.getvalue()
    assert "pain" not in output
    assert "Webhook received data: [redacted]" in output


def test_httpx_stays_quiet_even_at_debug(captured: io.StringIO) -> None:
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot... 200 OK")
    assert "HTTP Request" not in captured.getvalue()


def test_redact_replaces_longest_secret_first() -> None:
    assert logs.redact("abc abcdef", ["abc", "abcdef"]) == "[redacted] [redacted]"
    assert logs.redact("nothing here", ["", "x" * 5]) == "nothing here"
