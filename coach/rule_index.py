"""Where each rule of clinical.md lives: one table from rule to code, source and tests.

A reader looking for a rule finds it here: the section of /work/shared/clinical.md, the rule in short, the
functions or data that implement it, the source it rests on, and the tag its tests are named after (every
test of the rule is called ``test_<tag>...``). ``tests/coach/test_rule_index.py`` checks that every name
below exists and that every tag has at least one test, so this table cannot drift from the code.
Thresholds themselves are in ``coach.rules``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleRef:
    section: str
    rule: str
    where: tuple[str, ...]  # "module.attribute" inside the coach package
    source: str
    test_tag: str


RULES: tuple[RuleRef, ...] = (
    # --- 1. the source article ---------------------------------------------------------------------------
    RuleRef("1.1", "See your doctor before starting; 'not yet' gives the gentle start, strengthening locked",
            ("screening.doctor_check", "screening.programme_access", "planner.plan_session"),
            "Article rule 1; Kaia instructions for use", "rule_see_your_doctor_first"),
    RuleRef("1.2", "Exercises must not provoke pain: stop, skip, easier next time",
            ("safety.assess_in_session", "progression.easier_next_time", "progression.apply_session"),
            "Article rule 2; Silbernagel et al., Am J Sports Med 2007", "rule_exercises_must_not_provoke_pain"),
    RuleRef("1.3", "Train 4-5 times per week",
            ("rules.WEEKLY_GOAL_CHOICES", "schedule.validate_weekly_goal", "schedule.week_status"),
            "Article rule 3; dose-response meta-regression of 50 RCTs", "rule_train_4_to_5_times_a_week"),
    RuleRef("1.4", "Always a mild warm-up first (about 5 minutes)",
            ("planner.plan_session", "catalogue.Catalogue.warmup", "rules.WARMUP_TARGET_MINUTES"),
            "Article rule 4; McGill, Phys Ther 1998 (cat-camel)", "rule_always_warm_up_first"),
    RuleRef("1.5", "Increase cautiously: one step after two greens, never more",
            ("progression.next_progress", "dose.ladder", "rules.GREENS_TO_STEP_UP"),
            "Article rule 5; Silbernagel et al. 2007", "rule_two_greens_step_up"),
    RuleRef("1.6", "The fundamentals are in the programme",
            ("catalogue.load_catalogue",), "Article rule 6", "rule_article_fundamentals_are_all_present"),
    RuleRef("1.7", "Weighted exercises only with known technique or a trainer: level-4 gate, never automatic",
            ("progression.level4_gate", "progression.unlock_level4", "records.Profile.allows"),
            "Article rule 7", "rule_weighted_exercises"),
    RuleRef("1.8", "Correct your sitting positions (education)",
            ("education.SITTING_TIPS", "education.tip_for_day"),
            "Article rule 8; NHS 'How to sit correctly'", "rule_correct_sitting_positions"),
    # --- 2. red flags -------------------------------------------------------------------------------------
    RuleRef("2", "Red-flag questions, one per question, not sure = yes, most severe group wins",
            ("screening.RED_FLAG_QUESTIONS", "screening.decide", "screening.stops_at_once"),
            "NICE NG59; NHS CKS; NHS Gloucestershire pathway", "rule_red_flags"),
    RuleRef("2", "Red flag open: programme locked until a clinician clears exercise",
            ("screening.programme_access", "planner.ProgrammeLocked"), "NICE NG59; Kaia IFU", "rule_red_flags"),
    RuleRef("2", "Cauda-equina questions asked again on /pain and on leg symptoms",
            ("screening.PAIN_RECHECK_QUESTIONS", "progression.needs_red_flag_recheck"),
            "NICE NG59", "rule_leg_pain"),
    # --- 3. pain scale ------------------------------------------------------------------------------------
    RuleRef("3", "0-10 integer scale; typed digits accepted, anything else re-asked with an example",
            ("pain.parse_pain_score", "pain.pain_score_problem"), "Numeric rating scale", "rule_pain_scale"),
    RuleRef("3", "Meaningful change: 2 points or 30%, 1 point at baseline 4 or less",
            ("pain.is_meaningful_change", "rules.MEANINGFUL_CHANGE_POINTS"),
            "Ostelo et al., Spine 2008", "rule_meaningful_change"),
    RuleRef("3", "Check-ins recorded with their context",
            ("records.CheckinContext", "records.PainCheckin"), "clinical.md section 3", "rule_traffic_light"),
    # --- 4. progress, hold, step back ---------------------------------------------------------------------
    RuleRef("4", "In session: sharp or shooting, into a leg, numbness or tingling, or 7+ ends the session "
            "(leg and numbness: the cauda-equina questions); a dull ache under 7 stops that exercise, with an "
            "easier version not already in today's sessions; a score given is never asked again",
            ("safety.assess_in_session", "rules.IN_SESSION_END_AT", "safety.easier_version_today",
             "safety.after_session_checkin"),
            "clinical.md section 4; article rule 2", "rule_in_session"),
    RuleRef("4", "Session traffic light green / yellow / red / unanswered, by the rise over the session's own "
            "start (1 or less green, 2 yellow, 3 or more red; the next morning back to it green, up to 2 above "
            "yellow), a worst or morning of 8 or more red, leg symptoms red",
            ("progression.classify_session", "progression.worst_within_green", "progression.session_baseline",
             "rules.GREEN_RISE_MAX", "rules.YELLOW_RISE_MAX", "rules.MORNING_YELLOW_RISE_MAX", "rules.RED_CEILING"),
            "Silbernagel et al. 2007; traffic-light variants; Ostelo et al. 2008", "rule_traffic_light"),
    RuleRef("4", "Yellow: hold the dose", ("progression.next_progress",), "Silbernagel et al. 2007",
            "rule_yellow_holds_the_dose"),
    RuleRef("4", "Two yellows in a row: one step down", ("progression.next_progress",
            "rules.YELLOWS_TO_STEP_DOWN"), "clinical.md section 4", "rule_two_yellows_step_down"),
    RuleRef("4", "Red: one step down or to the easier exercise", ("progression.step_down",),
            "Silbernagel et al. 2007", "rule_red"),
    RuleRef("4", "Unanswered: counts neither way", ("progression.next_progress",
            "rules.NEXT_MORNING_ANSWER_WINDOW"), "clinical.md section 4", "rule_unanswered_counts_neither_way"),
    RuleRef("4", "Two reds in 7 days: down a level and suggest a clinician",
            ("progression.level_down_after_reds", "progression.apply_level"), "clinical.md section 4",
            "rule_two_reds"),
    RuleRef("4", "Leg pain: red-flag re-check and no progression for 7 days",
            ("progression.progress_holds", "rules.LEG_SYMPTOMS_NO_PROGRESS"), "clinical.md section 4",
            "rule_leg_pain"),
    RuleRef("4", "/pain: freeze every dose, gentle day, resume at the pre-flare dose (never higher)",
            ("progression.pause", "progression.resume", "progression.should_auto_resume", "planner.plan_session"),
            "clinical.md section 4", "rule_pain_"),
    RuleRef("4", "Weekly average pain up by 2 or more: hold all progress (one context at a time, next morning "
            "or before a session, each compared only with itself, never mixed)",
            ("progression.weekly_pain_rise", "progression.average_pain", "progression.progress_holds",
             "rules.WEEKLY_PAIN_CONTEXTS"), "clinical.md section 4", "rule_weekly_pain_rise"),
    RuleRef("4", "No improvement after 2-4 weeks of regular training: suggest a clinician",
            ("progression.suggest_clinician_no_improvement", "rules.NO_IMPROVEMENT_WEEKS"), "NHS inform",
            "rule_no_improvement"),
    # --- 5. dose and schedule -----------------------------------------------------------------------------
    RuleRef("5", "Start at 5 reps or short holds; add 1-2 reps / 5 s / 1 set per step",
            ("catalogue.Exercise.start", "dose.ladder", "rules.REPS_STEP"), "clinical.md section 5",
            "rule_start_at_5_reps_or_short_holds"),
    RuleRef("5", "A 5-minute minimum session that still counts", ("planner.plan_session",
            "rules.MINIMUM_SESSION_MINUTES", "schedule.sessions_done"), "clinical.md section 5",
            "rule_minimum_session"),
    RuleRef("5", "Reminders on chosen days at a local time, correct across DST",
            ("schedule.next_occurrence",), "design.md (reminders)", "rule_reminders"),
    # --- 6. library ---------------------------------------------------------------------------------------
    RuleRef("6", "The library: 23 exercises, levels 0-4, chains, an easier way out for each",
            ("catalogue.load_catalogue",), "McGill 1998; NHS inform; CUH; Owen et al., BJSM 2020",
            "rule_library_has_the_23_exercises"),
    RuleRef("6", "Session shape: warm-up, then one per slot; rotation or hinge from level 2",
            ("planner.plan_session", "catalogue.SESSION_SLOTS"), "selfBACK; GLA:D Back", "rule_session_shape"),
    RuleRef("6", "Level up proposed after 2 weeks, 80% adherence, no yellow/red in 14 days (user accepts)",
            ("progression.propose_level_up", "progression.apply_level"),
            "paolof89/back-pain-recovery phase gates", "rule_level_up"),
    # --- 7. what the best digital programmes do ----------------------------------------------------------
    RuleRef("7", "A timer to exercise along with that follows the card: reps, sides (each side, taking turns, "
            "swapping halfway), a relax or switch between holds, the rest between sets, move rather than hold",
            ("timer.timer_plan", "timer.offers_timer", "rules.TIMER_MIN_SECONDS", "rules.REST_BETWEEN_SETS_SECONDS",
             "catalogue.Exercise.sides", "catalogue.Exercise.motion"),
            "Physitrack/PhysiApp users asked for a timer to exercise along with (clinical.md section 7)", "rule_timer"),
)
