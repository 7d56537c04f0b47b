"""The user's language: BackCoach's gettext catalogues (through Babel) and the locale of the user being answered.

English is the source language: every user-facing string is written in English in its flow's texts module
(or in ``coach/``, ``coach/catalogue.toml``) and marked for extraction (``N_`` where it is defined,
:func:`_` / :func:`ngettext` where it is rendered); ``python -m locales.extract`` collects them into
``locales/messages.pot`` and each language's translations live in ``locales/<lang>/LC_MESSAGES/messages.po``.
The ``.po`` files are compiled at first use (Babel's ``read_po`` and ``write_mo``), so a fresh clone needs no
build step and no binary sits in git. The compiled ``.mo`` is kept in ``locales/.compiled/`` (git-ignored),
named by a hash of its ``.po``, so the next process start reads it instead of compiling again (a tenth of a
second per start); an edited ``.po`` has a new hash and is compiled afresh. Where that folder cannot be
written (a read-only install) the catalogue is compiled in memory, as before.

Whose language: a :class:`~contextvars.ContextVar` holds the locale of the user being answered. It is set
once per update (``conversations.language``, before any flow) and once per reminder (``bot.scheduler``), so
every render below looks it up with no locale passed around. Translation happens at render time and always
returns a real ``str`` (Telegram's keyboards are serialised to JSON).
"""

from __future__ import annotations

import gettext
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date, get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol

#: Where the catalogues live: ``messages.pot`` and ``<lang>/LC_MESSAGES/messages.po``.
LOCALES_DIR = Path(__file__).resolve().parent
DOMAIN = "messages"


class Language(StrEnum):
    """The languages BackCoach speaks (ISO 639-1 codes); English is the source and the default."""

    EN = "en"
    ES = "es"
    DE = "de"
    RU = "ru"


DEFAULT = Language.EN
#: Each language in its own name, as the /language buttons show it.
NATIVE_NAMES: dict[Language, str] = {
    Language.EN: "English",
    Language.ES: "Español",
    Language.DE: "Deutsch",
    Language.RU: "Русский",
}

_CURRENT: ContextVar[Language] = ContextVar("backcoach_language", default=DEFAULT)


def language_of(code: str | None) -> Language:
    """The language for a Telegram ``language_code`` (or a stored one): ``es-MX`` -> es, ``de_AT`` -> de;
    anything unknown or missing -> English."""
    base = (code or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return next((language for language in Language if language.value == base), DEFAULT)


def current() -> Language:
    """The language of the user being answered."""
    return _CURRENT.get()


def set_current(language: Language) -> None:
    """Answer in ``language`` from here on in this context (one update's task, or one reminder)."""
    _CURRENT.set(language)


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Answer in ``language`` inside the block, then go back to the language before it."""
    token = _CURRENT.set(language)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def catalogue_path(language: Language) -> Path:
    """The ``.po`` file of ``language``."""
    return LOCALES_DIR / language.value / "LC_MESSAGES" / f"{DOMAIN}.po"


#: Where compiled catalogues are kept between process starts (git-ignored), one ``<lang>-<hash>.mo`` each.
COMPILED_DIR = LOCALES_DIR / ".compiled"


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """The compiled translations of ``language`` (English, or a missing catalogue: the source unchanged)."""
    path = catalogue_path(language)
    if language is DEFAULT or not path.exists():
        return gettext.NullTranslations()
    source = path.read_bytes()
    kept = COMPILED_DIR / f"{language.value}-{hashlib.sha256(source).hexdigest()[:16]}.mo"
    try:
        return gettext.GNUTranslations(BytesIO(kept.read_bytes()))
    except OSError:
        pass  # not compiled yet (or unreadable): compile it now
    compiled = _compile(source, language)
    _keep(kept, compiled)
    return gettext.GNUTranslations(BytesIO(compiled))


def _compile(source: bytes, language: Language) -> bytes:
    catalog = read_po(BytesIO(source), locale=language.value, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


def _keep(kept: Path, compiled: bytes) -> None:
    """Write the compiled catalogue for the next start (atomically: another process may read it at once) and
    drop older compilations of that language; silently nothing where the folder cannot be written."""
    try:
        kept.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=kept.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(compiled)
        os.replace(temporary, kept)
        for old in kept.parent.glob(f"{kept.name.split('-', 1)[0]}-*.mo"):
            if old != kept:
                old.unlink(missing_ok=True)
    except OSError:
        return


def _(message: str) -> str:
    """``message`` (an English source string from the catalogue) in the current user's language."""
    return translations(current()).gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form (by the current language's plural rules) for ``count``."""
    return translations(current()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; it is translated where it is shown (:func:`_`)."""
    return message


def in_sentence(label: str) -> str:
    """A label (a button's, a list item's) inside a sentence: its first letter in lower case, the rest as the
    language writes it ("Dumbbells" -> "dumbbells", German "Dumpfer Schmerz" -> "dumpfer Schmerz")."""
    return label[:1].lower() + label[1:]


def format_day(day: date, pattern: str) -> str:
    """A date in the current language (a CLDR ``pattern``: "d MMM y" is "4 Dec 2026", "4 дек. 2026"...)."""
    return format_date(day, pattern, locale=current().value)


def day_name(weekday: int, *, short: bool = False) -> str:
    """A weekday (0 = Monday) in the current language: "Monday", or short as on a button ("Mon", "Пн")."""
    names = get_day_names("abbreviated" if short else "wide", context="format", locale=current().value)
    name = str(names[weekday])
    return name[:1].upper() + name[1:] if short else name


@dataclass(frozen=True)
class Number:
    """A number that a message formats in the current language: with ``{score:.1f}`` in the message it reads
    "3.5" in English and "3,5" in Spanish, German and Russian (the digits are Python's, the decimal sign the
    language's; scores here stay far below a thousand, so no grouping)."""

    value: float

    def __format__(self, spec: str) -> str:
        return format(self.value, spec).replace(".", get_decimal_symbol(current().value))
