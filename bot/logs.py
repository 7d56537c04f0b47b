"""Logging set-up that keeps secrets and health data out of the logs.

Two guards sit on the one handler every record goes through:
- `RedactingFormatter` replaces the bot token wherever it appears (httpx and tracebacks print request URLs,
  and Telegram URLs contain the token);
- `PayloadFilter` blanks the arguments of PTB's debug records that would print whole updates or API
  parameters, because those hold what users told the bot (pain scores, screening answers).
httpx and httpcore stay at WARNING whatever LOG_LEVEL says.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path

from telegram.error import InvalidToken, NetworkError

REDACTED = "[redacted]"

# PTB debug messages whose arguments carry message payloads, with the index of each payload argument.
PAYLOAD_TEMPLATES: dict[str, tuple[int, ...]] = {
    "Processing update %s": (0,),
    "Dropping pending update: %s": (0,),
    "Calling Bot API endpoint `%s` with parameters `%s`": (1,),
    "Call to Bot API endpoint `%s` finished with return value `%s`": (1,),
    # PTB's own webhook server (BackCoach serves its webhook itself, ``bot.web``; kept in case it is used again)
    "Webhook received data: %s": (0,),
    "Something went wrong processing the data received from Telegram. Received data was *not* processed! "
    "Received data was: %r": (0,),
    "Error while building CallbackContext for update %s. Update will not be processed.": (0,),
}
QUIET_LOGGERS = ("httpx", "httpcore", "aiosqlite", "asyncio")


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every non-empty secret replaced, longest first."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter that removes every secret from the final text, tracebacks included."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._secrets = tuple(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)


class PayloadFilter(logging.Filter):
    """Blank the payload arguments of PTB's debug records (updates, API parameters and results)."""

    def filter(self, record: logging.LogRecord) -> bool:
        positions = PAYLOAD_TEMPLATES.get(str(record.msg))
        if positions is None:
            return True
        if isinstance(record.args, tuple):
            record.args = tuple(REDACTED if i in positions else a for i, a in enumerate(record.args))
        else:  # a single mapping argument: logging keeps it as the args themselves
            record.args = (REDACTED,)
        return True


class ExplainedStartupErrorFilter(logging.Filter):
    """Drop PTB's traceback for start-up failures that `bot.main` explains in one line itself.

    An unreachable Bot API or a refused token is a set-up problem, not a bug: the operator gets one clear line
    from `bot.main`, not a page of traceback. Any other start-up failure keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        about_start_up = record.name.startswith("telegram") and "initializ" in record.getMessage().lower()
        if not about_start_up or not record.exc_info:
            return True
        return not isinstance(record.exc_info[1], (InvalidToken, NetworkError))


def setup_logging(level: str, secrets: Iterable[str] = (), *, to_file: Path | None = None) -> None:
    """Send all logs to stderr (or `to_file`) at `level`, with the guards above."""
    handler: logging.Handler
    if to_file is None:
        handler = logging.StreamHandler(sys.stderr)
    else:
        to_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(to_file, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    handler.addFilter(PayloadFilter())
    handler.addFilter(ExplainedStartupErrorFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
