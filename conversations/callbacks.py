"""Callback data: short strings prefixed by flow (`sess:done:12:3`), built and checked in this one place.

Never trust what comes back. Every button the bot makes has a declared **shape** here (`SHAPES`: its flow,
its action and a typed field per argument: a pain score 0-10, a list index within its list, a database id, one
of a few words), and `make` refuses to build a button that does not fit its shape. `parse` returns None for
anything that does not fit: malformed data, an unknown flow or action, a wrong number of arguments, a number
that is not a plain decimal (`--4`, `+3`), or one out of its range (`pain:score:99`, `pain:rf:99:no`). So a
forged or corrupted press never reaches a flow: `pattern` (what every `CallbackQueryHandler` matches on) takes
only data that fits, and the press falls through to `conversations.common`'s polite "no longer valid" answer.
What fits is still checked by the flow against the database (the session is the user's, of today, at that
item). Nothing here logs the data it refuses.
Telegram allows at most 64 bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from coach import rules
from coach.equipment import Kit
from coach.lessons import LESSONS
from coach.measures import PEG_QUESTIONS, PSFS_MAX_ACTIVITIES
from coach.screening import CHECKLIST, PAIN_RECHECK_QUESTIONS, RED_FLAG_QUESTIONS, Answer
from locales import Language

SEPARATOR = ":"
MAX_BYTES = 64
_PART = re.compile(r"^[A-Za-z0-9_.+-]*$")
#: How many parsed callback data strings are kept: a press is parsed by every button handler's pattern until one
#: matches, then by the handler; the parse of a string never changes (64 bytes at most, so this stays small).
PARSED_KEPT = 4096
#: The largest id a BIGINT column holds.
MAX_ID = 2**63 - 1


class Prefix(StrEnum):
    """The flow part of callback data."""

    SESSION = "sess"
    CHECKIN = "chk"
    FLARE = "pain"
    ONBOARDING = "ob"
    SETTINGS = "set"
    DELETE = "del"
    REMINDERS = "rem"
    LESSONS = "learn"
    MEASURES = "meas"
    LANGUAGE = "lang"


@dataclass(frozen=True)
class Int:
    """A plain decimal number (digits only) from ``low`` to ``high``."""

    low: int
    high: int

    def fits(self, text: str) -> bool:
        if not (text.isascii() and text.isdigit()) or len(text) > len(str(self.high)):
            return False
        return self.low <= int(text) <= self.high


@dataclass(frozen=True)
class Word:
    """One of a fixed set of words."""

    words: frozenset[str]

    def fits(self, text: str) -> bool:
        return text in self.words


@dataclass(frozen=True)
class Token:
    """Text of a given form (its meaning is checked by the flow, e.g. a zone name against the tz database)."""

    form: re.Pattern[str]

    def fits(self, text: str) -> bool:
        return self.form.fullmatch(text) is not None


Field = Int | Word | Token


def words(*choices: str) -> Word:
    return Word(frozenset(choices))


ID = Int(1, MAX_ID)
#: An account stamp, or a red flag's id (0: a screening outcome with no flag row of its own).
STAMP = Int(0, MAX_ID)
SCORE = Int(rules.PAIN_MIN, rules.PAIN_MAX)
#: A position in a session's plan (warm-up, exercises and easier versions: far fewer than this).
INDEX = Int(0, 63)
RECHECK = Int(0, len(PAIN_RECHECK_QUESTIONS) - 1)
LEVEL = Int(rules.LEVEL_MIN, rules.LEVEL_LOCKED)
WEEKDAY = Int(0, 6)
ANSWER = words(*(answer.value for answer in Answer))
YES_NO = words("yes", "no")
HHMM = Token(re.compile(r"([01][0-9]|2[0-3])[0-5][0-9]"))
YYYYMMDD = Token(re.compile(r"[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])"))
ZONE = Token(re.compile(r"[A-Za-z0-9_+-]{1,30}(\.[A-Za-z0-9_+-]{1,30}){0,2}"))
SCREENING_QUESTION = words(*(question.id for question in RED_FLAG_QUESTIONS))
CHECKLIST_ITEM = words(*(question.id for question in CHECKLIST))
KIT = words(*(kit.value for kit in Kit))
LESSON = words(*(lesson.id for lesson in LESSONS))
#: A check-up round: when it began, in whole seconds since the epoch.
ROUND = Int(0, MAX_ID)
MEASURE_ITEM = Int(0, max(len(PEG_QUESTIONS), PSFS_MAX_ACTIVITIES) - 1)

#: The schedule pickers' buttons, shared by onboarding and /settings (``conversations.schedule_pickers``).
_PICKERS: dict[str, tuple[Field, ...]] = {
    "day": (WEEKDAY,), "days": (words("ok", "more", "keep"),), "time": (HHMM,), "tz": (ZONE,), "zok": (YES_NO,),
    "kit": (KIT,), "kitend": (words("none", "done"),),
}
#: Every button the bot makes: flow -> action -> its arguments' fields.
SHAPES: Mapping[Prefix, Mapping[str, tuple[Field, ...]]] = {
    Prefix.SESSION: {
        "start": (), "extra": (), "rest": (), "cont": (ID,), "new": (ID,), "short": (ID,), "end": (ID,),
        "before": (ID, SCORE), "done": (ID, INDEX), "skip": (ID, INDEX), "hurt": (ID, INDEX),
        "timer": (ID, INDEX), "hskip": (ID, INDEX), "easier": (ID, INDEX), "next": (ID, INDEX),
        "kind": (ID, INDEX, words("dull", "sharp", "leg", "numb")), "hscore": (ID, INDEX, SCORE),
        "rf": (ID, INDEX, RECHECK, ANSWER),
    },
    Prefix.CHECKIN: {
        "worst": (ID, SCORE), "now": (ID, SCORE), "fu": (ID, words("yes", "nq", "worse")), "fus": (ID, SCORE),
    },
    Prefix.FLARE: {"score": (SCORE,), "rf": (RECHECK, ANSWER), "rest": (), "rscore": (SCORE,)},
    Prefix.ONBOARDING: {
        "doc": (YES_NO,), "clr": (YES_NO, STAMP), "q": (SCREENING_QUESTION, ANSWER),
        "rf": (CHECKLIST_ITEM,), "rfend": (words("none", "done"),), "pain": (SCORE,),
        "exp": (words("new", "some", "regular"),), "ready": (words("later"),), **_PICKERS,
    },
    Prefix.SETTINGS: {
        "menu": (words("days", "time", "zone", "kit", "close"),), "rem": (words("on", "off"),), "doc": (words("yes"),),
        **_PICKERS,
    },
    Prefix.DELETE: {"yes": (ID, STAMP), "no": (ID, STAMP)},
    Prefix.REMINDERS: {
        "snooze": (YYYYMMDD,), "skip": (YYYYMMDD,), "l4": (YES_NO,), "lvl": (LEVEL, LEVEL, YES_NO), "doc": (YES_NO,),
    },
    Prefix.LESSONS: {"open": (LESSON,), "more": (LESSON,), "got": (LESSON,)},
    Prefix.MEASURES: {
        "go": (), "peg": (ROUND, MEASURE_ITEM, SCORE), "rate": (ROUND, MEASURE_ITEM, SCORE),
        "skip": (ROUND, MEASURE_ITEM),
    },
    Prefix.LANGUAGE: {"set": (words(*(language.value for language in Language)),)},
}


@dataclass(frozen=True)
class Callback:
    """A parsed button press that fits its shape: which flow, which action, and its arguments."""

    flow: str
    action: str
    args: tuple[str, ...] = ()

    def int_arg(self, index: int) -> int | None:
        """Argument `index` as a whole number, or None if missing or not a plain decimal number."""
        text = self.arg(index)
        return int(text) if text is not None and text.isascii() and text.isdigit() else None

    def arg(self, index: int) -> str | None:
        """Argument `index`, or None if missing."""
        return self.args[index] if 0 <= index < len(self.args) else None


def _fields(flow: str, action: str) -> tuple[Field, ...] | None:
    try:
        return SHAPES[Prefix(flow)].get(action)
    except ValueError:
        return None


def fits(flow: str, action: str, args: tuple[str, ...]) -> bool:
    """Whether the arguments fit the declared shape of ``flow``'s button ``action``."""
    fields = _fields(flow, action)
    return fields is not None and len(fields) == len(args) and all(f.fits(a) for f, a in zip(fields, args, strict=True))


def make(flow: str, action: str, *args: object) -> str:
    """The callback data of a button (ValueError if it does not fit its declared shape or 64 bytes)."""
    parts = [flow, action, *(str(a) for a in args)]
    if not all(_PART.match(part) for part in parts):
        raise ValueError(f"callback parts may use letters, digits and _.+- only: {parts}")
    if not fits(flow, action, tuple(parts[2:])):
        raise ValueError(f"callback data does not fit the shape declared in conversations.callbacks: {parts}")
    data = SEPARATOR.join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data longer than {MAX_BYTES} bytes: {data}")
    return data


def parse(data: object) -> Callback | None:
    """The button press, or None if the data is not ours, is malformed or does not fit its shape."""
    return _parse(data) if isinstance(data, str) else None


@lru_cache(maxsize=PARSED_KEPT)
def _parse(data: str) -> Callback | None:
    """:func:`parse` of a string: a pure function of it, so kept (every handler's pattern asks again)."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(SEPARATOR)
    if len(parts) < 2 or not all(_PART.match(part) for part in parts):
        return None
    flow, action, args = parts[0], parts[1], tuple(parts[2:])
    return Callback(flow=flow, action=action, args=args) if fits(flow, action, args) else None


@dataclass(frozen=True)
class Matcher:
    """A `CallbackQueryHandler` pattern: presses of one flow (optionally of some actions) that fit their shape."""

    flow: str
    actions: frozenset[str]

    def __call__(self, data: object) -> bool:
        press = parse(data)
        return press is not None and press.flow == self.flow and (not self.actions or press.action in self.actions)


def pattern(flow: str, *actions: str) -> Matcher:
    """The pattern matching the valid presses of ``flow`` (and, if given, only of ``actions``)."""
    return Matcher(flow, frozenset(actions))
