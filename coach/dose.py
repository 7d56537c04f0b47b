"""Doses and the dose ladder.

A dose is reps x sets with an optional hold per rep. Between a card's start and top dose lies a ladder of
doses, each exactly one step from the previous one: +2 reps (capped at the top), or +5 s hold, or +1 set
(``rules.REPS_STEP``, ``rules.HOLD_STEP_SECONDS``, ``rules.SETS_STEP``; clinical.md sections 4 and 5).
Progression moves one rung at a time; it never jumps.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach import rules
from locales import _, ngettext


@dataclass(frozen=True, order=True)
class Dose:
    """Reps per set, number of sets, and seconds to hold each rep (0 = no hold)."""

    reps: int
    sets: int
    hold_seconds: int = 0

    def fits_within(self, top: Dose) -> bool:
        """True when no part of this dose is above ``top``."""
        return self.reps <= top.reps and self.sets <= top.sets and self.hold_seconds <= top.hold_seconds

    def seconds(self) -> int:
        """Estimated working time of this dose (the duration model of ``rules``)."""
        per_rep = self.hold_seconds + rules.SECONDS_PER_REP
        rest = (self.sets - 1) * rules.REST_BETWEEN_SETS_SECONDS
        return self.sets * self.reps * per_rep + rest + rules.SETUP_SECONDS_PER_EXERCISE

    def single_set(self) -> Dose:
        """The same dose cut to one set (used by the 5-minute minimum session)."""
        return Dose(self.reps, 1, self.hold_seconds)

    def describe(self, *, each_side: bool = False) -> str:
        """Plain words, e.g. '2 x 8 reps, hold 5 s' ('2 x 8 reps each side, ...' for a dose done on each side)."""
        side = _(" each side") if each_side else ""
        if self.reps == 1 and self.hold_seconds:
            held = _("{seconds} s").format(seconds=self.hold_seconds)
            return (f"{self.sets} x {held}" if self.sets > 1 else held) + side
        reps = ngettext("{reps} rep", "{reps} reps", self.reps).format(reps=self.reps)
        text = (f"{self.sets} x {reps}" if self.sets > 1 else reps) + side
        if self.hold_seconds:
            text += _(", hold {seconds} s").format(seconds=self.hold_seconds)
        return text


def _next_rung(dose: Dose, top: Dose) -> Dose:
    if dose.reps < top.reps:
        return Dose(min(dose.reps + rules.REPS_STEP, top.reps), dose.sets, dose.hold_seconds)
    if dose.hold_seconds < top.hold_seconds:
        hold = min(dose.hold_seconds + rules.HOLD_STEP_SECONDS, top.hold_seconds)
        return Dose(dose.reps, dose.sets, hold)
    return Dose(dose.reps, min(dose.sets + rules.SETS_STEP, top.sets), dose.hold_seconds)


def ladder(start: Dose, top: Dose) -> tuple[Dose, ...]:
    """Every dose from ``start`` to ``top``, one step apart (reps first, then hold, then sets)."""
    if not start.fits_within(top):
        raise ValueError(f"start dose {start} is above top dose {top}")
    rungs = [start]
    while rungs[-1] != top:
        rungs.append(_next_rung(rungs[-1], top))
    return tuple(rungs)


def rung_index(rungs: tuple[Dose, ...], dose: Dose) -> int:
    """Where ``dose`` sits on the ladder; a dose not on it snaps to the highest rung it fully covers.

    Snapping down is the safe direction: a stored dose from an older catalogue never becomes harder.
    """
    if dose in rungs:
        return rungs.index(dose)
    covered = [i for i, rung in enumerate(rungs) if rung.fits_within(dose)]
    return covered[-1] if covered else 0
