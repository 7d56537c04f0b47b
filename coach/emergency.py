"""Which emergency number to give a user: a country's numbers, and the user's country from what Telegram tells us.

Safety advice must name the number the user can actually call (clinical.md section 2). This module holds a
small table of countries (ISO 3166 alpha-2) with their emergency number for a medical emergency, the place to
go, and the non-emergency medical line where one exists; and ``country_of``, which guesses the country from the
user's IANA timezone (the tz database's zone.tab, read once from the ``tzdata`` package or the system's
zoneinfo) or else from the region in Telegram's ``language_code``. When the country is unknown the advice gives
112 (it reaches emergency services from mobile phones in many countries) and "your local emergency number".

Pure: no Telegram, no database, no clock; the only I/O is reading zone.tab and iso3166.tab once (cached).

Sources for the numbers (only numbers we are certain of are listed; anything else falls back to 112):
- European Commission, "112: the single European emergency number" (all EU member states), and
  116117 (ärztlicher Bereitschaftsdienst, 116117.de) for Germany's out-of-hours doctor.
- NHS, "When to use 111" / "When to go to A&E" (nhs.uk): 999 and NHS 111 in the UK.
- HSE (hse.ie): 112 or 999 in Ireland.
- healthdirect Australia (healthdirect.gov.au): 000, and healthdirect on 1800 022 222.
- Health New Zealand (info.health.nz): 111, and Healthline on 0800 611 116.
- Provincial health services of Canada: 911, and 811 for health advice.
- Wikipedia, "List of emergency telephone numbers" (en.wikipedia.org), for the others: US 911, MX 911,
  BR 192 (SAMU), JP 119, KR 119, TW 119, CN 120, HK 999, SG 995, IL 101 (Magen David Adom), IN 112, RU 112,
  UA 112, TR 112, IS 112, CH 144, NO 113, ZA 112 from a mobile and 10177 from a landline.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from locales import N_, _

#: The number given when the country is unknown (works from GSM mobiles in most countries).
FALLBACK_EMERGENCY = "112"
#: Where to go when we name no country-specific place.
NEAREST_DEPARTMENT = N_("the nearest emergency department")


@dataclass(frozen=True)
class EmergencyNumbers:
    """What to tell a user to call: ``emergency`` first, ``non_emergency`` (a medical line) when one exists."""

    country: str | None  # ISO 3166 alpha-2, or None when unknown
    emergency: str  # the number to call in a medical emergency
    non_emergency: str | None  # the medical helpline for urgent but not life-threatening problems
    known: bool  # False: the country is unknown or not in the table, texts add "or your local emergency number"
    emergency_spoken: str = ""  # how to say the emergency number(s), e.g. "112 or 999"; default: the number
    non_emergency_spoken: str = ""  # e.g. "healthdirect on 1800 022 222"; default: the number
    department: str = NEAREST_DEPARTMENT  # where to go: "A&E", "the emergency room"

    @property
    def emergency_call(self) -> str:
        """The emergency number(s) as the advice says them."""
        return _(self.emergency_spoken) if self.emergency_spoken else self.emergency

    @property
    def non_emergency_call(self) -> str | None:
        """The non-emergency line as the advice says it, or None when the country has none we list."""
        if self.non_emergency is None:
            return None
        return _(self.non_emergency_spoken) if self.non_emergency_spoken else self.non_emergency


def _country(
    code: str, emergency: str, non_emergency: str | None = None, *,
    emergency_spoken: str = "", non_emergency_spoken: str = "", department: str = NEAREST_DEPARTMENT,
) -> EmergencyNumbers:
    """One row of the table: a country we know."""
    return EmergencyNumbers(code, emergency, non_emergency, True, emergency_spoken, non_emergency_spoken, department)


#: EU member states: 112 (European Commission). Germany is listed separately for its 116117 line.
_EU_112 = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "GR", "HU", "IT", "LV", "LT", "LU",
           "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")

EMERGENCY_TABLE: tuple[EmergencyNumbers, ...] = (
    _country("GB", "999", "111", department=N_("A&E")),
    _country("IE", "112", emergency_spoken=N_("112 or 999")),
    _country("US", "911", department=N_("the emergency room")),
    _country("CA", "911", "811", department=N_("the emergency room")),  # 811: health advice in most provinces
    _country("AU", "000", "1800 022 222", non_emergency_spoken=N_("healthdirect on 1800 022 222")),
    _country("NZ", "111", "0800 611 116", non_emergency_spoken=N_("Healthline on 0800 611 116")),
    _country("DE", "112", "116117"),
    *(_country(code, "112") for code in _EU_112),
    _country("IS", "112"),
    _country("NO", "113"),
    _country("CH", "144"),
    _country("TR", "112"),
    _country("IN", "112"),
    _country("RU", "112"),
    _country("UA", "112"),
    _country("MX", "911"),
    _country("BR", "192"),
    _country("JP", "119"),
    _country("KR", "119"),
    _country("TW", "119"),
    _country("CN", "120"),
    _country("HK", "999"),
    _country("SG", "995"),
    _country("IL", "101"),
    _country("ZA", "112", emergency_spoken=N_("112 from a mobile (10177 from a landline)")),
)

#: Country code -> its numbers (one row per country: the tests check EMERGENCY_TABLE lists none twice).
NUMBERS_BY_COUNTRY: Mapping[str, EmergencyNumbers] = {entry.country or "": entry for entry in EMERGENCY_TABLE}


def numbers_for(country: str | None) -> EmergencyNumbers:
    """The numbers for ``country`` (ISO alpha-2, any case); 112 and ``known=False`` when not in the table."""
    code = country.upper() if country else None
    if code is not None and code in NUMBERS_BY_COUNTRY:
        return NUMBERS_BY_COUNTRY[code]
    return EmergencyNumbers(code, FALLBACK_EMERGENCY, None, known=False)


def country_of(timezone: str | None, language_code: str | None) -> str | None:
    """The user's country: from the IANA timezone when the tz database names one, else from the region of the
    language code (``en-GB`` -> GB, ``pt-br`` -> BR). A bare language (``en``) or anything unknown gives None.

    Only canonical zone names are looked up (zone.tab): a legacy alias such as ``Iceland`` links to another
    country's zone in the tz data, so following links could name the wrong country.
    """
    if timezone:
        from_zone = _zone_countries().get(timezone.strip())
        if from_zone is not None:
            return from_zone
    return _region_of(language_code)


def _region_of(language_code: str | None) -> str | None:
    """The ISO 3166 region subtag of a BCP 47 tag (``zh-hans-cn`` -> CN); None when it has none we know."""
    if not language_code:
        return None
    subtags = language_code.strip().replace("_", "-").split("-")[1:]
    region = next((tag.upper() for tag in subtags if len(tag) == 2 and tag.isalpha()), None)
    return region if region in _iso_countries() else None


@cache
def _zone_countries() -> Mapping[str, str]:
    """IANA zone name -> country code, from zone.tab (one country per zone)."""
    return {fields[2]: fields[0] for fields in _tab_rows("zone.tab") if len(fields) >= 3}


@cache
def _iso_countries() -> frozenset[str]:
    """The ISO 3166 alpha-2 codes the tz database knows (iso3166.tab)."""
    return frozenset(fields[0] for fields in _tab_rows("iso3166.tab") if fields)


def _tab_rows(name: str) -> Iterator[list[str]]:
    """The tab-separated rows of one of the tz database's tables, comments skipped."""
    text = _read_tz_table(name)
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _read_tz_table(name: str) -> str:
    """The table from the ``tzdata`` package, else from the system's zoneinfo; empty when neither has it."""
    try:
        return (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""
