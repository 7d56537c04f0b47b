"""The progression engine: progress, hold, step back (clinical.md sections 4 and 6; article rules 5 and 7).

- ``classify_session``: the traffic light of a finished session from its pain check-ins, judged by the rise
  over the session's own starting pain (``session_baseline``: its "before" score, else the usual pain) and by
  the next morning, under an absolute ceiling; ``worst_within_green``: the light so far, right after it.
- ``next_progress``; ``record_session`` then ``apply_outcome`` (or ``apply_session``): each track's next
  dose. Two greens in a row at one dose: one step up; at the top dose: the next exercise of the chain.
  Yellow: hold; two yellows in a row: one step down. Red: one step down (at the start dose: the easier
  exercise). Unanswered: nothing changes. Never more than one step.
- ``easier_next_time``: after the in-session stop rule fired (``safety``).
- ``progress_holds``: why progress is held (flare pause, open doctor check, leg symptoms in the last 7 days,
  weekly average pain up by 2 or more). Weekly averages (``average_pain``) are of one context at a time,
  compared only with themselves: next morning, before a session (``WEEKLY_PAIN_CONTEXTS``), never mixed.
- ``pause`` / ``resume`` / ``should_auto_resume``: the /pain flare pause, resuming at the pre-flare dose;
  ``flare_care``: which advice fits a /pain score; ``may_resume``: may /resume lift the pause at the pain now.
- ``level_down_after_reds``, ``propose_level_up``, ``apply_level``: level changes (down is a safety step;
  up is a proposal applied only when the user accepts).
- ``level4_gate`` / ``unlock_level4``: the weighted level, never unlocked automatically.
- ``suggest_clinician_no_improvement``: no meaningful improvement after weeks of regular training.

Every threshold comes from ``coach.rules``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from coach import rules
from coach.catalogue import Catalogue, Exercise, load_catalogue
from coach.dose import Dose, rung_index
from coach.measures import Trend, peg_trend
from coach.pain import is_meaningful_improvement
from coach.planner import SessionPlan, allowed_cards, position
from coach.records import (
    CheckinContext,
    ExerciseProgress,
    Outcome,
    PainCheckin,
    Profile,
    SessionKind,
    SessionRecord,
)
from coach.schedule import adherence
from coach.screening import Access

# ------------------------------------------------------------------------------ session traffic light ---


def session_baseline(checkins: Iterable[PainCheckin], usual: int | None) -> int:
    """The session's baseline: its 'before' score, else the user's usual pain, else 0."""
    before = [c.score for c in checkins if c.context is CheckinContext.BEFORE]
    if before:
        return before[-1]
    return usual if usual is not None else rules.PAIN_MIN


def worst_during(checkins: Iterable[PainCheckin]) -> int | None:
    """The worst pain given during or right after a session (None if none was given)."""
    during = [c.score for c in checkins if c.context in (CheckinContext.WORST_DURING, CheckinContext.AFTER)]
    return max(during, default=None)


def _light(score: int, baseline: int, *, green_max: int, yellow_max: int) -> Outcome:
    """Green, yellow or red for one score against the session's starting pain: by the rise, under the ceiling."""
    rise = score - baseline
    if score >= rules.RED_CEILING or rise > yellow_max:
        return Outcome.RED
    return Outcome.YELLOW if rise > green_max else Outcome.GREEN


def _worse(first: Outcome, second: Outcome) -> Outcome:
    """The more severe of two lights (red, then yellow, then green)."""
    return next(o for o in (Outcome.RED, Outcome.YELLOW, Outcome.GREEN) if o in (first, second))


def _during_light(checkins: Iterable[PainCheckin], usual_pain: int | None) -> Outcome:
    """The light of a session from what is known by its end: leg symptoms, and the worst pain during or right
    after it against its starting pain (``session_baseline``). No score given during or after it: green."""
    items = tuple(checkins)
    if any(c.leg_symptoms for c in items):
        return Outcome.RED
    worst = worst_during(items)
    if worst is None:
        return Outcome.GREEN
    baseline = session_baseline(items, usual_pain)
    return _light(worst, baseline, green_max=rules.GREEN_RISE_MAX, yellow_max=rules.YELLOW_RISE_MAX)


def worst_within_green(checkins: Iterable[PainCheckin], usual_pain: int | None) -> bool:
    """Was the session green so far: worst pain at most 1 above its starting pain and under the ceiling of 8,
    no leg symptoms (clinical.md s. 4)? No score given during or after it: yes."""
    return _during_light(checkins, usual_pain) is Outcome.GREEN


def _morning_light(morning: PainCheckin, baseline: int) -> Outcome:
    """The next-morning answer against the session's starting pain: back to it green, up to 2 above yellow,
    3 or more above (or 8 or more) red. "Not back to normal" is never green, whatever the score."""
    light = _light(
        morning.score, baseline, green_max=rules.MORNING_GREEN_RISE_MAX, yellow_max=rules.MORNING_YELLOW_RISE_MAX
    )
    if light is Outcome.GREEN and morning.back_to_baseline is False:
        return Outcome.YELLOW
    return light


def classify_session(
    checkins: Iterable[PainCheckin],
    *,
    finished_at: datetime,
    now: datetime,
    usual_pain: int | None = None,
) -> Outcome:
    """Green / yellow / red / unanswered (or pending) for one finished session (clinical.md section 4).

    Judged by the rise over the session's own starting pain (its "before" score, else the usual pain), never
    by an absolute score alone (thresholds in ``coach.rules``). Red: a rise of 3 or more during or right after
    it, a worst of 8 or more, new leg symptoms (red needs no morning answer), or next morning 3 or more above
    the start or 8 or more. Yellow: a rise of 2, or next morning not back to the start but at most 2 above it.
    Green: everything else, which needs the next morning back to the start. No morning answer after 48 h:
    yellow if the pain during it already said yellow, otherwise unanswered; before 48 h: pending.
    """
    items = tuple(checkins)
    during = _during_light(items, usual_pain)  # no score during or after: judged on the morning alone
    if during is Outcome.RED:
        return Outcome.RED
    mornings = [c for c in items if c.context is CheckinContext.NEXT_MORNING]
    if not mornings:
        if now - finished_at < rules.NEXT_MORNING_ANSWER_WINDOW:
            return Outcome.PENDING
        return Outcome.YELLOW if during is Outcome.YELLOW else Outcome.UNANSWERED
    return _worse(during, _morning_light(mornings[-1], session_baseline(items, usual_pain)))


# ------------------------------------------------------------------------------------- dose stepping ---


def _track_cards(progress: ExerciseProgress, catalogue: Catalogue) -> tuple[Exercise, ...]:
    return catalogue.track(progress.track)


def _locate(progress: ExerciseProgress, catalogue: Catalogue) -> tuple[tuple[Exercise, ...], int, int]:
    cards = _track_cards(progress, catalogue)
    ids = [c.id for c in cards]
    card_index = ids.index(progress.exercise_id)
    return cards, card_index, rung_index(cards[card_index].rungs, progress.dose)


def _moved(progress: ExerciseProgress, card: Exercise, dose: Dose) -> ExerciseProgress:
    """``progress`` at a new exercise / dose, with the counters reset (a new dose starts counting afresh)."""
    return replace(progress, exercise_id=card.id, dose=dose, greens_at_dose=0, yellows_in_row=0)


def step_up(progress: ExerciseProgress, profile: Profile, catalogue: Catalogue) -> ExerciseProgress:
    """One rung up; at the top dose, the next card of the chain at its start dose if the user may do it."""
    cards, card_index, rung = _locate(progress, catalogue)
    card = cards[card_index]
    if rung + 1 < len(card.rungs):
        return _moved(progress, card, card.rungs[rung + 1])
    if card_index + 1 < len(cards) and cards[card_index + 1] in allowed_cards(cards, profile):
        harder = cards[card_index + 1]
        return _moved(progress, harder, harder.start)
    return replace(progress, dose=card.rungs[rung])  # at the top of what is open: stay


def step_down(progress: ExerciseProgress, catalogue: Catalogue) -> ExerciseProgress:
    """One rung down; at the start dose, the easier card of the chain at its top dose; at the root: stay."""
    cards, card_index, rung = _locate(progress, catalogue)
    card = cards[card_index]
    if rung > 0:
        return _moved(progress, card, card.rungs[rung - 1])
    if card_index > 0:
        easier = cards[card_index - 1]
        return _moved(progress, easier, easier.top)
    return _moved(progress, card, card.start)


def easier_next_time(progress: ExerciseProgress, catalogue: Catalogue | None = None) -> ExerciseProgress:
    """After the in-session stop rule: the easier exercise of the chain (top dose), else one rung down."""
    cat = catalogue or load_catalogue()
    cards, card_index, _ = _locate(progress, cat)
    if card_index > 0:
        easier = cards[card_index - 1]
        return _moved(progress, easier, easier.top)
    return step_down(progress, cat)


def next_progress(
    progress: ExerciseProgress,
    outcome: Outcome,
    profile: Profile,
    *,
    hold: bool = False,
    catalogue: Catalogue | None = None,
) -> ExerciseProgress:
    """One track's state after a session with ``outcome`` (clinical.md section 4 table).

    Paused: nothing changes. ``hold`` (see ``progress_holds``): no step up, but steps down still apply.
    Unanswered and pending sessions change nothing.
    """
    cat = catalogue or load_catalogue()
    if profile.paused or outcome in (Outcome.UNANSWERED, Outcome.PENDING):
        return progress
    if outcome is Outcome.RED:
        return step_down(progress, cat)
    if outcome is Outcome.YELLOW:
        yellows = progress.yellows_in_row + 1
        if yellows >= rules.YELLOWS_TO_STEP_DOWN:
            return step_down(progress, cat)
        return replace(progress, greens_at_dose=0, yellows_in_row=yellows)
    if hold:
        return replace(progress, yellows_in_row=0)
    greens = min(progress.greens_at_dose + 1, rules.GREENS_TO_STEP_UP)
    if greens >= rules.GREENS_TO_STEP_UP:
        moved = step_up(progress, profile, cat)
        if (moved.exercise_id, moved.dose) != (progress.exercise_id, progress.dose):
            return moved
    return replace(progress, greens_at_dose=greens, yellows_in_row=0)


def record_session(
    progress: Mapping[str, ExerciseProgress],
    plan: SessionPlan,
    profile: Profile,
    *,
    stopped: Collection[str] = (),
    catalogue: Catalogue | None = None,
) -> dict[str, ExerciseProgress]:
    """At the end of a session: mark each track done on ``plan.day`` (so the slots rotate) and send the
    exercises the in-session stop rule ended (``stopped``, exercise ids) to their easier version.

    The outcome usually comes later (next-morning answer); apply it then with ``apply_outcome``.
    """
    cat = catalogue or load_catalogue()
    result = dict(progress)
    for item in plan.exercises:
        stored = progress.get(item.track)
        dose = _full_dose(item.exercise, item.dose, stored, profile, cat)
        if stored is not None and stored.exercise_id == item.exercise.id:
            done = replace(stored, dose=dose, last_done=plan.day)
        else:
            done = ExerciseProgress(item.track, item.exercise.id, dose, last_done=plan.day)
        if item.exercise.id in stopped and not profile.paused:
            done = easier_next_time(done, cat)
        result[item.track] = done
    return result


def apply_outcome(
    progress: Mapping[str, ExerciseProgress],
    plan: SessionPlan,
    outcome: Outcome,
    profile: Profile,
    *,
    stopped: Collection[str] = (),
    hold: bool = False,
    catalogue: Catalogue | None = None,
) -> dict[str, ExerciseProgress]:
    """Once the session's outcome is final: each track of ``plan`` gets its next dose (call once per session).

    Stopped exercises (already moved easier) and tracks that moved since the plan (e.g. a level change)
    are left alone, so no track moves twice for one session. A minimum session counts for adherence,
    never for a step up (one set is not the full dose); steps down still apply.
    """
    cat = catalogue or load_catalogue()
    result = dict(progress)
    for item in plan.exercises:
        stored = progress.get(item.track)
        if item.exercise.id in stopped or stored is None or stored.exercise_id != item.exercise.id:
            continue
        no_step_up = hold or plan.kind is SessionKind.MINIMUM
        result[item.track] = next_progress(stored, outcome, profile, hold=no_step_up, catalogue=cat)
    return result


def apply_session(
    progress: Mapping[str, ExerciseProgress],
    plan: SessionPlan,
    outcome: Outcome,
    profile: Profile,
    *,
    stopped: Collection[str] = (),
    hold: bool = False,
    catalogue: Catalogue | None = None,
) -> dict[str, ExerciseProgress]:
    """``record_session`` then ``apply_outcome``, for when the outcome is already final (e.g. red)."""
    recorded = record_session(progress, plan, profile, stopped=stopped, catalogue=catalogue)
    return apply_outcome(recorded, plan, outcome, profile, stopped=stopped, hold=hold, catalogue=catalogue)


def _full_dose(
    exercise: Exercise, planned: Dose, stored: ExerciseProgress | None, profile: Profile, cat: Catalogue
) -> Dose:
    """The track's full dose for ``exercise`` (a minimum session plans one set of it, not the full dose)."""
    found = position(cat.track(exercise.track), stored, profile)
    if found is not None and found[0].id == exercise.id:
        return found[1]
    return planned


# ---------------------------------------------------------------------------------------------- holds ---


class HoldReason(StrEnum):
    PAUSED = "paused"  # /pain flare pause
    DOCTOR_CHECK_OPEN = "doctor_check_open"  # article rule 1
    LEG_SYMPTOMS = "leg_symptoms"  # leg pain: no progression for 7 days
    WEEKLY_PAIN_RISING = "weekly_pain_rising"  # a weekly average (one context) up by 2 or more


#: The contexts the weekly rules average, each on its own and compared only with itself (``rules``).
WEEKLY_PAIN_CONTEXTS: tuple[CheckinContext, ...] = tuple(CheckinContext(c) for c in rules.WEEKLY_PAIN_CONTEXTS)


def average_pain(
    checkins: Iterable[PainCheckin], start: datetime, end: datetime, *, context: CheckinContext
) -> float | None:
    """Mean score of the ``context`` check-ins with ``start < recorded_at <= end``, or None if none.

    One context at a time: a worst-during score and a next-morning score measure different things, and their
    mean measures nothing (clinical.md section 4: "the week's pain (same context, never mixed)").
    """
    scores = [c.score for c in checkins if c.context is context and start < c.recorded_at <= end]
    return sum(scores) / len(scores) if scores else None


def weekly_pain_rise(checkins: Iterable[PainCheckin], now: datetime) -> float | None:
    """How much the week's pain rose over last week's (rolling 7-day windows ending at ``now``).

    Like with like: each context of ``WEEKLY_PAIN_CONTEXTS`` (next morning, before a session) is compared only
    with itself, and the largest rise counts; None when no such context has scores in both weeks.
    """
    items = tuple(checkins)
    week = rules.PAIN_WEEK
    rises = []
    for context in WEEKLY_PAIN_CONTEXTS:
        this_week = average_pain(items, now - week, now, context=context)
        last_week = average_pain(items, now - 2 * week, now - week, context=context)
        if this_week is not None and last_week is not None:
            rises.append(this_week - last_week)
    return max(rises, default=None)


def leg_symptoms_recent(checkins: Iterable[PainCheckin], now: datetime) -> bool:
    """Leg symptoms reported within the last 7 days (clinical.md section 4: no progression for 7 days)."""
    return any(c.leg_symptoms and now - c.recorded_at < rules.LEG_SYMPTOMS_NO_PROGRESS for c in checkins)


def progress_holds(profile: Profile, checkins: Iterable[PainCheckin], now: datetime) -> frozenset[HoldReason]:
    """Every reason that progress is held right now; an empty set means progress may go up."""
    items = tuple(checkins)
    reasons: set[HoldReason] = set()
    if profile.paused:
        reasons.add(HoldReason.PAUSED)
    if profile.access is not Access.FULL:
        reasons.add(HoldReason.DOCTOR_CHECK_OPEN)
    if leg_symptoms_recent(items, now):
        reasons.add(HoldReason.LEG_SYMPTOMS)
    rise = weekly_pain_rise(items, now)
    if rise is not None and rise >= rules.WEEKLY_PAIN_RISE_HOLD:
        reasons.add(HoldReason.WEEKLY_PAIN_RISING)
    return frozenset(reasons)


def needs_red_flag_recheck(checkin: PainCheckin) -> bool:
    """/pain and any leg symptoms: ask the cauda-equina questions again (screening.PAIN_RECHECK_QUESTIONS)."""
    return checkin.leg_symptoms or checkin.context is CheckinContext.AD_HOC


# ----------------------------------------------------------------------------------- /pain flare pause ---


#: The one context of the pre-flare baseline and of the check-ins held against it (``rules.PRE_FLARE_CONTEXT``).
PRE_FLARE_CONTEXT = CheckinContext(rules.PRE_FLARE_CONTEXT)


def baseline_before_flare(
    checkins: Iterable[PainCheckin], flare_at: datetime, usual: int | None
) -> int | None:
    """The pain level to get back to: the mean of the week's next-morning scores before /pain (rounded down),
    else the usual pain. One context only: scores of other contexts (before, worst during, /pain) are never
    averaged in (clinical.md section 4: "same context, never mixed")."""
    before = [
        c.score for c in checkins
        if c.context is PRE_FLARE_CONTEXT and flare_at - rules.PRE_FLARE_WINDOW <= c.recorded_at < flare_at
    ]
    if before:
        return sum(before) // len(before)
    return usual


def pause(
    profile: Profile,
    progress: Mapping[str, ExerciseProgress],
    *,
    checkins: Iterable[PainCheckin] = (),
    now: datetime | None = None,
) -> tuple[Profile, dict[str, ExerciseProgress]]:
    """/pain: freeze every dose at once and remember where each track was and the pre-flare baseline.

    A /pain during an ongoing pause keeps the first marks (the dose and baseline from before the flare).
    """
    frozen = {
        track: p if p.pre_flare_dose is not None
        else replace(p, pre_flare_exercise_id=p.exercise_id, pre_flare_dose=p.dose)
        for track, p in progress.items()
    }
    if profile.paused:
        return profile, frozen
    baseline = profile.baseline_pain
    if now is not None:
        baseline = baseline_before_flare(checkins, now, profile.baseline_pain)
    return replace(profile, paused=True, pre_flare_baseline=baseline), frozen


def _rank(progress: ExerciseProgress, exercise_id: str, dose: Dose, catalogue: Catalogue) -> tuple[int, int]:
    cards = catalogue.track(progress.track)
    ids = [c.id for c in cards]
    index = ids.index(exercise_id)
    return index, rung_index(cards[index].rungs, dose)


def resume(
    profile: Profile, progress: Mapping[str, ExerciseProgress], catalogue: Catalogue | None = None
) -> tuple[Profile, dict[str, ExerciseProgress]]:
    """/resume: lift the pause; every track goes back to its pre-flare dose, never higher than that."""
    cat = catalogue or load_catalogue()
    restored: dict[str, ExerciseProgress] = {}
    for track, p in progress.items():
        if p.pre_flare_exercise_id is None or p.pre_flare_dose is None:
            restored[track] = p
            continue
        before = _rank(p, p.pre_flare_exercise_id, p.pre_flare_dose, cat)
        now = _rank(p, p.exercise_id, p.dose, cat)
        target = p if now <= before else replace(p, exercise_id=p.pre_flare_exercise_id, dose=p.pre_flare_dose)
        restored[track] = replace(
            target, greens_at_dose=0, yellows_in_row=0, pre_flare_exercise_id=None, pre_flare_dose=None
        )
    return replace(profile, paused=False, pre_flare_baseline=None), restored


def should_auto_resume(checkins_since_pause: Iterable[PainCheckin], pre_flare_baseline: int | None) -> bool:
    """Two next-morning check-ins in a row (the latest two) at or below the pre-flare baseline, and no leg
    symptoms since the first of them: like with like, the context the baseline is of (``PRE_FLARE_CONTEXT``)."""
    if pre_flare_baseline is None:
        return False
    items = tuple(checkins_since_pause)
    ordered = sorted((c for c in items if c.context is PRE_FLARE_CONTEXT), key=lambda c: c.recorded_at)
    latest = ordered[-rules.RESUME_CHECKINS_AT_BASELINE :]
    if len(latest) < rules.RESUME_CHECKINS_AT_BASELINE:
        return False
    legs = any(c.leg_symptoms and c.recorded_at >= latest[0].recorded_at for c in items)
    return not legs and all(c.score <= pre_flare_baseline for c in latest)


class FlareCare(StrEnum):
    """What /pain advises once no urgent sign applies: the advice follows the score (clinical.md section 4)."""

    REST_AND_RELIEF = "rest_and_relief"  # 8 or more: rest positions, pain relief, a doctor if it does not settle
    GENTLE_DAY = "gentle_day"  # in between: a gentle day, short walks, warm-up moves if they feel right
    KEEP_MOVING = "keep_moving"  # low: gentle movement and walking usually help a sore back settle


def flare_care(score: int) -> FlareCare:
    """The kind of advice for a /pain score (the bands are in ``coach.rules``)."""
    if score >= rules.FLARE_SEVERE_FROM:
        return FlareCare.REST_AND_RELIEF
    if score <= rules.FLARE_MILD_UP_TO:
        return FlareCare.KEEP_MOVING
    return FlareCare.GENTLE_DAY


class ResumeVerdict(StrEnum):
    """What /resume does with the pain the user gives now (clinical.md section 4)."""

    RESUME = "resume"  # the pause lifts, at the pre-flare dose (never higher)
    KEEP_HIGH_PAIN = "keep_high_pain"  # 7 or more: the pause stays
    KEEP_ABOVE_USUAL = "keep_above_usual"  # more than 2 above the usual pain: the pause stays


def may_resume(score: int, usual: int | None) -> ResumeVerdict:
    """Lift the pause at ``score`` now? Kept at 7 or more, or more than 2 above ``usual`` (None: not known)."""
    if score >= rules.RESUME_KEEP_PAUSE_FROM:
        return ResumeVerdict.KEEP_HIGH_PAIN
    if usual is not None and score - usual > rules.RESUME_MAX_ABOVE_USUAL:
        return ResumeVerdict.KEEP_ABOVE_USUAL
    return ResumeVerdict.RESUME


# ------------------------------------------------------------------------------------- level changes ---


@dataclass(frozen=True)
class LevelChange:
    from_level: int
    to_level: int
    suggest_clinician: bool = False


def _window(sessions: Iterable[SessionRecord], today: date, days: int) -> tuple[SessionRecord, ...]:
    first = today - timedelta(days=days - 1)
    return tuple(s for s in sessions if first <= s.local_date <= today)


def level_down_after_reds(
    profile: Profile, sessions: Iterable[SessionRecord], today: date
) -> LevelChange | None:
    """Two reds at the current level within 7 days: down a level and suggest a clinician (applied at once)."""
    recent = _window(sessions, today, rules.REDS_WINDOW.days)
    reds = [s for s in recent if s.outcome is Outcome.RED and s.level in (None, profile.level)]
    if len(reds) < rules.REDS_FOR_LEVEL_DOWN or profile.level <= rules.LEVEL_MIN:
        return None
    return LevelChange(profile.level, profile.level - 1, suggest_clinician=True)


def propose_level_up(
    profile: Profile,
    sessions: Iterable[SessionRecord],
    today: date,
    holds: Collection[HoldReason] = (),
) -> LevelChange | None:
    """After two weeks at a level with >= 80% adherence and no yellow or red in 14 days: propose the next.

    A proposal only: ``apply_level`` runs when the user accepts. Never beyond level 3 (level 4 has its gate).
    """
    if holds or profile.level >= rules.LEVEL_OPEN_MAX or profile.level_since is None:
        return None
    if (today - profile.level_since).days < rules.LEVEL_UP_MIN_DAYS:
        return None
    items = tuple(sessions)
    first = today - timedelta(days=rules.LEVEL_UP_MIN_DAYS - 1)
    if adherence(items, first, today, profile.weekly_goal) < rules.LEVEL_UP_MIN_ADHERENCE:
        return None
    recent = _window(items, today, rules.LEVEL_UP_CLEAN_DAYS)
    if any(s.outcome in (Outcome.YELLOW, Outcome.RED) for s in recent):
        return None
    return LevelChange(profile.level, profile.level + 1)


def apply_level(
    profile: Profile,
    progress: Mapping[str, ExerciseProgress],
    change: LevelChange,
    today: date,
    catalogue: Catalogue | None = None,
) -> tuple[Profile, dict[str, ExerciseProgress]]:
    """Move to ``change.to_level``; tracks sitting on a card above the new level step back to one it allows."""
    cat = catalogue or load_catalogue()
    unlocked = profile.level4_unlocked and change.to_level >= rules.LEVEL_LOCKED
    new_profile = replace(profile, level=change.to_level, level_since=today, level4_unlocked=unlocked)
    fitted: dict[str, ExerciseProgress] = {}
    for track, p in progress.items():
        found = position(cat.track(track), p, new_profile)
        if found is None:
            fitted[track] = p
        elif found[0].id == p.exercise_id:
            fitted[track] = replace(p, dose=found[1])
        else:
            fitted[track] = _moved(p, found[0], found[1])
    return new_profile, fitted


# ---------------------------------------------------------------------------------------- level-4 gate ---


class GateRequirement(StrEnum):
    AT_LEVEL_3 = "at_level_3"
    TWO_WEEKS_AT_LEVEL_3 = "two_weeks_at_level_3"
    TWO_WEEKS_GREEN = "two_weeks_green"
    HIP_HINGE_GREEN_TWICE = "hip_hinge_green_twice"
    TECHNIQUE_CONFIRMED = "technique_confirmed"  # "I know the technique / I train with a trainer"


@dataclass(frozen=True)
class GateStatus:
    missing: tuple[GateRequirement, ...]

    @property
    def open(self) -> bool:
        return not self.missing


def level4_gate(profile: Profile, sessions: Iterable[SessionRecord], today: date) -> GateStatus:
    """Which requirements of the level-4 gate are still missing (clinical.md section 6; article rule 7)."""
    items = tuple(sessions)
    level3 = rules.LEVEL_OPEN_MAX
    missing: list[GateRequirement] = []
    if profile.level != level3:
        missing.append(GateRequirement.AT_LEVEL_3)
    since = profile.level_since
    if since is None or (today - since).days < rules.LEVEL4_GREEN_DAYS_AT_LEVEL3:
        missing.append(GateRequirement.TWO_WEEKS_AT_LEVEL_3)
    days = rules.LEVEL4_GREEN_DAYS_AT_LEVEL3
    first = today - timedelta(days=days - 1)
    recent = [s for s in _window(items, today, days) if s.completed]
    greens = [s for s in recent if s.outcome is Outcome.GREEN]
    enough_green = adherence(greens, first, today, profile.weekly_goal) >= rules.LEVEL4_GREEN_ADHERENCE
    if any(s.outcome in (Outcome.YELLOW, Outcome.RED) for s in recent) or not enough_green:
        missing.append(GateRequirement.TWO_WEEKS_GREEN)
    hinge_greens = [
        s for s in items
        if s.outcome is Outcome.GREEN and rules.LEVEL4_GATE_EXERCISE in s.exercise_ids
        and s.level in (None, level3)
    ]
    if len(hinge_greens) < rules.LEVEL4_HIP_HINGE_GREENS:
        missing.append(GateRequirement.HIP_HINGE_GREEN_TWICE)
    if not profile.technique_confirmed:
        missing.append(GateRequirement.TECHNIQUE_CONFIRMED)
    return GateStatus(tuple(missing))


class GateClosed(Exception):
    def __init__(self, missing: tuple[GateRequirement, ...]) -> None:
        super().__init__(f"level-4 gate still closed: {', '.join(m.value for m in missing)}")
        self.missing = missing


def unlock_level4(profile: Profile, sessions: Iterable[SessionRecord], today: date) -> Profile:
    """Called only when the user asks for level 4; raises ``GateClosed`` unless every requirement is met."""
    status = level4_gate(profile, sessions, today)
    if not status.open:
        raise GateClosed(status.missing)
    return replace(profile, level=rules.LEVEL_LOCKED, level4_unlocked=True, level_since=today)


# ------------------------------------------------------------------------------ no improvement: clinician ---


def suggest_clinician_no_improvement(
    checkins: Iterable[PainCheckin],
    sessions: Iterable[SessionRecord],
    *,
    started_on: date,
    today: date,
    now: datetime,
    baseline_pain: float,
    weekly_goal: int,
    peg: tuple[float, float] | None = None,
) -> bool:
    """After 3 weeks of regular training without a meaningful improvement: suggest seeing a clinician (NHS).

    With PEG-3 scores (``peg``: the first and the latest, ``coach.measures``), improved means the PEG score
    fell meaningfully: function and pain together, not pain alone (issue 16). Without them: this week's average
    in each of ``WEEKLY_PAIN_CONTEXTS`` that has scores (each on its own) is meaningfully below
    ``baseline_pain``; no such score this week: no suggestion.
    """
    if (today - started_on).days < rules.NO_IMPROVEMENT_WEEKS * 7:
        return False
    if adherence(sessions, started_on, today, weekly_goal) < rules.REGULAR_TRAINING_ADHERENCE:
        return False
    if peg is not None:
        return peg_trend(*peg) is not Trend.IMPROVING
    items = tuple(checkins)
    this_week = [average_pain(items, now - rules.PAIN_WEEK, now, context=c) for c in WEEKLY_PAIN_CONTEXTS]
    given = [average for average in this_week if average is not None]
    if not given:
        return False
    return not all(is_meaningful_improvement(baseline_pain, average) for average in given)
