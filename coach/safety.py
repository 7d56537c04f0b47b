"""The in-session pain rule (clinical.md section 4; article rule 2: exercises must not provoke pain).

"It hurts" stops the exercise in hand at once. What happens next is a clinical decision, made here and never
in a handler (``assess_in_session``):

- **End the session** (``Action.END_SESSION``): sharp or shooting pain, pain going into a leg, numbness or
  tingling, or a score of ``rules.IN_SESSION_END_AT`` (7) or more. The advice says stop, rest and what to
  watch for. Pain into a leg and numbness also bring the cauda equina questions
  (``screening.PAIN_RECHECK_QUESTIONS``) and count as leg symptoms for the traffic light (``LEG_SYMPTOM_KINDS``).
- **Stop this exercise, the session may go on** (``Action.STOP_EXERCISE``): a dull ache under 7 but above
  ``rules.IN_SESSION_STOP_ABOVE``, or pain that climbs rep by rep.
- **Carry on** (``Action.CONTINUE``): effort, or a milder dull ache. After "It hurts" that exercise is still
  left for the rest of the day; the session goes on.

When the session goes on, ``easier_version_today`` picks the easier neighbour to offer: never an exercise
already in one of today's sessions (done, planned or added earlier), since doing it again is no easier.

``after_session_checkin`` says what the check-in right after a session asks. A score given during "It hurts"
is never asked again: the worst of those scores is the session's worst pain during, and the check-in asks
only what is missing. So:

- a score was given during the session: the worst is known; only "pain right now" is asked;
- no score was given (none asked, or the user skipped it): "worst pain during", then "pain right now".

The same holds when the session ended for pain, and "pain right now" is always asked then too: it is what the
user feels after stopping and resting, the one number that says whether the pain is settling, and it makes the
session red when it is high. A session that ended for pain with its score skipped is asked for its worst pain
once: a skipped score was never given, and the traffic light must not judge such a session on "pain right
now" alone (the user's safety side: with no worst pain, a session that ended for sharp pain could pass as
green).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from coach import rules
from coach.catalogue import Catalogue, load_catalogue
from coach.records import CheckinContext
from locales import N_, _


class PainKind(StrEnum):
    """How the user describes what they feel during an exercise (stored with the exercise's result)."""

    NONE = "none"
    EFFORT = "effort"  # muscles working, mild discomfort
    DULL_ACHE_FADES = "dull_ache_fades"  # "a dull ache"
    SHARP_OR_SHOOTING = "sharp_or_shooting"
    INTO_LEG = "into_leg"  # pain going into a leg
    NUMBNESS = "numbness_or_tingling"


class Action(StrEnum):
    CONTINUE = "continue"
    STOP_EXERCISE = "stop_exercise"
    END_SESSION = "end_session"


class Advice(StrEnum):
    """Which fixed message to show (texts in ``ADVICE_TEXT``)."""

    CARRY_ON = "carry_on"
    STOP_TOO_HIGH = "stop_too_high"
    STOP_CLIMBING = "stop_climbing"
    END_SHARP = "end_sharp"
    END_LEG = "end_leg"
    END_NUMBNESS = "end_numbness"
    END_TOO_HIGH = "end_too_high"


#: Kinds that end the session whatever the score.
END_KINDS: frozenset[PainKind] = frozenset({PainKind.SHARP_OR_SHOOTING, PainKind.INTO_LEG, PainKind.NUMBNESS})
#: Kinds that bring the cauda equina questions and count as leg symptoms (clinical.md sections 2 and 4).
LEG_SYMPTOM_KINDS: frozenset[PainKind] = frozenset({PainKind.INTO_LEG, PainKind.NUMBNESS})

_END_SESSION = N_("Stop this exercise now, and let's end today's session here.")
_REST = N_("Rest in a position that feels comfortable; gentle walking is fine once it settles.")
_WATCH_FOR = (
    N_("Get emergency care at once if you notice new trouble passing urine or controlling your bowels, numbness "
    "around your genitals or back passage, or a leg getting weak: don't wait to see if it passes.")
)

ADVICE_TEXT: Mapping[Advice, str] = {
    Advice.CARRY_ON: N_("That's normal effort. Carry on gently, and stop if it turns sharp or keeps rising."),
    Advice.STOP_TOO_HIGH: (
        N_("Stop this exercise now: that is more pain than exercise should cause. We'll leave it for the rest "
        "of today and use an easier version next time. If the pain keeps rising, end the session and rest.")
    ),
    Advice.STOP_CLIMBING: (
        N_("Stop this exercise now: the pain is building with each rep. We'll skip it for the rest of today "
        "and use an easier version next time.")
    ),
    Advice.END_SHARP: (
        N_("{end} Sharp or shooting pain is a sign to stop. {rest} Next time we'll use an easier "
           "version. If the pain doesn't settle, please check with your doctor or physio.\n\n{watch_for}")
    ),
    Advice.END_LEG: (
        N_("{end} Pain going into your leg is a sign to stop. {rest} Next time we'll use an easier version.")
    ),
    Advice.END_NUMBNESS: (
        N_("{end} Numbness or tingling is a sign to stop. {rest} Next time we'll use an easier version.")
    ),
    Advice.END_TOO_HIGH: (
        N_("{end} That is more pain than exercise should cause. {rest} Next time we'll use an easier "
           "version. If the pain stays high, please check with your doctor or physio.\n\n{watch_for}")
    ),
}


def advice_text(advice: Advice) -> str:
    """The advice in the user's language, the endings' shared sentences filled in."""
    return _(ADVICE_TEXT[advice]).format(end=_(_END_SESSION), rest=_(_REST), watch_for=_(_WATCH_FOR))

_END_ADVICE: Mapping[PainKind, Advice] = {
    PainKind.SHARP_OR_SHOOTING: Advice.END_SHARP,
    PainKind.INTO_LEG: Advice.END_LEG,
    PainKind.NUMBNESS: Advice.END_NUMBNESS,
}


@dataclass(frozen=True)
class InSessionReport:
    """What the user reported during one exercise."""

    kind: PainKind
    score: int | None = None  # 0-10 now, if asked
    rep_scores: Sequence[int] = ()  # scores rep by rep, oldest first, if tracked

    @property
    def scores(self) -> list[int]:
        """Every score in the report, rep by rep and then the one given now."""
        return [*self.rep_scores, *([self.score] if self.score is not None else [])]


@dataclass(frozen=True)
class SafetyDecision:
    action: Action
    advice: Advice
    skip_rest_of_session: bool  # the exercise is left for the rest of today
    use_easier_next_time: bool
    recheck_red_flags: bool  # ask the cauda equina questions

    @property
    def ends_session(self) -> bool:
        return self.action is Action.END_SESSION

    @property
    def text(self) -> str:
        return advice_text(self.advice)


CONTINUE = SafetyDecision(Action.CONTINUE, Advice.CARRY_ON, False, False, False)


def _stop(advice: Advice) -> SafetyDecision:
    return SafetyDecision(Action.STOP_EXERCISE, advice, True, True, False)


def _end(advice: Advice, recheck: bool = False) -> SafetyDecision:
    return SafetyDecision(Action.END_SESSION, advice, True, True, recheck)


def is_climbing(rep_scores: Sequence[int]) -> bool:
    """True when the last ``CLIMBING_RISES_TO_STOP`` rep-to-rep changes were all rises."""
    needed = rules.CLIMBING_RISES_TO_STOP
    tail = list(rep_scores)[-(needed + 1) :]
    return len(tail) == needed + 1 and all(b > a for a, b in pairwise(tail))


def assess_in_session(report: InSessionReport) -> SafetyDecision:
    """Apply the in-session rule to one report: end the session, stop this exercise, or carry on."""
    if report.kind in _END_ADVICE:
        return _end(_END_ADVICE[report.kind], recheck=report.kind in LEG_SYMPTOM_KINDS)
    if any(s >= rules.IN_SESSION_END_AT for s in report.scores):
        return _end(Advice.END_TOO_HIGH)
    if any(s > rules.IN_SESSION_STOP_ABOVE for s in report.scores):
        return _stop(Advice.STOP_TOO_HIGH)
    if is_climbing(report.rep_scores):
        return _stop(Advice.STOP_CLIMBING)
    return CONTINUE


def is_leg_symptom(kind: str | None) -> bool:
    """Pain into a leg, or numbness or tingling: the cauda equina questions, and leg symptoms for the check-in."""
    return kind in LEG_SYMPTOM_KINDS


def easier_version_today(
    exercise_id: str, used_today: Collection[str], catalogue: Catalogue | None = None
) -> str | None:
    """The easier neighbour of ``exercise_id`` to offer now, or None (then: the next exercise, or the end).

    ``used_today`` holds every exercise in the user's sessions of the day (done, planned or added): none of
    them is offered again (clinical.md section 4: "its easier version, if not already done today").
    """
    cards = catalogue or load_catalogue()
    if exercise_id not in cards:
        return None
    return next((e for e in cards[exercise_id].easier if e in cards and e not in used_today), None)


@dataclass(frozen=True)
class AfterSessionCheckin:
    """What the check-in right after a session knows already and what it still asks, in order."""

    known_worst: int | None
    questions: tuple[CheckinContext, ...]


def after_session_checkin(in_session_scores: Sequence[int]) -> AfterSessionCheckin:
    """The check-in after a session, given the scores the user gave during it (see the module docstring)."""
    if in_session_scores:
        return AfterSessionCheckin(max(in_session_scores), (CheckinContext.AFTER,))
    return AfterSessionCheckin(None, (CheckinContext.WORST_DURING, CheckinContext.AFTER))
