"""The exercise timer follows the card (``coach.timer``, issue 13 item 4): reps and sides, a relax between holds,
a switch between sides, the dose's rest between sets, "move" for marching; pure, with the instant passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach import rules
from coach.catalogue import Catalogue, Motion
from coach.dose import Dose
from coach.timer import Side, Step, TimerPlan, offers_timer, timer_plan

START = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
L, R = Side.LEFT, Side.RIGHT


def works(plan: TimerPlan) -> list[tuple[int, Side | None, int]]:
    """The holds (or moving stretches) in order, as (set, side, rep)."""
    return [(p.set, p.side, p.rep) for p in plan.phases if p.step is Step.WORK]


def steps(plan: TimerPlan) -> list[Step]:
    return [p.step for p in plan.phases]


def test_rule_timer_each_side_does_every_rep_on_the_left_then_switches_to_the_right(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["side_plank_knees"], Dose(2, 1, 10), START)
    assert works(plan) == [(1, L, 1), (1, L, 2), (1, R, 1), (1, R, 2)]
    assert steps(plan) == [Step.WORK, Step.RELAX, Step.WORK, Step.SWITCH, Step.WORK, Step.RELAX, Step.WORK]
    switch = plan.phases[3]
    assert (switch.side, switch.seconds) == (R, rules.TIMER_SWITCH_SECONDS)
    assert all(p.seconds == 10 for p in plan.phases if p.step is Step.WORK)


def test_rule_timer_rests_between_sets_for_the_rest_of_the_dose(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["front_plank_knees"], Dose(3, 2, 20), START)
    rests = [p for p in plan.phases if p.step is Step.REST]
    assert [(p.set, p.seconds) for p in rests] == [(2, rules.REST_BETWEEN_SETS_SECONDS)]  # before set 2 only
    assert works(plan) == [(1, None, 1), (1, None, 2), (1, None, 3), (2, None, 1), (2, None, 2), (2, None, 3)]
    assert plan.phases[-1].step is Step.WORK  # no rest after the last set
    assert plan.seconds == 6 * 20 + 4 * rules.TIMER_RELAX_SECONDS + rules.REST_BETWEEN_SETS_SECONDS


def test_rule_timer_relaxes_between_two_holds_on_the_same_side(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["front_plank_knees"], Dose(2, 1, 10), START)
    assert steps(plan) == [Step.WORK, Step.RELAX, Step.WORK]
    assert plan.phases[1].seconds == rules.TIMER_RELAX_SECONDS


def test_rule_timer_marching_is_moved_not_held(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["march_in_place"], Dose(1, 1, 60), START)
    (only,) = plan.phases
    assert (only.step, only.motion, only.seconds, only.side) == (Step.WORK, Motion.MOVE, 60, None)
    assert all(p.motion is Motion.HOLD for p in timer_plan(catalogue["bird_dog"], Dose(5, 1, 10), START).phases)


def test_rule_timer_alternate_sides_take_turns_one_each_side_per_rep(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["bird_dog"], Dose(2, 1, 10), START)
    assert works(plan) == [(1, L, 1), (1, R, 1), (1, L, 2), (1, R, 2)]
    assert steps(plan)[1::2] == [Step.SWITCH] * 3


def test_rule_timer_turns_each_side_counts_as_one_rep(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["dead_bug"], Dose(4, 1, 10), START)
    assert works(plan) == [(1, L, 1), (1, R, 2), (1, L, 3), (1, R, 4)]


def test_rule_timer_halfway_swaps_sides_after_half_the_reps(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["mcgill_curl_up"], Dose(5, 1, 10), START)
    assert works(plan) == [(1, L, 1), (1, L, 2), (1, L, 3), (1, R, 4), (1, R, 5)]
    assert steps(plan).count(Step.SWITCH) == 1


def test_rule_timer_is_offered_for_holds_of_10_s_or_more_only() -> None:
    assert offers_timer(Dose(2, 1, rules.TIMER_MIN_SECONDS)) and offers_timer(Dose(1, 1, 60))
    assert not offers_timer(Dose(5, 1, 5)) and not offers_timer(Dose(8, 1, 0))


def test_rule_timer_shows_the_phase_under_way_at_the_instant_passed_in(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["side_plank_knees"], Dose(1, 1, 10), START)  # left 10, switch 5, right 10
    first = plan.at(START)
    assert first is not None and (first.phase.side, first.left) == (L, 10) and first.next is not None
    assert first.next.step is Step.SWITCH
    later = plan.at(START + timedelta(seconds=12))
    assert later is not None and (later.phase.step, later.left) == (Step.SWITCH, 3)
    last = plan.at(START + timedelta(seconds=20))
    assert last is not None and (last.phase.side, last.left, last.next) == (R, 5, None)
    assert plan.at(START + timedelta(seconds=25)) is None  # over


def test_rule_timer_redraws_every_step_and_at_the_end(catalogue: Catalogue) -> None:
    plan = timer_plan(catalogue["side_plank_knees"], Dose(1, 1, 10), START)
    assert [(t - START).seconds for t in plan.ticks(5)] == [0, 5, 10, 15, 20, 25]
    assert [(t - START).seconds for t in plan.ticks(10)] == [0, 10, 20, 25]


def test_rule_timer_the_card_says_each_side_for_a_dose_done_on_each_side() -> None:
    assert Dose(4, 2, 20).describe(each_side=True) == "2 x 4 reps each side, hold 20 s"
    assert Dose(1, 1, 30).describe(each_side=True) == "30 s each side"
    assert Dose(4, 2, 20).describe() == "2 x 4 reps, hold 20 s"
