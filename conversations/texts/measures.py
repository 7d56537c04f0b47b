"""Texts of the outcome measures: the PEG-3 questions (as published), the PSFS, and the round's summary.

HTML parse mode: an activity the user named is escaped before it is shown.
"""

from __future__ import annotations

import html
from datetime import date

from coach.measures import PEG_QUESTIONS, PSFS_MAX_ACTIVITIES, Trend
from locales import N_, Number, _, format_day

INTRO = N_("Three quick questions about the past week (about a minute). They show how your back affects your life.")
CHECKUP_BUTTON = N_("📋 3 quick questions")
PEG = N_("<b>Question {number} of 3</b>\n{text}\n\n0 = {low}, 10 = {high}.")
PSFS_INTRO = (
    N_("One more, and it's optional: is there an activity you find hard because of your back? Type it in a few "
    "words (for example <i>sitting through a film</i> or <i>lifting my child</i>), or tap Skip.")
)
PSFS_ANOTHER = N_("Another activity you find hard? Type it, or tap That's all (up to {most}).")
PSFS_RATE = (
    N_("How well can you do this now: <b>{activity}</b>?\n\n"
    "0 = unable to do it, 10 = as well as before your back problem.")
)
SKIP = N_("Skip")
THATS_ALL = N_("That's all")
NOT_AN_ACTIVITY = (
    N_("I couldn't use that as an activity. Please type a short name with words, up to 60 characters "
    "(for example <i>gardening</i>), or tap Skip.")
)
SCORE_HINT = N_("Please tap a number from 0 to 10, or type one.")
STALE = N_("That question is from an earlier check-up. Send /checkup to answer a new one.")
THANKS = N_("Thank you, that's saved.")
PEG_SCORE = N_("Your score this week: {score:.1f} out of 10 (lower is better).")
PSFS_SCORE = N_("Your activities: {score:.1f} out of 10 (higher is better).")
TRENDS = {
    Trend.IMPROVING: N_("Compared with your first check-up, {what} is <b>improving</b>. Well done."),
    Trend.SAME: N_("Compared with your first check-up, {what} is about the same so far."),
    Trend.WORSE: N_("Compared with your first check-up, {what} is <b>worse</b>. If that goes on, please talk to "
    "your doctor or physiotherapist."),
}
PEG_WHAT = N_("how much pain gets in your way")
PSFS_WHAT = N_("what you can do")
PEG_LINE = N_("Pain and its interference (PEG-3, 0-10, lower is better): {scores}")
PSFS_LINE = N_("Your activities (0-10, higher is better): {scores}")
SCORE_AT = N_("{score:.1f} on {day}")
ARROW = " → "
NO_MEASURES = N_("No check-up answered yet: /checkup takes a minute.")

assert len(PEG_QUESTIONS) == 3 and PSFS_MAX_ACTIVITIES == 3  # the texts above say "3"


def peg_question(index: int) -> str:
    question = PEG_QUESTIONS[index]
    return _(PEG).format(number=index + 1, text=_(question.text), low=_(question.low), high=_(question.high))


def psfs_rate(activity: str | None) -> str:
    return _(PSFS_RATE).format(activity=html.escape(activity or ""))


def score_line(template: str, scores: list[tuple[date, float]]) -> str:
    """A measure's rounds as one line, oldest to newest ("6.0 on 2 Nov → 4.3 on 30 Nov")."""
    shown = [_(SCORE_AT).format(score=Number(score), day=format_day(day, "d MMM")) for day, score in scores]
    return template.format(scores=ARROW.join(shown))


def measures_lines(peg: list[tuple[date, float]], psfs: list[tuple[date, float]]) -> list[str]:
    """The lines /progress and /report show for the outcome measures."""
    lines = [score_line(_(PEG_LINE), peg)] if peg else []
    lines += [score_line(_(PSFS_LINE), psfs)] if psfs else []
    return lines or [_(NO_MEASURES)]
