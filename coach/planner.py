"""The session planner: what to do today (clinical.md sections 1, 5 and 6).

``plan_session(profile, progress, today)`` gives the warm-up first (article rule 4, about 5 minutes), then one
exercise per slot for the user's level at today's dose, with an estimated duration. ``minimum=True`` gives the
5-minute minimum session that still counts on a busy day. While a /pain pause is on, or while the doctor check
is still open (article rule 1), or at level 0 (after stepping down from level 1), the plan is the gentle
session: the warm-up level only. A red flag not yet cleared by a clinician locks the programme
(``ProgrammeLocked``). ``avoid`` leaves out exercises that hurt earlier today (clinical.md section 4: such an
exercise is skipped for the rest of the day), with nothing harder put in their place.

Inside a slot there may be several tracks (e.g. drawing-in, curl-up, front plank); the slot shows the track
done least recently, so the work rotates. Everything depends only on the inputs: same inputs, same plan.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date

from coach import rules
from coach.catalogue import SESSION_SLOTS, Catalogue, Exercise, Slot, load_catalogue
from coach.dose import Dose, rung_index
from coach.equipment import lacks
from coach.records import ExerciseProgress, Profile, SessionKind
from coach.screening import Access, Decision


class ProgrammeLocked(Exception):
    """No exercises at all: a red flag is open until a clinician clears exercise (clinical.md section 2)."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(f"programme locked by screening outcome {decision.name}")
        self.decision = decision


@dataclass(frozen=True)
class PlanItem:
    exercise: Exercise
    dose: Dose

    @property
    def slot(self) -> Slot:
        return self.exercise.slot

    @property
    def track(self) -> str:
        return self.exercise.track

    @property
    def seconds(self) -> int:
        return self.dose.seconds()


@dataclass(frozen=True)
class SessionPlan:
    kind: SessionKind
    day: date
    items: tuple[PlanItem, ...]  # warm-up first, then one per slot in slot order

    @property
    def estimated_minutes(self) -> int:
        return math.ceil(sum(item.seconds for item in self.items) / 60)

    @property
    def warmup(self) -> tuple[PlanItem, ...]:
        return tuple(i for i in self.items if i.slot is Slot.WARMUP)

    @property
    def exercises(self) -> tuple[PlanItem, ...]:
        """The strengthening part (everything after the warm-up)."""
        return tuple(i for i in self.items if i.slot is not Slot.WARMUP)


# ------------------------------------------------------------------------------------ track positions ---


def allowed_cards(cards: tuple[Exercise, ...], profile: Profile) -> tuple[Exercise, ...]:
    """Cards of a track the user may do: at or below their level, unlocked, not excluded, and with no equipment
    the user lacks (``coach.equipment.lacks``)."""
    return tuple(
        c for c in cards
        if profile.allows(c.level, c.locked)
        and c.id not in profile.excluded
        and not lacks(c.equipment, profile.equipment)
    )


def position(
    cards: tuple[Exercise, ...], progress: ExerciseProgress | None, profile: Profile
) -> tuple[Exercise, Dose] | None:
    """Today's exercise and dose on one track, or None when no card of the track is allowed.

    The stored exercise at its stored dose (snapped down onto the card's ladder) when it is allowed; when it
    is no longer allowed (level went down, card excluded), the hardest allowed easier card at its top dose;
    with no progress yet, the first allowed card at its start dose.
    """
    allowed = allowed_cards(cards, profile)
    if not allowed:
        return None
    ids = [c.id for c in cards]
    if progress is not None and progress.exercise_id in ids:
        current = cards[ids.index(progress.exercise_id)]
        if current in allowed:
            rungs = current.rungs
            return current, rungs[rung_index(rungs, progress.dose)]
        easier = [c for c in allowed if ids.index(c.id) < ids.index(current.id)]
        if easier:
            return easier[-1], easier[-1].top
    return allowed[0], allowed[0].start


def _slot_open(slot: Slot, level: int) -> bool:
    return slot is not Slot.ROTATION_HINGE or level >= rules.ROTATION_OR_HINGE_SLOT_FROM_LEVEL


def _slot_choice(
    slot: Slot, profile: Profile, progress: Mapping[str, ExerciseProgress], catalogue: Catalogue
) -> tuple[date, PlanItem] | None:
    """The item for one slot (track done least recently; file order breaks ties) and when it was last done."""
    best: tuple[date, int, PlanItem] | None = None
    for order, track in enumerate(catalogue.tracks_in_slot(slot)):
        stored = progress.get(track)
        found = position(catalogue.track(track), stored, profile)
        if found is None:
            continue
        last = stored.last_done if stored and stored.last_done else date.min
        candidate = (last, order, PlanItem(*found))
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return None if best is None else (best[0], best[2])


# ------------------------------------------------------------------------------------------- sessions ---


def _warmup(catalogue: Catalogue, count: int | None = None) -> tuple[PlanItem, ...]:
    moves = catalogue.warmup()[:count]
    return tuple(PlanItem(e, e.start) for e in moves)


def gentle_session(today: date, catalogue: Catalogue | None = None, *, avoid: Collection[str] = ()) -> SessionPlan:
    """The warm-up level only: used during a /pain pause, while the doctor check is open, and as today's extra.

    ``avoid``: exercise ids left out (those that hurt today are never offered again that day).
    """
    return without(SessionPlan(SessionKind.GENTLE, today, _warmup(catalogue or load_catalogue())), avoid)


def without(plan: SessionPlan, avoid: Collection[str]) -> SessionPlan:
    """The plan minus the exercises in ``avoid`` (nothing put in their place: never a harder substitute)."""
    if not avoid:
        return plan
    return replace(plan, items=tuple(item for item in plan.items if item.exercise.id not in avoid))


def plan_session(
    profile: Profile,
    progress: Mapping[str, ExerciseProgress],
    today: date,
    *,
    minimum: bool = False,
    catalogue: Catalogue | None = None,
    avoid: Collection[str] = (),
) -> SessionPlan:
    """Today's session: gentle, minimum or full, always starting with the warm-up.

    ``progress`` is keyed by track id; ``avoid``: exercise ids left out (those that hurt today, clinical.md
    section 4: an exercise that hurt is skipped for the rest of the day). Raises ``ProgrammeLocked`` while an
    uncleared red flag is open.
    """
    cat = catalogue or load_catalogue()
    access = profile.access
    if access is Access.LOCKED:
        raise ProgrammeLocked(profile.screening)
    if access is Access.GENTLE_ONLY or profile.paused or profile.level <= rules.LEVEL_MIN:
        return gentle_session(today, cat, avoid=avoid)
    chosen = [
        choice
        for slot in SESSION_SLOTS
        if _slot_open(slot, profile.level)
        and (choice := _slot_choice(slot, profile, progress, cat)) is not None
    ]
    if not minimum:
        return without(SessionPlan(SessionKind.FULL, today, _warmup(cat) + tuple(item for _, item in chosen)), avoid)
    return without(_minimum(chosen, today, cat), avoid)


def _minimum(chosen: list[tuple[date, PlanItem]], today: date, cat: Catalogue) -> SessionPlan:
    """Short warm-up, then the slots most due (least recently done), one set each, in slot order."""
    most_due = sorted(range(len(chosen)), key=lambda i: (chosen[i][0], i))[: rules.MINIMUM_SESSION_EXERCISES]
    items = tuple(
        PlanItem(chosen[i][1].exercise, chosen[i][1].dose.single_set()) for i in sorted(most_due)
    )
    return SessionPlan(SessionKind.MINIMUM, today, _warmup(cat, rules.MINIMUM_SESSION_WARMUP_ITEMS) + items)
