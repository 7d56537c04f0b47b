"""Outcome measures: PEG-3 (pain and its interference) and the Patient-Specific Functional Scale (PSFS).

Programmes clinicians trust measure function over time, not only pain (issue 16). Both scales are public domain:
- **PEG-3** (Krebs et al., J Gen Intern Med 2009): pain on average, interference with enjoyment of life,
  interference with general activity, each 0-10 over the past week; the score is their mean. Asked at
  onboarding and with every Sunday summary.
- **PSFS** (Stratford et al., Physiotherapy Canada 1995): the user names up to three activities they find hard
  because of their back and rates each 0-10 (0 unable, 10 as before the problem); the score is their mean,
  higher is better. Optional; rated again every :data:`rules.PSFS_INTERVAL_DAYS` days.

Pure: scores in, decisions out. Whether function is improving compares the latest score with the first
(:func:`peg_trend`, :func:`psfs_trend`); the thresholds are named constants in ``coach.rules``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coach import rules
from locales import N_


class PegItem(StrEnum):
    PAIN = "peg_pain"
    ENJOYMENT = "peg_enjoyment"
    ACTIVITY = "peg_activity"


@dataclass(frozen=True)
class ScaleQuestion:
    item: PegItem
    text: str
    low: str  # what 0 means
    high: str  # what 10 means


#: The PEG-3 questions, worded as published (Krebs 2009), in order.
PEG_QUESTIONS: tuple[ScaleQuestion, ...] = (
    ScaleQuestion(PegItem.PAIN, N_("What number best describes your pain on average in the past week?"),
                  N_("no pain"), N_("pain as bad as you can imagine")),
    ScaleQuestion(PegItem.ENJOYMENT,
                  N_("What number best describes how, during the past week, pain has interfered with your "
                  "enjoyment of life?"), N_("does not interfere"), N_("completely interferes")),
    ScaleQuestion(PegItem.ACTIVITY,
                  N_("What number best describes how, during the past week, pain has interfered with your "
                  "general activity?"), N_("does not interfere"), N_("completely interferes")),
)

PSFS_MAX_ACTIVITIES = 3
PSFS_ACTIVITY_MAX_CHARS = 60  # a name, not a story: "sitting through a film", "lifting my child"
PSFS_ACTIVITY_MIN_LETTERS = 3  # "run" is an activity; "a" or "ok" is a stray key


class Trend(StrEnum):
    IMPROVING = "improving"
    SAME = "same"
    WORSE = "worse"
    UNKNOWN = "unknown"  # fewer than two scores


def mean(scores: Sequence[int]) -> float:
    """The scale's score: the mean of its items (PEG-3 and PSFS alike)."""
    if not scores:
        raise ValueError("a scale score needs at least one item")
    return sum(scores) / len(scores)


def _trend(first: float | None, latest: float | None, change: float, *, lower_is_better: bool) -> Trend:
    if first is None or latest is None:
        return Trend.UNKNOWN
    gain = (first - latest) if lower_is_better else (latest - first)
    if gain >= change:
        return Trend.IMPROVING
    return Trend.WORSE if gain <= -change else Trend.SAME


def peg_trend(first: float | None, latest: float | None) -> Trend:
    """PEG is lower when better; a change counts when it is at least ``PEG_MEANINGFUL_FRACTION`` of the first
    score and at least ``PEG_MEANINGFUL_POINTS`` (IMMPACT: a 30% reduction is moderately important)."""
    if first is None:
        return Trend.UNKNOWN
    change = max(rules.PEG_MEANINGFUL_POINTS, rules.PEG_MEANINGFUL_FRACTION * first)
    return _trend(first, latest, change, lower_is_better=True)


def psfs_trend(first: float | None, latest: float | None) -> Trend:
    """PSFS is higher when better; ``PSFS_MEANINGFUL_POINTS`` on the mean is a meaningful change."""
    return _trend(first, latest, rules.PSFS_MEANINGFUL_POINTS, lower_is_better=False)


def psfs_due(last_rated: date | None, today: date) -> bool:
    """Are the user's PSFS activities due to be rated again (every ``PSFS_INTERVAL_DAYS`` days)?"""
    return last_rated is None or today - last_rated >= timedelta(days=rules.PSFS_INTERVAL_DAYS)


def read_activity(text: str) -> str | None:
    """A named activity, tidied (spaces collapsed), or None when there is nothing readable in it: fewer than
    ``PSFS_ACTIVITY_MIN_LETTERS`` letters (only emoji, punctuation or a stray key) or longer than
    ``PSFS_ACTIVITY_MAX_CHARS``."""
    tidy = " ".join(text.split())
    letters = sum(1 for ch in tidy if ch.isalpha())
    if len(tidy) > PSFS_ACTIVITY_MAX_CHARS or letters < PSFS_ACTIVITY_MIN_LETTERS:
        return None
    return tidy
