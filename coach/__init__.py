"""BackCoach coaching core: the pure decision-making brain of the bot.

No Telegram, no database, no clock: callers pass the user's state and ``now`` / ``today`` in and get new
immutable values back. One concept per module:

- ``rules``: every threshold, as a named constant with its source (the one place a clinician reviews).
- ``catalogue`` (+ ``catalogue.toml``) and ``dose``: exercise cards, dose ladders, loading and validation.
- ``records``: the plain input types callers build from database rows (profile, progress, check-ins).
- ``pain``: the 0-10 scale, parsing typed scores, meaningful change.
- ``screening``: red-flag questions and decisions, the doctor-consultation rule, programme access.
- ``safety``: the in-session stop rule.
- ``planner``: today's session (full, 5-minute minimum, gentle).
- ``timer``: the exercise timer's plan for one card (reps, sides, relax or switch, rest between sets, move/hold).
- ``progression``: session traffic light, next dose, holds, flare pause/resume, level changes, level-4 gate.
- ``schedule``: reminder times across DST, weekly goal, tolerant streak, adherence.
- ``education``: sitting-position tips (article rule 8).
- ``pose`` (+ ``poses.toml``): the figure and one pose description per card, behind the exercise pictures.
- ``rule_index``: every rule of clinical.md -> the code that implements it, its source, its tests.

The rules come from /work/shared/clinical.md; each module names the section and source it implements.
"""
