"""The user's country and its emergency numbers (coach.emergency; clinical.md section 2)."""

from __future__ import annotations

import pytest

from coach.emergency import EMERGENCY_TABLE, NUMBERS_BY_COUNTRY, country_of, numbers_for


@pytest.mark.parametrize(
    ("timezone", "language_code", "country"),
    [
        ("Europe/London", None, "GB"),
        ("America/New_York", None, "US"),
        ("Europe/Madrid", None, "ES"),
        ("Europe/Moscow", None, "RU"),
        ("Australia/Sydney", None, "AU"),
        ("Mars/Olympus_Mons", None, None),  # an unknown zone
        ("UTC", None, None),  # a zone of no country
        (None, "en-GB", "GB"),
        (None, "es-MX", "MX"),
        (None, "pt-br", "BR"),  # Telegram sends lower case too
        (None, "en", None),  # a bare language is ambiguous
        (None, None, None),
        (None, "es-419", None),  # a UN region (Latin America), not a country
        (None, "en-XX", None),  # not a country code
        ("Europe/Berlin", "en-US", "DE"),  # the timezone wins over the language
        ("Not/A_Zone", "en-IE", "IE"),  # an unknown zone falls back to the language
    ],
)
def test_country_of_reads_the_timezone_then_the_language_region(
    timezone: str | None, language_code: str | None, country: str | None
) -> None:
    assert country_of(timezone, language_code) == country


def test_numbers_for_gb_us_and_an_unknown_country() -> None:
    gb = numbers_for("GB")
    assert (gb.country, gb.emergency, gb.non_emergency, gb.known) == ("GB", "999", "111", True)
    us = numbers_for("us")
    assert (us.country, us.emergency, us.non_emergency, us.known) == ("US", "911", None, True)
    for unknown in (None, "XX"):
        numbers = numbers_for(unknown)
        assert (numbers.emergency, numbers.non_emergency, numbers.known) == ("112", None, False)


@pytest.mark.parametrize(
    ("country", "emergency", "non_emergency"),
    [("CA", "911", "811"), ("AU", "000", "healthdirect on 1800 022 222"),
     ("NZ", "111", "Healthline on 0800 611 116"), ("IE", "112 or 999", None), ("DE", "112", "116117"),
     ("FR", "112", None), ("IN", "112", None), ("MX", "911", None), ("BR", "192", None), ("JP", "119", None)],
)
def test_numbers_for_other_countries_as_the_advice_says_them(
    country: str, emergency: str, non_emergency: str | None
) -> None:
    numbers = numbers_for(country)
    assert numbers.known
    assert (numbers.emergency_call, numbers.non_emergency_call) == (emergency, non_emergency)


def test_every_country_in_the_table_is_a_real_code_listed_once_with_a_number() -> None:
    assert len(NUMBERS_BY_COUNTRY) == len(EMERGENCY_TABLE)
    for code, numbers in NUMBERS_BY_COUNTRY.items():
        assert numbers.country == code and numbers.known
        assert country_of(None, f"en-{code}") == code  # a code the ISO 3166 table knows
        assert numbers.emergency.replace(" ", "").isdigit()
