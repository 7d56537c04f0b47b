"""Start-up: read settings, set up logging, migrate the database, then run the bot in the right mode.

- no `TELEGRAM_BOT_TOKEN`: local mode (the embedded emulator and a chat in this terminal);
- a token and `WEBHOOK_URL`: serve Telegram's webhook on `LISTEN_ADDRESS:PORT`, checking the secret token
  (`bot.web`, with /healthz and /metrics beside it);
- a token alone: long polling.
Anything wrong with the set-up ends the process with one clear line on stderr and exit status 2.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError

from bot.app import build_application
from bot.logs import redact, setup_logging
from bot.running import serve_polling, serve_webhook
from bot.settings import ConfigError, Settings, load_settings
from storage.migrate import upgrade_to_head

log = logging.getLogger("backcoach")
EXIT_CONFIG = 2
LOCAL_LOG_FILE = Path("data/local-mode.log")


def main() -> int:
    """Run BackCoach until it is stopped; returns the process exit status."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    log_file = LOCAL_LOG_FILE if settings.local_mode else None
    setup_logging(settings.log_level, secrets=secrets_of(settings), to_file=log_file)
    try:
        upgrade_to_head(settings.database_url)
    except Exception as exc:  # any driver error: report it in one line, never a traceback
        problem = redact(f"{type(exc).__name__}: {exc}", secrets_of(settings)).splitlines()[0]
        print(f"Database error: could not prepare DATABASE_URL ({problem})", file=sys.stderr)
        return EXIT_CONFIG
    if settings.local_mode:
        from bot.local import run_local

        return run_local(settings)
    return run_telegram(settings)


def run_telegram(settings: Settings) -> int:
    """Poll Telegram, or serve the webhook when WEBHOOK_URL is set."""
    assert settings.token is not None
    application = build_application(settings, token=settings.token)
    try:
        if settings.webhook_url:
            log.info("BackCoach is starting in webhook mode on %s port %s", settings.listen_address, settings.port)
            path = urlsplit(settings.webhook_url).path
            asyncio.run(serve_webhook(
                application, settings.listen_address, settings.port, settings.webhook_url, path,
                settings.webhook_secret_value,
            ))
        else:
            log.info("BackCoach is starting with long polling")
            asyncio.run(serve_polling(application))
    except InvalidToken:
        print("Configuration error: TELEGRAM_BOT_TOKEN was refused by the Bot API server", file=sys.stderr)
        return EXIT_CONFIG
    except NetworkError as exc:
        print(f"Could not reach the Bot API at TELEGRAM_BASE_URL ({exc.message})", file=sys.stderr)
        return EXIT_CONFIG
    return 0


def secrets_of(settings: Settings) -> list[str]:
    """Everything the logs must never show: the token, the webhook secret, a database password."""
    found = [settings.token or ""]
    if settings.webhook_url:
        found.append(settings.webhook_secret_value)
    password = urlsplit(settings.database_url).password
    if password:
        found.append(password)
    return found
