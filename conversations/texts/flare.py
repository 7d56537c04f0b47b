"""Texts of /pain (a flare: pause, pain score, safety questions, a gentle day) and /resume. Neutral and calm."""

from __future__ import annotations

from coach import rules
from coach.progression import FlareCare, ResumeVerdict
from locales import N_, _

PAUSED = (
    N_("I'm sorry your back is hurting. I've paused your progress, so nothing gets harder while it settles. "
    "Your exercises and doses are saved where they were.")
)
PAUSED_BEFORE_START = (
    N_("I'm sorry your back is hurting. You haven't started a programme with me yet, so nothing can get harder. "
    "I've noted the pause: when you set up (type /start), your sessions stay gentle until you type /resume.")
)
ALREADY_PAUSED = N_("Your progress is already paused, so nothing gets harder. Let's see how you are today.")
ASK_SCORE = N_("How strong is your pain right now, from 0 (no pain) to 10 (worst imaginable)? Tap or type a number.")
RECHECK_INTRO = N_("Thank you. Now a few safety questions, one at a time. Please answer each one honestly.")
RECHECK_HINT = N_("Please answer with Yes, No or Not sure.")
NO_URGENT_SIGNS = N_("Thank you. None of those urgent signs applies.")
#: What /pain advises once no urgent sign applies; the advice follows the score (coach.progression.flare_care).
CARE = {
    FlareCare.REST_AND_RELIEF: (
        N_("Pain this strong needs looking after today:\n"
        "• Rest in a position that eases it, for example on your back with your knees bent over a pillow, "
        "or on your side with a pillow between your knees.\n"
        "• For pain relief, ask a pharmacist what suits you.\n"
        "• If it does not settle within a few days, or keeps getting worse, contact your doctor "
        "or your local non-emergency health line.\n\n"
        "Short, easy walks can help once you feel able. Choose what feels right for today.")
    ),
    FlareCare.GENTLE_DAY: (
        N_("For today, keep things gentle: short, easy walks, changing position often, and the warm-up moves "
        "if they feel fine. Choose what feels right.")
    ),
    FlareCare.KEEP_MOVING: (
        N_("Gentle movement usually helps a sore back settle. A gentle session or a short walk are both "
        "good choices today.")
    ),
}
GENTLE = N_("A gentle session (warm-up moves only)")
REST = N_("Rest and walking today")
OFFER_HINT = N_("Please choose one of the options below.")
REST_TEXT = (
    N_("Good plan. Rest when you need to, and take a few short, easy walks through the day: "
    "a few minutes at a time is enough. Change position often.\n\n"
    "If the pain gets much worse, or you notice new symptoms, please contact your doctor. "
    "When you feel ready, type /today for a gentle session, or /resume to carry on with your programme.")
)
NOT_PAUSED = N_("Your programme isn't paused, so there's nothing to resume. Type /today for today's session. 🙂")
RESUMED = (
    N_("Welcome back 👋 Your programme carries on from where it was before the flare, never higher. "
    "Type /today when you're ready.")
)
RESUMED_BEFORE_START = N_("Pause lifted 👍 When you're ready, type /start to set up your programme. It starts gently.")
NOT_SET_UP = N_("Let's get you set up first: type /start.")

ASK_RESUME_SCORE = (
    N_("Before I lift the pause: how is your back right now, from 0 (no pain) to 10 (worst imaginable)? "
    "Tap or type a number.")
)
TRY_AGAIN = (
    N_("Your progress stays paused for now, so nothing gets harder. Try /resume again tomorrow, or once two "
    "morning check-ins are at or below your usual level. Gentle sessions are still there: type /today.")
)


def still_paused(verdict: ResumeVerdict, score: int, usual: int | None) -> str:
    """Why /resume kept the pause, and when to try again."""
    if verdict is ResumeVerdict.KEEP_HIGH_PAIN:
        why = _(
            "Thank you. {score}/10 is still strong pain ({threshold} or more), "
            "so it's better to let your back settle first."
        ).format(score=score, threshold=rules.RESUME_KEEP_PAUSE_FROM)
    else:
        why = _(
            "Thank you. {score}/10 is more than {points} points above your usual "
            "{usual}/10, so it's better to let your back settle first."
        ).format(score=score, points=rules.RESUME_MAX_ABOVE_USUAL, usual=usual)
    return f"{why}\n\n{_(TRY_AGAIN)}"
