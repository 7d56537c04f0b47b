"""The in-session stop rule (clinical.md section 4; article rule 2: exercises must not provoke pain).

Ordinary effort, or mild discomfort or a dull ache that fades, is fine. Stop the exercise if the pain is sharp
or shooting, spreads into a leg, climbs rep by rep, or is above 5/10: skip it for the rest of the session, use
its easier version next time (``progression.easier_next_time``), and tell the user what to do. Pain spreading
into a leg also triggers the red-flag re-check (``screening.PAIN_RECHECK_QUESTIONS``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from coach import rules


class PainKind(StrEnum):
    """How the user describes what they feel during an exercise."""

    NONE = "none"
    EFFORT = "effort"  # muscles working, mild discomfort
    DULL_ACHE_FADES = "dull_ache_fades"
    SHARP_OR_SHOOTING = "sharp_or_shooting"
    INTO_LEG = "into_leg"  # spreading into a leg


class Action(StrEnum):
    CONTINUE = "continue"
    STOP_EXERCISE = "stop_exercise"


class Advice(StrEnum):
    """Which fixed message to show (texts in ``ADVICE_TEXT``)."""

    CARRY_ON = "carry_on"
    STOP_SHARP = "stop_sharp"
    STOP_LEG = "stop_leg"
    STOP_TOO_HIGH = "stop_too_high"
    STOP_CLIMBING = "stop_climbing"


ADVICE_TEXT: Mapping[Advice, str] = {
    Advice.CARRY_ON: "That's normal effort. Carry on gently, and stop if it turns sharp or keeps rising.",
    Advice.STOP_SHARP: (
        "Stop this exercise now. Sharp or shooting pain is a sign to stop. We'll skip it for the rest of "
        "today and use an easier version next time. If it doesn't settle, ask your doctor or physio."
    ),
    Advice.STOP_LEG: (
        "Stop this exercise now. Pain spreading into your leg is a sign to stop. We'll skip it for the rest "
        "of today and I'll ask you a few safety questions. Next time we'll use an easier version."
    ),
    Advice.STOP_TOO_HIGH: (
        "Stop this exercise now: that is more pain than exercise should cause. We'll skip it for the rest "
        "of today and use an easier version next time. Rest, and ask your doctor or physio if it stays high."
    ),
    Advice.STOP_CLIMBING: (
        "Stop this exercise now: the pain is building with each rep. We'll skip it for the rest of today "
        "and use an easier version next time."
    ),
}


@dataclass(frozen=True)
class InSessionReport:
    """What the user reported during one exercise."""

    kind: PainKind
    score: int | None = None  # 0-10 now, if asked
    rep_scores: Sequence[int] = ()  # scores rep by rep, oldest first, if tracked


@dataclass(frozen=True)
class SafetyDecision:
    action: Action
    advice: Advice
    skip_rest_of_session: bool
    use_easier_next_time: bool
    recheck_red_flags: bool

    @property
    def text(self) -> str:
        return ADVICE_TEXT[self.advice]


CONTINUE = SafetyDecision(Action.CONTINUE, Advice.CARRY_ON, False, False, False)


def _stop(advice: Advice, recheck: bool = False) -> SafetyDecision:
    return SafetyDecision(Action.STOP_EXERCISE, advice, True, True, recheck)


def is_climbing(rep_scores: Sequence[int]) -> bool:
    """True when the last ``CLIMBING_RISES_TO_STOP`` rep-to-rep changes were all rises."""
    needed = rules.CLIMBING_RISES_TO_STOP
    tail = list(rep_scores)[-(needed + 1) :]
    return len(tail) == needed + 1 and all(b > a for a, b in pairwise(tail))


def assess_in_session(report: InSessionReport) -> SafetyDecision:
    """Apply the stop rule to one in-session report. Leg pain is checked first (it also re-checks red flags)."""
    if report.kind is PainKind.INTO_LEG:
        return _stop(Advice.STOP_LEG, recheck=True)
    if report.kind is PainKind.SHARP_OR_SHOOTING:
        return _stop(Advice.STOP_SHARP)
    scores = [*report.rep_scores, *([report.score] if report.score is not None else [])]
    if any(s > rules.IN_SESSION_STOP_ABOVE for s in scores):
        return _stop(Advice.STOP_TOO_HIGH)
    if is_climbing(report.rep_scores):
        return _stop(Advice.STOP_CLIMBING)
    return CONTINUE
