"""The exercise timer's plan: what to do second by second for one card at today's dose (issue 13 item 4).

The timer follows the card: its reps, its sides (``catalogue.Sides``: the whole dose on each side with a switch
between, sides taking turns, or a swap halfway), a short relax between holds, a rest between sets
(``rules.REST_BETWEEN_SETS_SECONDS``), and "move" rather than "hold" for a moving exercise such as marching on
the spot (``catalogue.Motion``). Pure: the plan is laid out from the instant it starts (``started``, passed in)
and :meth:`TimerPlan.at` says what to show at any instant ``now``; no clock, no Telegram. The conversation
(``conversations.timer``) redraws it every few seconds (``ticks``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from coach import rules
from coach.catalogue import Exercise, Motion, Sides
from coach.dose import Dose


class Step(StrEnum):
    """What a stretch of the timer asks for."""

    WORK = "work"  # hold still, or keep moving (``Phase.motion``)
    RELAX = "relax"  # between two reps: lower and relax
    SWITCH = "switch"  # change sides
    REST = "rest"  # between sets


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Phase:
    """One stretch of the timer: what to do, for how long, from which offset, on which side, which rep and set."""

    step: Step
    seconds: int
    offset: int  # seconds from the timer's start
    set: int
    sets: int
    rep: int = 0  # WORK: 1-based rep of the set (per side for Sides.EACH); 0 otherwise
    reps: int = 0
    side: Side | None = None  # WORK on one side; SWITCH: the side to switch to
    motion: Motion = Motion.HOLD

    @property
    def end(self) -> int:
        return self.offset + self.seconds


@dataclass(frozen=True)
class Moment:
    """What the timer shows at one instant: the phase under way, its whole seconds left, and the next one."""

    phase: Phase
    left: int
    next: Phase | None


@dataclass(frozen=True)
class TimerPlan:
    """The phases of one card's timer, laid out from ``started``."""

    started: datetime
    phases: tuple[Phase, ...]

    @property
    def seconds(self) -> int:
        return self.phases[-1].end if self.phases else 0

    def at(self, now: datetime) -> Moment | None:
        """What to show at ``now``; None once the timer is over."""
        elapsed = (now - self.started).total_seconds()
        for index, phase in enumerate(self.phases):
            if phase.offset <= elapsed < phase.end:
                following = self.phases[index + 1] if index + 1 < len(self.phases) else None
                return Moment(phase, max(1, round(phase.end - elapsed)), following)
        return None

    def ticks(self, step: int) -> tuple[datetime, ...]:
        """The instants to redraw at: every ``step`` seconds from the start, then the end."""
        offsets = [*range(0, self.seconds, step), self.seconds]
        return tuple(self.started + timedelta(seconds=offset) for offset in offsets)


def offers_timer(dose: Dose) -> bool:
    """Does a card at this dose get a timer? Only when its holds (or moving time) are long enough to time."""
    return dose.hold_seconds >= rules.TIMER_MIN_SECONDS


def _set_work(exercise: Exercise, dose: Dose) -> list[tuple[Side | None, int]]:
    """One set's holds in order, as (side, rep number), following the card's ``sides``."""
    reps = range(1, dose.reps + 1)
    if exercise.sides is Sides.EACH:
        return [(side, rep) for side in (Side.LEFT, Side.RIGHT) for rep in reps]
    if exercise.sides is Sides.ALTERNATE:
        return [(side, rep) for rep in reps for side in (Side.LEFT, Side.RIGHT)]
    if exercise.sides is Sides.TURNS:
        return [(Side.LEFT if rep % 2 else Side.RIGHT, rep) for rep in reps]
    if exercise.sides is Sides.HALFWAY:
        half = (dose.reps + 1) // 2
        return [(Side.LEFT if rep <= half else Side.RIGHT, rep) for rep in reps]
    return [(None, rep) for rep in reps]


def _between(before: Side | None, after: Side | None) -> Step:
    """What comes between two holds of a set: a switch when the side changes, else a relax."""
    return Step.SWITCH if after is not None and before != after else Step.RELAX


def timer_plan(exercise: Exercise, dose: Dose, started: datetime) -> TimerPlan:
    """The timer of ``exercise`` at ``dose`` from ``started``: each set's holds (or moving time) in the order
    its sides ask for, a switch or a relax between them, and the rest between sets."""
    phases: list[Phase] = []
    for set_number in range(1, dose.sets + 1):
        if set_number > 1:
            phases.append(_next(phases, Step.REST, rules.REST_BETWEEN_SETS_SECONDS, set_number, dose))
        previous: Side | None = None
        for index, (side, rep) in enumerate(_set_work(exercise, dose)):
            if index:
                between = _between(previous, side)
                seconds = rules.TIMER_SWITCH_SECONDS if between is Step.SWITCH else rules.TIMER_RELAX_SECONDS
                to_side = side if between is Step.SWITCH else None
                phases.append(_next(phases, between, seconds, set_number, dose, side=to_side))
            hold, motion = dose.hold_seconds, exercise.motion
            phases.append(_next(phases, Step.WORK, hold, set_number, dose, rep=rep, side=side, motion=motion))
            previous = side
    return TimerPlan(started, tuple(phases))


def _next(
    before: list[Phase], step: Step, seconds: int, set_number: int, dose: Dose, *, rep: int = 0,
    side: Side | None = None, motion: Motion = Motion.HOLD,
) -> Phase:
    """The phase that follows ``before``."""
    offset = before[-1].end if before else 0
    return Phase(step, seconds, offset, set_number, dose.sets, rep, dose.reps if rep else 0, side, motion)
