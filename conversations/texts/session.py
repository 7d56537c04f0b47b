"""Texts of the day's session: the plan, each exercise card, "It hurts", the timer and the summary.

Warm and short for the coaching; neutral for anything about safety. HTML: values are escaped here.
"""

from __future__ import annotations

import html

from coach.catalogue import Exercise, Motion, Sides
from coach.dose import Dose
from coach.records import SessionKind
from coach.safety import PainKind
from coach.timer import Moment, Phase, Side, Step

NOT_SET_UP = "Let's get you set up first: type /start and I'll ask a few short questions."
LOCKED = (
    "The exercises are locked until a clinician has examined you and cleared you for exercise. "
    "When they have, type /screen and we'll go through the safety questions again."
)
IN_PROGRESS = "You have a session on the go: exercise {position} of {total}. Carry on where you left off?"
IN_PROGRESS_ALL_ANSWERED = "You have a session on the go, with every exercise answered. Finish it off?"
CONTINUE = "Continue"
SHORT_VERSION = "Short on time? The 5-minute version"
START_AGAIN = "Start again"

INTRO = {
    SessionKind.FULL: "<b>Today's session</b>: {count} exercises, about {minutes} minutes.",
    SessionKind.MINIMUM: "<b>Today's short session</b>: {count} exercises, about {minutes} minutes.",
    SessionKind.GENTLE: (
        "<b>Today's gentle session</b>: {count} easy moves, about {minutes} minutes."
    ),
}
BEFORE_ASK = (
    "\n\nOne tap before we start: how is your back <b>right now</b>, from 0 (no pain) to 10 (the worst you can "
    "imagine)? I compare it with how it feels afterwards, so the programme follows your own back."
)
BEFORE_NOTED = "Thanks, {score}/10 noted. Here we go 👇"
BEFORE_HINT = "Tap a number from 0 to 10 for how your back feels right now, or type it (for example 4)."
INTRO_TAIL = "\n\nWe start with the warm-up (about 5 minutes). Go at your own pace: tap <b>Done</b> after each one."


class Gentle:
    """Why today's session is the gentle one (shown under the intro)."""

    PAUSED = (
        "\n\nYour progress is paused after /pain, so we stick to the warm-up and nothing gets harder. "
        "Type /resume when you feel ready."
    )
    DOCTOR_CHECK = (
        "\n\nUntil your doctor or physiotherapist has said exercise is fine, we do gentle mobility only. "
        "Strengthening opens once you tell me they have."
    )
    EXTRA = (
        "\n\nThis is an extra on top of today's session: warm-up moves only, nothing harder. "
        "Stop whenever you like."
    )


# /today once today's session is done: a gentle extra or rest, never a second full session.
DONE_TODAY = (
    "You've done today's session 👍 Your back has earned a rest. "
    "If you'd like to move a little more, there's a gentle extra: warm-up moves only."
)
DONE_TODAY_HURT = (
    "Today's session is done, and something hurt along the way, so it's best not to do more strengthening "
    "today. Rest and short, easy walks are good. If you'd like, there's a gentle extra: warm-up moves only, "
    "leaving out anything that hurt today."
)
GENTLE_EXTRA = "A gentle extra (warm-up moves)"
REST_TODAY = "Rest for today"
REST_TODAY_TEXT = "Good plan. Rest is part of getting better. See you next time 🙂 Type /today whenever you like."
EXTRA_DONE = "That's your gentle extra done 👍 Rest well."


WARMUP_LABEL = "Warm-up"
MAIN_PART = "Warm-up done, nice. Now the main part 💪"
MAIN_PART_NO_WARMUP = (
    "Now the main part 💪 You skipped the warm-up, so go extra gently on the first moves: they warm you up too."
)
EASIER_LABEL = "Easier version"

DONE = "Done ✅"
SKIP = "Skip"
HURTS = "It hurts"
TIMER = "Start the timer ⏱"

HINT_BUTTONS = "Please use the buttons under the exercise. If something hurts, tap <b>It hurts</b>."

# Button-press answers (small pop-ups).
SESSION_OVER = "That session is over. Type /today for today's session."
ALREADY_NOTED = "Already noted 👍"
NOT_NOW = "That button is from an earlier step. Please use the latest message."

# It hurts: neutral words.
HURT_ASK_KIND = "Stop this exercise now. What kind of pain is it?"
HURT_KIND_BUTTONS: tuple[tuple[PainKind, str, str], ...] = (
    (PainKind.DULL_ACHE_FADES, "dull", "A dull ache"),
    (PainKind.SHARP_OR_SHOOTING, "sharp", "Sharp or shooting"),
    (PainKind.INTO_LEG, "leg", "Pain going into a leg"),
    (PainKind.NUMBNESS, "numb", "Numbness or tingling"),
)
HURT_KIND_HINT = "Please choose the kind of pain with the buttons below."
HURT_ASK_SCORE = (
    "How strong is it right now, from 0 (no pain) to 10 (worst imaginable)? "
    "Tap a number or type it. You can also skip this."
)
HURT_SKIP_SCORE = "Skip this question"
HURT_SCORE_HINT = "Tap a number from 0 to 10, type it (for example 4), or skip."
DULL_ACHE_STOPPED = (
    "A mild dull ache that fades is usually fine. We'll still leave this exercise for today, to be safe. "
    "If it turns sharp, goes into a leg, brings numbness or tingling, or keeps rising, stop and rest."
)
RECHECK_INTRO = {
    PainKind.INTO_LEG: "Because the pain goes into your leg, I need to ask a few safety questions. One at a time.",
    PainKind.NUMBNESS: "Because of the numbness or tingling, I need to ask a few safety questions. One at a time.",
}
RECHECK_HINT = "Please answer with Yes, No or Not sure."
RECHECK_CLEAR = (
    "Thank you. None of those urgent signs applies. If one of them appears later, get emergency care at once: "
    "don't wait to see if it passes."
)
WHAT_NEXT = "What would you like to do now?"
TRY_EASIER = "Try the easier version"
NEXT_EXERCISE = "Next exercise"
END_SESSION = "End the session"
NEXT_HINT = "Please choose with the buttons below."

# The timer (``conversations.timer``): one message redrawn as it runs, with Done / It hurts under it.
TIMER_TITLE = "⏱ <b>{name}</b>"
TIMER_SET = " · set {set} of {sets}"
TIMER_SIDE = {Side.LEFT: "Left side", Side.RIGHT: "Right side"}
TIMER_REP = "rep {rep} of {reps}"
TIMER_WORK = {Motion.HOLD: "hold, <b>{left} s</b> left", Motion.MOVE: "keep moving, <b>{left} s</b> left"}
TIMER_RELAX = "Lower and relax: <b>{left} s</b>"
TIMER_SWITCH = "Switch to the {side}: <b>{left} s</b>"
TIMER_SWITCH_SIDES = "Switch sides: <b>{left} s</b>"
TIMER_REST = "Rest before set {set}: <b>{left} s</b>. Breathe easy."
TIMER_NEXT = "Next: {what}"
TIMER_DONE = "⏱ Time's up. Relax and breathe. Tap <b>Done</b> when you've finished."
TIMER_STOPPED = "⏱ Timer stopped: we've moved on."
TIMER_ALREADY = "The timer is already running."

SUMMARY = "<b>Session done</b> 🎉\n{what}. It took about {minutes} {minute_word}."
SUMMARY_STOPPED = (
    "<b>Session ended for today</b>\n{what}. It took about {minutes} {minute_word}.\n\n"
    "Stopping was the right thing to do. Be gentle with your back for the rest of the day: short walks and "
    "changing position help. If it keeps hurting, /pain pauses your progress and helps."
)
SUMMARY_NOTHING = (
    "<b>No exercises this time</b>\n{what}. That's okay: some days are like that. A short walk still helps "
    "your back, and your next session is waiting for you."
)


def intro(kind: SessionKind, count: int, minutes: int, gentle_reason: str | None) -> str:
    """The first message of a new session (with why it is gentle, if it is)."""
    text = INTRO[kind].format(count=count, minutes=minutes) + INTRO_TAIL
    return text + (gentle_reason or "")


def in_progress(position: int, total: int) -> str:
    """The offer to carry on with today's unfinished session (past its last exercise: to finish it)."""
    if position > total:
        return IN_PROGRESS_ALL_ANSWERED
    return IN_PROGRESS.format(position=position, total=total)


def item(exercise: Exercise, dose: Dose, position: int, total: int, *, warmup: bool, easier: bool) -> str:
    """One exercise card: name, today's dose, numbered steps, how to breathe, the common mistake, when to skip it."""
    label = WARMUP_LABEL if warmup else (EASIER_LABEL if easier else "Exercise")
    lines = [
        f"<b>{position}/{total} · {html.escape(exercise.name)}</b> ({label})",
        f"Today: <b>{html.escape(dose.describe(each_side=exercise.sides is Sides.EACH))}</b>",
        "",
        *(html.escape(step) for step in exercise.numbered_steps()),
        "",
        f"Breathing: {html.escape(exercise.breathing)}",
        f"<i>Avoid: {html.escape(exercise.mistake)}</i>",
        f"<i>Skip it today if: {html.escape(exercise.skip_if)}</i>",
    ]
    return "\n".join(lines)


def tip(title: str, text: str) -> str:
    """A sitting tip under the session's summary."""
    return f"\n\n💡 <b>{html.escape(title)}</b>\n{html.escape(text)}"


def timer_frame(name: str, moment: Moment) -> str:
    """The timer's message at one moment: the exercise (and set), what to do now and for how long, what's next."""
    phase = moment.phase
    title = TIMER_TITLE.format(name=html.escape(name)) + (
        TIMER_SET.format(set=phase.set, sets=phase.sets) if phase.sets > 1 else ""
    )
    lines = [title, _timer_now(phase, moment.left)]
    if moment.next is not None and moment.next.step is Step.WORK and phase.step is not Step.WORK:
        lines.append(TIMER_NEXT.format(what=_who(moment.next)))
    return "\n".join(lines)


def timer_done(name: str) -> str:
    return TIMER_TITLE.format(name=html.escape(name)) + "\n" + TIMER_DONE


def _timer_now(phase: Phase, left: int) -> str:
    if phase.step is Step.WORK:
        doing = TIMER_WORK[phase.motion].format(left=left)
        who = _who(phase)
        return f"<b>{who}</b>: {doing}" if who else doing[0].upper() + doing[1:]
    if phase.step is Step.SWITCH:
        side = TIMER_SIDE[phase.side].lower() if phase.side else None
        return TIMER_SWITCH.format(side=side, left=left) if side else TIMER_SWITCH_SIDES.format(left=left)
    if phase.step is Step.REST:
        return TIMER_REST.format(set=phase.set, left=left)
    return TIMER_RELAX.format(left=left)


def _who(phase: Phase) -> str:
    """Which side and rep a hold is ("Left side, rep 1 of 2"), as far as there is more than one."""
    parts = [TIMER_SIDE[phase.side]] if phase.side else []
    if phase.reps > 1:
        parts.append(TIMER_REP.format(rep=phase.rep, reps=phase.reps))
    who = ", ".join(parts)
    return who[0].upper() + who[1:] if who else ""


def summary(done: int, skipped: int, hurt: int, total: int, minutes: int, easier: int = 0) -> str:
    """The end of a session: what they did (of the planned exercises, and easier versions) and how long it took."""
    versions = "version" if easier == 1 else "versions"
    parts = [f"You did {done} of {total} exercises" + (f" and {easier} easier {versions}" if easier else "")]
    if skipped:
        parts.append(f"skipped {skipped}")
    if hurt:
        parts.append(f"stopped {hurt} because it hurt")
    what = ", ".join(parts)
    template = SUMMARY_STOPPED if hurt else (SUMMARY if done or easier else SUMMARY_NOTHING)
    return template.format(what=what, minutes=minutes, minute_word="minute" if minutes == 1 else "minutes")
