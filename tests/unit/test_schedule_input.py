"""Schedule input shared by onboarding and /settings: weekdays, typed times, typed or shared timezones."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from coach.schedule import stored_time
from conversations import schedule_input as si
from locales import Language, speaking


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30", time(7, 30)),
        ("07:30", time(7, 30)),
        ("19:00", time(19, 0)),
        ("7pm", time(19, 0)),
        ("7 PM", time(19, 0)),
        ("7.30", time(7, 30)),
        ("7:30 pm", time(19, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("0730", time(7, 30)),
        ("7", time(7, 0)),
        ("19h30", time(19, 30)),
        (" 6:05 ", time(6, 5)),
        ("noon", time(12, 0)),
    ],
)
def test_times_people_type(text: str, expected: time) -> None:
    assert si.parse_time(text) == si.TimeReading(expected)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", si.EMPTY),
        ("   ", si.EMPTY),
        ("25:00", si.OUT_OF_RANGE),
        ("7:75", si.OUT_OF_RANGE),
        ("13pm", si.OUT_OF_RANGE),
        ("0am", si.OUT_OF_RANGE),
        ("morning", si.NOT_A_TIME),
        ("7:3", si.NOT_A_TIME),
        ("-7", si.NOT_A_TIME),
    ],
)
def test_bad_times_are_none_with_a_reason(text: str, problem: str) -> None:
    reading = si.parse_time(text)
    assert reading.value is None
    assert reading.problem == problem


def test_stored_time_round_trip() -> None:
    assert si.format_time(time(7, 5)) == "07:05"
    assert stored_time("07:05") == time(7, 5)
    assert stored_time(None) is None


def test_formatting_weekdays() -> None:
    assert si.format_days((0, 2, 4)) == "Mon, Wed, Fri"
    assert si.format_days(range(7)) == "every day"


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("paris", "Europe/Paris"),
        ("Paris", "Europe/Paris"),
        ("new york", "America/New_York"),
        ("New York City", "America/New_York"),
        ("Mexico City", "America/Mexico_City"),
        ("Kathmandu", "Asia/Kathmandu"),
        ("kathmandoo", "Asia/Kathmandu"),  # a typo still finds it (the flow confirms the local time)
        ("São Paulo", "America/Sao_Paulo"),
        ("London, UK", "Europe/London"),
        ("nyc", "America/New_York"),
        ("Delhi", "Asia/Kolkata"),
        ("europe/berlin", "Europe/Berlin"),
        ("America/Los_Angeles", "America/Los_Angeles"),
        ("UTC", "UTC"),
        ("Manchester", "Europe/London"),  # any town of 15,000+ (GeoNames): not a zone's own city
        ("manchster", "Europe/London"),  # with a typo
        ("Leeds", "Europe/London"),
        ("Springfield", "America/Chicago"),  # a name many towns share: the most populous one's zone
    ],
)
def test_cities_and_iana_names(text: str, zone: str | None) -> None:
    reading = si.resolve_zone(text)
    assert reading.zone == zone
    assert (reading.problem is None) == (zone is not None)


@pytest.mark.parametrize("text", ["Hobbiton", "Gondolin", "", "12345", "my house"])
def test_unknown_places_are_none_with_a_reason(text: str) -> None:
    reading = si.resolve_zone(text)
    assert reading.zone is None
    assert reading.problem in (si.UNKNOWN_ZONE, si.EMPTY)


@pytest.mark.parametrize(
    ("lat", "lon", "zone"),
    [
        (48.8566, 2.3522, "Europe/Paris"),
        (40.7128, -74.0060, "America/New_York"),
        (27.7172, 85.3240, "Asia/Kathmandu"),
        (-33.8688, 151.2093, "Australia/Sydney"),
    ],
)
def test_coordinates_to_zone(lat: float, lon: float, zone: str) -> None:
    assert si.zone_at(lat, lon) == si.ZoneReading(zone)


def test_impossible_coordinates_are_refused() -> None:
    reading = si.zone_at(123.0, 0.0)
    assert reading.zone is None and reading.problem == si.NO_ZONE_THERE


def test_zone_in_callback_data_round_trip_and_is_never_trusted() -> None:
    data = si.zone_to_data("America/Argentina/Buenos_Aires")
    assert "/" not in data
    assert si.zone_from_data(data) == "America/Argentina/Buenos_Aires"
    assert si.zone_from_data("Not.A.Zone") is None
    assert si.zone_from_data(None) is None


def test_offered_zones_put_the_default_first_once() -> None:
    zones = si.offered_zones("Europe/Paris")
    assert zones[0] == "Europe/Paris"
    assert len(zones) == len(set(zones))
    assert si.offered_zones("Europe/London").count("Europe/London") == 1
    assert si.offered_zones("Nowhere/Special")[0] == si.COMMON_ZONES[0]


def test_local_now_and_labels() -> None:
    now = datetime(2026, 1, 5, 7, 42, tzinfo=UTC)
    assert si.local_now(now, "Europe/London").strftime("%H:%M %A") == "07:42 Monday"
    assert si.local_now(now, "Asia/Kathmandu").strftime("%H:%M") == "13:27"
    assert si.zone_label("America/New_York") == "New York"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mon, Wed, Fri and Sat", (0, 2, 4, 5)),
        ("monday wednesday", (0, 2)),
        ("Tuesdays and Thursdays", (1, 3)),
        ("mon-thu", (0, 1, 2, 3)),
        ("fri to mon", (0, 4, 5, 6)),  # a range runs on through the weekend
        ("weekdays", (0, 1, 2, 3, 4)),
        ("the weekend and Monday", (0, 5, 6)),
        ("every day", tuple(range(7))),
        ("Every day", tuple(range(7))),
        ("Sat.", (5,)),
        ("wednes", (2,)),  # the start of a name, if it is one day's only
    ],
)
def test_typed_days_are_read(text: str, days: tuple[int, ...]) -> None:
    assert si.parse_days(text) == days


@pytest.mark.parametrize("text", ["", "whenever", "7pm", "we can", "so do I", "t"])
def test_text_naming_no_day_is_none(text: str) -> None:
    assert si.parse_days(text) is None


@pytest.mark.parametrize(
    ("language", "text", "days"),
    [
        (Language.ES, "lunes, miércoles y viernes", (0, 2, 4)),
        (Language.ES, "de lunes a jueves", (0, 1, 2, 3)),
        (Language.DE, "Mo, Mi, Fr", (0, 2, 4)),
        (Language.DE, "Montag bis Freitag", (0, 1, 2, 3, 4)),
        (Language.RU, "Пн, Ср, Пт", (0, 2, 4)),
        (Language.RU, "понедельник и четверг", (0, 3)),
        (Language.RU, "Mon and Thu", (0, 3)),  # English is read in every language
    ],
)
def test_typed_days_are_read_in_the_users_language(language: Language, text: str, days: tuple[int, ...]) -> None:
    with speaking(language):
        assert si.parse_days(text) == days
