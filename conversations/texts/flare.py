"""Texts of /pain (a flare: pause, pain score, safety questions, a gentle day) and /resume. Neutral and calm."""

from __future__ import annotations

PAUSED = (
    "I'm sorry your back is hurting. I've paused your progress, so nothing gets harder while it settles. "
    "Your exercises and doses are saved where they were."
)
PAUSED_BEFORE_START = (
    "I'm sorry your back is hurting. You haven't started a programme with me yet, so nothing can get harder. "
    "I've noted the pause: when you set up (type /start), your sessions stay gentle until you type /resume."
)
ALREADY_PAUSED = "Your progress is already paused, so nothing gets harder. Let's see how you are today."
ASK_SCORE = "How strong is your pain right now, from 0 (no pain) to 10 (worst imaginable)? Tap or type a number."
RECHECK_INTRO = "Thank you. Now a few safety questions, one at a time. Please answer each one honestly."
RECHECK_HINT = "Please answer with Yes, No or Not sure."
OFFER = (
    "Thank you. None of those applies, so there's no need for urgent care.\n\n"
    "For today, choose what feels right. Gentle movement usually helps a sore back settle."
)
GENTLE = "A gentle session (warm-up moves only)"
REST = "Rest and walking today"
OFFER_HINT = "Please choose one of the options below."
REST_TEXT = (
    "Good plan. Rest when you need to, and take a few short, easy walks through the day: "
    "a few minutes at a time is enough. Change position often.\n\n"
    "If the pain gets much worse, or you notice new symptoms, please contact your doctor. "
    "When you feel ready, type /today for a gentle session, or /resume to carry on with your programme."
)
NOT_PAUSED = "Your programme isn't paused, so there's nothing to resume. Type /today for today's session. 🙂"
RESUMED = (
    "Welcome back 👋 Your programme carries on from where it was before the flare, never higher. "
    "Type /today when you're ready."
)
RESUMED_BEFORE_START = "Pause lifted 👍 When you're ready, type /start to set up your programme. It starts gently."
NOT_SET_UP = "Let's get you set up first: type /start."
