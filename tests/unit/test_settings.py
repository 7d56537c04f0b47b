"""Settings: defaults, what each variable accepts, and one clear line for each kind of mistake."""

from __future__ import annotations

import pytest

from bot.settings import OFFICIAL_BASE_URL, ConfigError, Pictures, load_settings

GOOD_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BASE_URL",
    "DATABASE_URL",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "PORT",
    "LOG_LEVEL",
    "DEFAULT_TIMEZONE",
    "REMINDER_GRACE_MINUTES",
    "PICTURES",
    "BACKCOACH_PICTURES_CACHE",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: pytest.TempPathFactory) -> None:
    """No variable from the developer's shell or .env leaks into these tests."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]


def test_defaults_give_local_mode_on_a_sqlite_file() -> None:
    settings = load_settings()
    assert settings.local_mode
    assert settings.token is None
    assert settings.database_url == "sqlite+aiosqlite:///./data/backcoach.db"
    assert settings.telegram_base_url == OFFICIAL_BASE_URL
    assert settings.log_level == "INFO"


def test_token_from_environment_turns_local_mode_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", GOOD_TOKEN)
    settings = load_settings()
    assert not settings.local_mode
    assert settings.token == GOOD_TOKEN
    assert GOOD_TOKEN not in repr(settings)


def test_settings_are_read_from_dotenv_file(tmp_path: object) -> None:
    with open(".env", "w") as env_file:
        env_file.write(f"TELEGRAM_BOT_TOKEN={GOOD_TOKEN}\nLOG_LEVEL=debug\n")
    settings = load_settings()
    assert settings.token == GOOD_TOKEN
    assert settings.log_level == "DEBUG"


def test_blank_token_means_local_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    assert load_settings().local_mode


@pytest.mark.parametrize("token", ["not-a-token", "123456:short", ":AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"])
def test_malformed_token_is_one_clear_line_without_the_value(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("Configuration error: TELEGRAM_BOT_TOKEN")
    assert "\n" not in message
    assert token not in message


def test_unknown_database_scheme_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/backcoach")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith("Configuration error: DATABASE_URL")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///./data/x.db", "sqlite+aiosqlite:///./data/x.db"),
        ("sqlite+aiosqlite:///./data/x.db", "sqlite+aiosqlite:///./data/x.db"),
        ("postgresql://u@127.0.0.1:5432/test", "postgresql+asyncpg://u@127.0.0.1:5432/test"),
        ("postgres://u@127.0.0.1/test", "postgresql+asyncpg://u@127.0.0.1/test"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_database_urls_are_normalised_to_async_drivers(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_settings().database_url == expected


def test_unknown_timezone_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Mars/Olympus_Mons")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith("Configuration error: DEFAULT_TIMEZONE unknown timezone")


@pytest.mark.parametrize("code", ["fr", "klingon", ""])
def test_a_local_language_botcoach_does_not_speak_names_the_variable_and_the_languages(
    monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    monkeypatch.setenv("LOCAL_LANGUAGE", code)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith("Configuration error: LOCAL_LANGUAGE BackCoach speaks en, es, de, ru")


@pytest.mark.parametrize("code", ["ru", "es-MX", "de_AT", "EN"])
def test_a_local_language_it_speaks_is_taken_as_telegram_would_send_it(
    monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    monkeypatch.setenv("LOCAL_LANGUAGE", code)
    assert load_settings().local_language == code


def test_known_timezone_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Asia/Kathmandu")
    assert load_settings().default_timezone == "Asia/Kathmandu"


def test_base_url_is_kept_exactly_for_ptb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")
    assert load_settings().telegram_base_url == "http://127.0.0.1:8081/bot"


def test_base_url_without_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BASE_URL", "api.telegram.org/bot")
    with pytest.raises(ConfigError, match="TELEGRAM_BASE_URL"):
        load_settings()


def test_bad_port_and_log_level_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "99999")
    with pytest.raises(ConfigError, match=r"^Configuration error: PORT"):
        load_settings()
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.setenv("LOG_LEVEL", "chatty")
    with pytest.raises(ConfigError, match=r"^Configuration error: LOG_LEVEL"):
        load_settings()


def test_webhook_secret_is_derived_from_token_when_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("WEBHOOK_URL", "https://example.org/telegram")
    derived = load_settings().webhook_secret_value
    assert derived == load_settings().webhook_secret_value
    assert GOOD_TOKEN not in derived
    monkeypatch.setenv("WEBHOOK_SECRET", "my_secret-1")
    assert load_settings().webhook_secret_value == "my_secret-1"


def test_webhook_secret_with_bad_characters_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_SECRET", "has spaces!")
    with pytest.raises(ConfigError, match=r"^Configuration error: WEBHOOK_SECRET"):
        load_settings()


def test_pictures_are_on_by_default_and_read_from_the_cache_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (load_settings().pictures, load_settings().pictures_cache) == (Pictures.ON, None)
    monkeypatch.setenv("PICTURES", " Cached ")
    monkeypatch.setenv("BACKCOACH_PICTURES_CACHE", "/srv/pictures")
    assert (load_settings().pictures, load_settings().pictures_cache) == (Pictures.CACHED, "/srv/pictures")


def test_an_unknown_pictures_mode_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICTURES", "sometimes")
    with pytest.raises(ConfigError, match=r"^Configuration error: PICTURES use on, cached or off$"):
        load_settings()


def test_listen_address_and_metrics_port_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTEN_ADDRESS", "127.0.0.1")
    monkeypatch.setenv("METRICS_PORT", "9464")
    settings = load_settings()
    assert (settings.listen_address, settings.metrics_port) == ("127.0.0.1", 9464)
    monkeypatch.setenv("METRICS_PORT", "")
    assert load_settings().metrics_port is None
    monkeypatch.setenv("LISTEN_ADDRESS", "everywhere")
    with pytest.raises(ConfigError, match=r"^Configuration error: LISTEN_ADDRESS must be an IP address"):
        load_settings()
