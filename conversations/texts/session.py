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
from locales import N_, _, ngettext

NOT_SET_UP = N_("Let's get you set up first: type /start and I'll ask a few short questions.")
LOCKED = (
    N_("The exercises are locked until a clinician has examined you and cleared you for exercise. "
    "When they have, type /screen and we'll go through the safety questions again.")
)
IN_PROGRESS = N_("You have a session on the go: exercise {position} of {total}. Carry on where you left off?")
IN_PROGRESS_ALL_ANSWERED = N_("You have a session on the go, with every exercise answered. Finish it off?")
CONTINUE = N_("Continue")
SHORT_VERSION = N_("Short on time? The 5-minute version")
START_AGAIN = N_("Start again")

INTRO = {
    SessionKind.FULL: N_("<b>Today's session</b>: {count} exercises, about {minutes} minutes."),
    SessionKind.MINIMUM: N_("<b>Today's short session</b>: {count} exercises, about {minutes} minutes."),
    SessionKind.GENTLE: (
        N_("<b>Today's gentle session</b>: {count} easy moves, about {minutes} minutes.")
    ),
}
BEFORE_ASK = (
    N_("\n\nOne tap before we start: how is your back <b>right now</b>, from 0 (no pain) to 10 (the worst you can "
    "imagine)? I compare it with how it feels afterwards, so the programme follows your own back.")
)
BEFORE_NOTED = N_("Thanks, {score}/10 noted. Here we go 👇")
BEFORE_HINT = N_("Tap a number from 0 to 10 for how your back feels right now, or type it (for example 4).")
INTRO_TAIL = N_("\n\nWe start with the warm-up (about 5 minutes). Go at your own pace: tap <b>Done</b> after each one.")


class Gentle:
    """Why today's session is the gentle one (shown under the intro)."""

    PAUSED = (
        N_("\n\nYour progress is paused after /pain, so we stick to the warm-up and nothing gets harder. "
        "Type /resume when you feel ready.")
    )
    DOCTOR_CHECK = (
        N_("\n\nUntil your doctor or physiotherapist has said exercise is fine, we do gentle mobility only. "
        "Strengthening opens once you tell me they have.")
    )
    EXTRA = (
        N_("\n\nThis is an extra on top of today's session: warm-up moves only, nothing harder. "
        "Stop whenever you like.")
    )


# /today once today's session is done: a gentle extra or rest, never a second full session.
DONE_TODAY = (
    N_("You've done today's session 👍 Your back has earned a rest. "
    "If you'd like to move a little more, there's a gentle extra: warm-up moves only.")
)
DONE_TODAY_HURT = (
    N_("Today's session is done, and something hurt along the way, so it's best not to do more strengthening "
    "today. Rest and short, easy walks are good. If you'd like, there's a gentle extra: warm-up moves only, "
    "leaving out anything that hurt today.")
)
GENTLE_EXTRA = N_("A gentle extra (warm-up moves)")
REST_TODAY = N_("Rest for today")
REST_TODAY_TEXT = N_("Good plan. Rest is part of getting better. See you next time 🙂 Type /today whenever you like.")
EXTRA_DONE = N_("That's your gentle extra done 👍 Rest well.")


WARMUP_LABEL = N_("Warm-up")
MAIN_PART = N_("Warm-up done, nice. Now the main part 💪")
MAIN_PART_NO_WARMUP = (
    N_("Now the main part 💪 You skipped the warm-up, so go extra gently on the first moves: they warm you up too.")
)
EASIER_LABEL = N_("Easier version")

DONE = N_("Done ✅")
SKIP = N_("Skip")
HURTS = N_("It hurts")
TIMER = N_("Start the timer ⏱")

HINT_BUTTONS = N_("Please use the buttons under the exercise. If something hurts, tap <b>It hurts</b>.")

# Button-press answers (small pop-ups).
SESSION_OVER = N_("That session is over. Type /today for today's session.")
ALREADY_NOTED = N_("Already noted 👍")
NOT_NOW = N_("That button is from an earlier step. Please use the latest message.")

# It hurts: neutral words.
HURT_ASK_KIND = N_("Stop this exercise now. What kind of pain is it?")
HURT_KIND_BUTTONS: tuple[tuple[PainKind, str, str], ...] = (
    (PainKind.DULL_ACHE_FADES, "dull", N_("A dull ache")),
    (PainKind.SHARP_OR_SHOOTING, "sharp", N_("Sharp or shooting")),
    (PainKind.INTO_LEG, "leg", N_("Pain going into a leg")),
    (PainKind.NUMBNESS, "numb", N_("Numbness or tingling")),
)
HURT_KIND_HINT = N_("Please choose the kind of pain with the buttons below.")
HURT_ASK_SCORE = (
    N_("How strong is it right now, from 0 (no pain) to 10 (worst imaginable)? "
    "Tap a number or type it. You can also skip this.")
)
HURT_SKIP_SCORE = N_("Skip this question")
HURT_SCORE_HINT = N_("Tap a number from 0 to 10, type it (for example 4), or skip.")
DULL_ACHE_STOPPED = (
    N_("A mild dull ache that fades is usually fine. We'll still leave this exercise for today, to be safe. "
    "If it turns sharp, goes into a leg, brings numbness or tingling, or keeps rising, stop and rest.")
)
RECHECK_INTRO = {
    PainKind.INTO_LEG: N_("Because the pain goes into your leg, I need to ask a few safety questions. One at a time."),
    PainKind.NUMBNESS: N_("Because of the numbness or tingling, I need to ask a few safety questions. One at a time."),
}
RECHECK_HINT = N_("Please answer with Yes, No or Not sure.")
RECHECK_CLEAR = (
    N_("Thank you. None of those urgent signs applies. If one of them appears later, get emergency care at once: "
    "don't wait to see if it passes.")
)
WHAT_NEXT = N_("What would you like to do now?")
TRY_EASIER = N_("Try the easier version")
NEXT_EXERCISE = N_("Next exercise")
END_SESSION = N_("End the session")
NEXT_HINT = N_("Please choose with the buttons below.")

# The timer (``conversations.timer``): one message redrawn as it runs, with Done / It hurts under it.
TIMER_TITLE = N_("⏱ <b>{name}</b>")
TIMER_SET = N_(" · set {set} of {sets}")
TIMER_SIDE = {Side.LEFT: N_("Left side"), Side.RIGHT: N_("Right side")}
TIMER_REP = N_("rep {rep} of {reps}")
TIMER_WORK = {Motion.HOLD: N_("hold, <b>{left} s</b> left"), Motion.MOVE: N_("keep moving, <b>{left} s</b> left")}
TIMER_RELAX = N_("Lower and relax: <b>{left} s</b>")
TIMER_SWITCH = N_("Switch to the {side}: <b>{left} s</b>")
TIMER_SWITCH_SIDES = N_("Switch sides: <b>{left} s</b>")
TIMER_REST = N_("Rest before set {set}: <b>{left} s</b>. Breathe easy.")
TIMER_NEXT = N_("Next: {what}")
TIMER_DONE = N_("⏱ Time's up. Relax and breathe. Tap <b>Done</b> when you've finished.")
TIMER_STOPPED = N_("⏱ Timer stopped: we've moved on.")
TIMER_ALREADY = N_("The timer is already running.")

SUMMARY = N_("<b>Session done</b> 🎉\n{what}. It took about {minutes} {minute_word}.")
SUMMARY_STOPPED = (
    N_("<b>Session ended for today</b>\n{what}. It took about {minutes} {minute_word}.\n\n"
    "Stopping was the right thing to do. Be gentle with your back for the rest of the day: short walks and "
    "changing position help. If it keeps hurting, /pain pauses your progress and helps.")
)
SUMMARY_NOTHING = (
    N_("<b>No exercises this time</b>\n{what}. That's okay: some days are like that. A short walk still helps "
    "your back, and your next session is waiting for you.")
)


def intro(kind: SessionKind, count: int, minutes: int, gentle_reason: str | None) -> str:
    """The first message of a new session (with why it is gentle, if it is)."""
    text = _(INTRO[kind]).format(count=count, minutes=minutes) + _(INTRO_TAIL)
    return text + (gentle_reason or "")


def in_progress(position: int, total: int) -> str:
    """The offer to carry on with today's unfinished session (past its last exercise: to finish it)."""
    if position > total:
        return _(IN_PROGRESS_ALL_ANSWERED)
    return _(IN_PROGRESS).format(position=position, total=total)


def item(exercise: Exercise, dose: Dose, position: int, total: int, *, warmup: bool, easier: bool) -> str:
    """One exercise card: name, today's dose, numbered steps, how to breathe, the common mistake, when to skip it."""
    label = _(WARMUP_LABEL) if warmup else (_(EASIER_LABEL) if easier else _("Exercise"))
    dose_words = dose.describe(each_side=exercise.sides is Sides.EACH)
    steps = (f"{n}. {html.escape(_(step))}" for n, step in enumerate(exercise.steps, start=1))
    lines = [
        f"<b>{position}/{total} · {html.escape(_(exercise.name))}</b> ({label})",
        _("Today: <b>{dose}</b>").format(dose=html.escape(dose_words)),
        "",
        *steps,
        "",
        _("Breathing: {how}").format(how=html.escape(_(exercise.breathing))),
        _("<i>Avoid: {mistake}</i>").format(mistake=html.escape(_(exercise.mistake))),
        _("<i>Skip it today if: {when}</i>").format(when=html.escape(_(exercise.skip_if))),
    ]
    return "\n".join(lines)


def tip(title: str, text: str) -> str:
    """A sitting tip under the session's summary."""
    return f"\n\n💡 <b>{html.escape(title)}</b>\n{html.escape(text)}"


def timer_frame(name: str, moment: Moment) -> str:
    """The timer's message at one moment: the exercise (and set), what to do now and for how long, what's next."""
    phase = moment.phase
    title = _(TIMER_TITLE).format(name=html.escape(name)) + (
        _(TIMER_SET).format(set=phase.set, sets=phase.sets) if phase.sets > 1 else ""
    )
    lines = [title, _timer_now(phase, moment.left)]
    if moment.next is not None and moment.next.step is Step.WORK and phase.step is not Step.WORK:
        lines.append(_(TIMER_NEXT).format(what=_who(moment.next)))
    return "\n".join(lines)


def timer_done(name: str) -> str:
    return _(TIMER_TITLE).format(name=html.escape(name)) + "\n" + _(TIMER_DONE)


def _timer_now(phase: Phase, left: int) -> str:
    if phase.step is Step.WORK:
        doing = _(TIMER_WORK[phase.motion]).format(left=left)
        who = _who(phase)
        return f"<b>{who}</b>: {doing}" if who else doing[0].upper() + doing[1:]
    if phase.step is Step.SWITCH:
        side = _(TIMER_SIDE[phase.side]).lower() if phase.side else None
        return _(TIMER_SWITCH).format(side=side, left=left) if side else _(TIMER_SWITCH_SIDES).format(left=left)
    if phase.step is Step.REST:
        return _(TIMER_REST).format(set=phase.set, left=left)
    return _(TIMER_RELAX).format(left=left)


def _who(phase: Phase) -> str:
    """Which side and rep a hold is ("Left side, rep 1 of 2"), as far as there is more than one."""
    parts = [_(TIMER_SIDE[phase.side])] if phase.side else []
    if phase.reps > 1:
        parts.append(_(TIMER_REP).format(rep=phase.rep, reps=phase.reps))
    who = ", ".join(parts)
    return who[0].upper() + who[1:] if who else ""


def summary(done: int, skipped: int, hurt: int, total: int, minutes: int, easier: int = 0) -> str:
    """The end of a session: what they did (of the planned exercises, and easier versions) and how long it took."""
    did = ngettext("You did {done} of {total} exercise", "You did {done} of {total} exercises", total)
    parts = [did.format(done=done, total=total)]
    if easier:
        versions = ngettext("and {easier} easier version", "and {easier} easier versions", easier)
        parts[0] += " " + versions.format(easier=easier)
    if skipped:
        parts.append(_("skipped {skipped}").format(skipped=skipped))
    if hurt:
        parts.append(_("stopped {hurt} because it hurt").format(hurt=hurt))
    what = ", ".join(parts)
    template = _(SUMMARY_STOPPED) if hurt else (_(SUMMARY) if done or easier else _(SUMMARY_NOTHING))
    return template.format(what=what, minutes=minutes, minute_word=ngettext("minute", "minutes", minutes))
