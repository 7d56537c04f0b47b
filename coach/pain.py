"""The 0-10 pain scale (clinical.md section 3).

0 = no pain, 10 = worst imaginable, whole numbers only. Users answer with buttons or type a number; this module
reads what they typed (``parse_pain_score`` / ``pain_score_problem``) and says whether a change from a baseline
is meaningful (Ostelo et al., Spine 2008).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach import rules
from locales import N_, _

_WORDS = {
    "zero": 0,
    "none": 0,
    "no pain": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_NUMBER = r"(-?\d+(?:[.,]\d+)?|[a-z]+(?: pain)?)"
_PATTERN = re.compile(rf"^{_NUMBER}(?:\s*(?:/|out of|of)\s*(10|ten))?$")
#: Words people put before a score ("about 7", "it's a 6", "maybe 5/10"): dropped, the score is read as typed.
_HEDGE_WORDS = r"about|around|roughly|approximately|approx\.?|maybe|probably|like|it's|its|it is|a|an"
_HEDGE = re.compile(rf"^(?:(?:{_HEDGE_WORDS})\s+)+")

EXAMPLE = N_("Send a whole number from 0 (no pain) to 10 (worst imaginable), for example 3.")


@dataclass(frozen=True)
class PainReading:
    """The result of reading a typed score: either ``score`` or a ``problem`` the UI can show."""

    score: int | None
    problem: str | None


def read_pain_score(text: str) -> PainReading:
    """Read '7', ' 7 ', '7/10', 'seven', '7 out of 10', 'about 7'; refuse anything else with a plain reason."""
    cleaned = _HEDGE.sub("", " ".join(text.strip().lower().replace("\u2019", "'").rstrip(".!").split()))
    match = _PATTERN.match(cleaned)
    unreadable = PainReading(None, _("I could not read that as a pain score. {example}").format(example=_(EXAMPLE)))
    if not cleaned or match is None:
        return unreadable
    token = match.group(1)
    if token in _WORDS:
        return PainReading(_WORDS[token], None)
    if not re.fullmatch(r"-?\d+(?:[.,]\d+)?", token):
        return unreadable
    if re.search(r"[.,]", token):
        return PainReading(None, _("Please use a whole number. {example}").format(example=_(EXAMPLE)))
    value = int(token)
    if not rules.PAIN_MIN <= value <= rules.PAIN_MAX:
        scale = _("The scale goes from {low} to {high}. {example}")
        return PainReading(None, scale.format(low=rules.PAIN_MIN, high=rules.PAIN_MAX, example=_(EXAMPLE)))
    return PainReading(value, None)


def parse_pain_score(text: str) -> int | None:
    """The score in ``text``, or None when it is not a valid 0-10 score (see ``pain_score_problem``)."""
    return read_pain_score(text).score


def pain_score_problem(text: str) -> str | None:
    """Why ``text`` is not a valid score, in words for the user; None when it is valid."""
    return read_pain_score(text).problem


def still_current(given_at: datetime, now: datetime) -> bool:
    """Does a pain score given at ``given_at`` still stand as the pain right now (a session's start)?"""
    return timedelta(0) <= now - given_at <= rules.ONBOARDING_PAIN_STILL_CURRENT


def meaningful_change_threshold(baseline: float) -> float:
    """The smallest change from ``baseline`` that counts: 2 points or 30%, 1 point at a baseline of 4 or less."""
    if baseline <= rules.LOW_BASELINE_MAX:
        return rules.LOW_BASELINE_CHANGE_POINTS
    return min(rules.MEANINGFUL_CHANGE_POINTS, rules.MEANINGFUL_CHANGE_FRACTION * baseline)


def is_meaningful_change(baseline: float, now: float) -> bool:
    """True when the change from ``baseline`` to ``now`` (either way) is meaningful (Ostelo et al., 2008)."""
    return abs(now - baseline) >= meaningful_change_threshold(baseline)


def is_meaningful_improvement(baseline: float, now: float) -> bool:
    """True when pain fell by a meaningful amount."""
    return now < baseline and is_meaningful_change(baseline, now)
