"""BackCoach settings: read from the environment and `.env`, validated once at start-up.

Every variable is documented in `.env.example` and the README. A bad value stops start-up with one line that
names the variable (`ConfigError`), never a traceback, and never echoes a secret back.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.delivery import CHAT_RATE, OVERALL_RATE
from bot.updates import DEFAULT_FLOOD_SECONDS, DEFAULT_FLOOD_UPDATES, DEFAULT_MAX_CONCURRENT_UPDATES
from coach.schedule import DEFAULT_TIMEZONE
from locales import Language
from storage.database import DEFAULT_DATABASE_URL, UnsupportedDatabaseURL, normalise_url

OFFICIAL_BASE_URL = "https://api.telegram.org/bot"
TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A setting is wrong; the message is one line naming the variable."""


class Pictures(StrEnum):
    """``PICTURES``: how exercise cards get their animation (``pictures.shelf``)."""

    ON = "on"  # send what the cache holds; draw what it lacks at start-up, in a worker thread
    CACHED = "cached"  # send only what the cache holds (drawn by `make pictures` or another process)
    OFF = "off"  # text cards only


class Settings(BaseSettings):
    """What the operator can set. Field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = OFFICIAL_BASE_URL
    database_url: str = Field(default=DEFAULT_DATABASE_URL, validate_default=True)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int = Field(default=8443, ge=1, le=65535)
    #: The address the webhook server (and the metrics server) listens on: all interfaces, or one of them.
    listen_address: str = "0.0.0.0"
    #: A port of its own for /healthz and /metrics (polling mode too); None: only on the webhook's port.
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    log_level: str = "INFO"
    default_timezone: str = DEFAULT_TIMEZONE
    #: Local mode: the ``language_code`` the terminal user's Telegram sends (en, es, de, ru; es-MX works too).
    local_language: str = "en"
    reminder_grace_minutes: int = Field(default=120, ge=0, le=24 * 60)
    #: Messages a second into one private chat. Telegram allows about 1; raise it only against a test server
    #: (the emulator) whose own per-chat limit is raised to match, as the end-to-end tests do.
    chat_send_rate: float = Field(default=CHAT_RATE, gt=0, le=OVERALL_RATE)
    #: Updates of different users handled at once (one user's updates always go one at a time, in order).
    max_concurrent_updates: int = Field(default=DEFAULT_MAX_CONCURRENT_UPDATES, ge=1, le=1000)
    #: A user sending more than FLOOD_UPDATES updates within FLOOD_SECONDS gets one "slow down"; the excess
    #: is dropped.
    flood_updates: int = Field(default=DEFAULT_FLOOD_UPDATES, ge=1, le=100_000)
    flood_seconds: float = Field(default=DEFAULT_FLOOD_SECONDS, gt=0, le=3600)
    #: Real seconds between two redraws of the exercise timer; unset: its own step (real time). The end-to-end
    #: tests set 0, so a timer runs through at once (``conversations.timer``).
    timer_tick_seconds: float | None = Field(default=None, ge=0, le=60)
    #: The longest wait (seconds) between two tries to reach the database while it is down (the inbox's
    #: backoff: it starts at a tenth of a second and doubles up to this).
    database_retry_seconds: float = Field(default=30.0, gt=0, le=600)
    pictures: Pictures = Pictures.ON
    #: Where drawn pictures are kept (``pictures.cache_root``'s variable); empty: ``data/pictures/cache``.
    pictures_cache: str | None = Field(default=None, validation_alias=AliasChoices("BACKCOACH_PICTURES_CACHE"))

    @field_validator(
        "telegram_bot_token", "webhook_secret", "webhook_url", "pictures_cache", "metrics_port", mode="before"
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not TOKEN_PATTERN.match(value.get_secret_value()):
            raise ValueError("does not look like a bot token from @BotFather (digits, a colon, then letters)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not SECRET_PATTERN.match(value.get_secret_value()):
            raise ValueError("use 1-256 characters from A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("listen_address")
    @classmethod
    def _address_shape(cls, value: str) -> str:
        value = value.strip()
        try:
            ipaddress.ip_address(value)
        except ValueError:
            problem = "must be an IP address (0.0.0.0 for all interfaces, 127.0.0.1 for this machine only)"
            raise ValueError(problem) from None
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _base_url_shape(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https:// (for example https://api.telegram.org/bot)")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be the public https:// address Telegram should call")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_scheme(cls, value: str) -> str:
        try:
            return normalise_url(value.strip())
        except UnsupportedDatabaseURL as exc:
            raise ValueError(str(exc)) from None

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value.strip()!r}; use an IANA name like Europe/London") from None
        return value.strip()

    @field_validator("pictures", mode="before")
    @classmethod
    def _pictures_mode(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() not in {mode.value for mode in Pictures}:
            raise ValueError("use on, cached or off")
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("local_language")
    @classmethod
    def _spoken_language(cls, value: str) -> str:
        code = value.strip()
        spoken = ", ".join(language.value for language in Language)
        if code.lower().replace("_", "-").split("-", 1)[0] not in spoken.split(", "):
            raise ValueError(f"BackCoach speaks {spoken} (a regional variant such as es-MX works too)")
        return code

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("use DEBUG, INFO, WARNING or ERROR")
        return level

    @property
    def token(self) -> str | None:
        """The bot token, or None in local mode."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def webhook_secret_value(self) -> str:
        """The webhook secret: the configured one, or one derived from the token so every instance agrees."""
        if self.webhook_secret is not None:
            return self.webhook_secret.get_secret_value()
        return hashlib.sha256(f"backcoach-webhook:{self.token}".encode()).hexdigest()

    @property
    def local_mode(self) -> bool:
        """No token: run against the embedded Bot API emulator with a chat in the terminal."""
        return self.telegram_bot_token is None


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings, turning any error into a one-line `ConfigError`."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(_first_problem(exc)) from None


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors(include_input=False, include_url=False)[0]
    name = str(error["loc"][0]).upper() if error["loc"] else "settings"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"Configuration error: {name} {message}"
