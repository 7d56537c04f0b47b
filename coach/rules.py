"""Every coaching threshold, in one place, with its source.

A clinician reviewing BackCoach should only need to read this module to see and change the numbers the
coaching brain uses. Each constant names its source (see /work/shared/clinical.md) and says when the number
is a *design choice*: ours, anchored to the sources, not a validated cut-off.

Nothing else in ``coach/`` hard-codes a threshold; the other modules import these names.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

# --- Pain scale (clinical.md section 3) ----------------------------------------------------------------
# 0-10 numeric rating scale, integers only. Source: standard NRS; Ostelo et al., Spine 2008.
PAIN_MIN: Final = 0
PAIN_MAX: Final = 10

# A meaningful change is 2 points or 30% from baseline (Ostelo et al., Spine 2008) ...
MEANINGFUL_CHANGE_POINTS: Final = 2
MEANINGFUL_CHANGE_FRACTION: Final = 0.30
# ... and 1 point when the baseline is 4 or less (clinical.md section 3, after Ostelo 2008).
LOW_BASELINE_MAX: Final = 4
LOW_BASELINE_CHANGE_POINTS: Final = 1

# --- In-session stop rule (clinical.md section 4; article rule 2) ---------------------------------------
# Stop the exercise if the pain is above 5/10. Source: pain-monitoring model (Silbernagel 2007), made
# stricter by the article ("exercises must not provoke pain").
IN_SESSION_STOP_ABOVE: Final = 5
# "Climbs rep by rep": this many rises in a row (e.g. 2 -> 3 -> 4) stops the exercise. *Design choice.*
CLIMBING_RISES_TO_STOP: Final = 2
# A score of 7 or more during an exercise ends the whole session, whatever the kind of pain; under 7 a dull
# ache stops only that exercise. Source: clinical.md section 4 ("7 or more ends the session"), the article's
# rule 2 ("if something feels wrong, stop immediately"); 7 sits one point under the red zone's worst of 8
# (Silbernagel 2007), so the session ends before it turns red. *Design choice.*
IN_SESSION_END_AT: Final = 7

# --- Session traffic light (clinical.md section 4; Silbernagel et al., Am J Sports Med 2007) ----------
# A session is judged by the pain *rise* over it, against its own starting pain (the "before" score given at
# the start of that session, else the user's usual pain), never by an absolute score alone, so that people
# whose usual pain is high can still progress (clinical.md section 4: traffic-light variants of the
# pain-monitoring model). The bands are *design choices* anchored to the minimal important change of 2 points
# (Ostelo et al., Spine 2008) and to day-to-day changes of 1 point being noise (clinical.md section 3):
GREEN_RISE_MAX: Final = 1  # worst during at most 1 above the starting pain: green (1 point is noise)
YELLOW_RISE_MAX: Final = 2  # a rise of 2 (the minimal important change): yellow; 3 or more: red
# The next morning, against the same starting pain: back to it green, up to 2 above it yellow, 3 or more
# above it red (clinical.md section 4 table). *Design choices*, anchored as above.
MORNING_GREEN_RISE_MAX: Final = 0
MORNING_YELLOW_RISE_MAX: Final = 2
# Absolute ceiling: a worst during (or right after) or a next-morning score of 8 or more is red whatever the
# starting pain (clinical.md section 4 table: "worst 8 or more"). *Design choice*: the pain-monitoring model
# (Silbernagel 2007) accepts pain up to 5 of 10 on an absolute scale; we take 8 so that a session without a
# rise can be green for people whose usual pain is 5-7, while severe pain is never green. Leg symptoms are red
# whatever the score (clinical.md section 4). The in-session stop rules above stay absolute (not relaxed).
RED_CEILING: Final = 8
# No next-morning answer within 48 h: the session is "unanswered" (clinical.md section 4).
NEXT_MORNING_ANSWER_WINDOW: Final = timedelta(hours=48)

# --- Dose progression (clinical.md sections 4 and 5) ----------------------------------------------------
GREENS_TO_STEP_UP: Final = 2  # two greens in a row at one dose: one step up (Silbernagel 2007)
YELLOWS_TO_STEP_DOWN: Final = 2  # two yellows in a row: one step down (clinical.md section 4)
# One step is +1-2 reps, or +5 s hold, or +1 set (clinical.md section 4). We use +2 reps (capped at the
# card's top), +5 s and +1 set; the order reps -> hold -> sets is a *design choice*.
REPS_STEP: Final = 2
HOLD_STEP_SECONDS: Final = 5
SETS_STEP: Final = 1

# --- Step back at programme level (clinical.md section 4) -----------------------------------------------
REDS_FOR_LEVEL_DOWN: Final = 2  # two reds ...
REDS_WINDOW: Final = timedelta(days=7)  # ... within 7 days: down a level and suggest a clinician
LEG_SYMPTOMS_NO_PROGRESS: Final = timedelta(days=7)  # leg pain: red-flag re-check, no progression for 7 days
WEEKLY_PAIN_RISE_HOLD: Final = 2.0  # weekly average pain up by 2 or more: hold all progress
# "The week's pain (same context, never mixed)" (clinical.md section 4): each context is averaged on its own
# and compared only with itself, week on week. The weekly rule watches the resting scores, the next morning
# and before a session (ids of ``records.CheckinContext``); progress is held when either rises by 2 or more.
# The worst during and right after a session are provoked by the exercise and judged by the session traffic
# light instead; /pain and /resume scores come with a flare pause, which holds progress already. *Design choice.*
WEEKLY_PAIN_CONTEXTS: Final = ("next_morning", "before")
PAIN_WEEK: Final = timedelta(days=7)
# "Not improved after 2-4 weeks of regular training: suggest a clinician" (NHS inform). We take the middle
# of that range, 3 weeks. *Design choice.*
NO_IMPROVEMENT_WEEKS: Final = 3
# Outcome measures (coach.measures). PEG-3: a change of 30% of the first score (IMMPACT, Dworkin et al., J Pain
# 2008), at least 1 point on the 0-10 mean (*design choice*, so a low first score is not judged by noise).
PEG_MEANINGFUL_FRACTION: Final = 0.30
PEG_MEANINGFUL_POINTS: Final = 1.0
# PSFS: 2 points on the mean of the activities (Stratford 1995; Abbott & Schmitt, JOSPT 2014).
PSFS_MEANINGFUL_POINTS: Final = 2.0
# How often the PSFS activities are rated again (issue 16: every two weeks).
PSFS_INTERVAL_DAYS: Final = 14
# "Regular training" for that rule: the same adherence as the level gate. *Design choice.*
REGULAR_TRAINING_ADHERENCE: Final = 0.80

# --- /pain flare pause (clinical.md section 4) ----------------------------------------------------------
# Resume at the pre-flare dose after two check-ins at or below the pre-flare baseline (or the user says so).
RESUME_CHECKINS_AT_BASELINE: Final = 2
# The pre-flare baseline: the mean of the next-morning check-ins in the 7 days before /pain, rounded down (the
# strict direction), else the usual pain given at onboarding; and the check-ins held against it to resume are
# the next-morning ones since the pause ("check again next morning", clinical.md section 4). One context on
# both sides: a worst-during or a /pain score measures something else, and is never averaged in (clinical.md
# section 4: "same context, never mixed"). *Design choice.*
PRE_FLARE_WINDOW: Final = timedelta(days=7)
PRE_FLARE_CONTEXT: Final = "next_morning"
# "/pain: advice follows the score" (clinical.md section 4). At 8 or more: rest positions, pain relief as a
# pharmacist advises, a doctor or the non-emergency line if it does not settle within a few days (NHS inform,
# back pain self-help); 3 or less: keep gently moving. The bands are a *design choice* (8 = the session
# traffic light's red ceiling, ``RED_CEILING``).
FLARE_SEVERE_FROM: Final = 8
FLARE_MILD_UP_TO: Final = 3
# "/resume first asks pain now and keeps the pause at 7 or more, or more than 2 above usual" (clinical.md
# section 4; 7 is the in-session "ends the session" line, 2 the minimal important change, Ostelo 2008).
RESUME_KEEP_PAUSE_FROM: Final = 7
RESUME_MAX_ABOVE_USUAL: Final = 2

# --- Doctor consultation check (clinical.md section 2; article rule 1) ---------------------------------
# "Not yet": a gentle start plus a reminder to book the visit, once, about a week later. *Design choice.*
DOCTOR_REMINDER_AFTER: Final = timedelta(days=7)

# --- Level change proposals (clinical.md section 7: paolof89/back-pain-recovery phase gates) -----------
LEVEL_MIN: Final = 0
LEVEL_OPEN_MAX: Final = 3  # proposals stop at level 3; level 4 has its own gate (article rule 7)
LEVEL_LOCKED: Final = 4
START_LEVEL: Final = 1  # a cleared user starts at level 1 (foundation). *Design choice.*
LEVEL_UP_MIN_DAYS: Final = 14  # two weeks at the current level
LEVEL_UP_MIN_ADHERENCE: Final = 0.80  # at least 80% of planned sessions done
LEVEL_UP_CLEAN_DAYS: Final = 14  # no yellow or red session in the last 14 days

# --- Level-4 gate (clinical.md section 6; article rule 7) -----------------------------------------------
LEVEL4_GREEN_DAYS_AT_LEVEL3: Final = 14  # two weeks green at level 3
LEVEL4_HIP_HINGE_GREENS: Final = 2  # the hip hinge green twice
LEVEL4_GATE_EXERCISE: Final = "hip_hinge"
# Two weeks "green" means sessions were done and were green: green sessions alone must reach the level-up
# adherence (80% of the weekly goal over 14 days, e.g. 7 of 8), with no yellow or red. *Design choice.*
LEVEL4_GREEN_ADHERENCE: Final = 0.80

# --- Schedule (clinical.md section 5) -------------------------------------------------------------------
# 3-5 sessions a week works best (dose-response meta-regression); the article says 4-5.
WEEKLY_GOAL_DEFAULT: Final = 4
WEEKLY_GOAL_STRETCH: Final = 5
WEEKLY_GOAL_CHOICES: Final = (4, 5)
# Tolerant weekly streak: a week within one session of the goal keeps the streak alive, and the week in
# progress never breaks it (paolof89/back-pain-recovery: "tolerant weekly streak"). *Design choice.*
STREAK_SLACK_SESSIONS: Final = 1
# Adherence counts at most one session per local day, so a double session does not make up a missed
# day. *Design choice.*
ADHERENCE_MAX_SESSIONS_PER_DAY: Final = 1

# --- Session shape and duration (clinical.md section 5) -------------------------------------------------
WARMUP_TARGET_MINUTES: Final = 5  # "about 5 min warm-up" (clinical.md section 5; article rule 4)
MINIMUM_SESSION_MINUTES: Final = 5  # the 5-minute minimum session that still counts
MINIMUM_SESSION_WARMUP_ITEMS: Final = 2  # *design choice*: a short warm-up (2 moves) ...
MINIMUM_SESSION_EXERCISES: Final = 2  # ... then the 2 slots most due, one set each. *Design choice.*
ROTATION_OR_HINGE_SLOT_FROM_LEVEL: Final = 2  # from level 2 a rotation or hinge slot (clinical.md s. 6)
# Duration model for estimates: seconds per rep (movement time), rest between sets, set-up per exercise.
# *Design choices*, used for the "about N minutes" shown to the user; the rest is also the timer's (below).
SECONDS_PER_REP: Final = 4
REST_BETWEEN_SETS_SECONDS: Final = 30
SETUP_SECONDS_PER_EXERCISE: Final = 15

# --- The exercise timer (coach.timer; issue 13 item 4) ------------------------------------------------
# A card offers a timer when its holds (or moving time) last at least this long; shorter ones are counted in
# the head. Between two holds: a relax to lower and settle, or a switch when the side changes; between sets the
# rest above. *Design choices* (the cards' own steps say "hold, then lower slowly", "swap sides").
TIMER_MIN_SECONDS: Final = 10
TIMER_RELAX_SECONDS: Final = 5
TIMER_SWITCH_SECONDS: Final = 5
