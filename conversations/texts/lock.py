"""Texts of the red-flag lock: what the user reported and when, and the one way forward.

Neutral, fixed and plain (clinical.md s. 2): never a diagnosis, never a word suggesting exercise while a
flag is open. The advice itself comes from ``coach.screening.decision_advice`` with the user's emergency
number. HTML parse mode.
"""

from __future__ import annotations

from datetime import date

from locales import N_, _, format_day

#: Each red-flag question (now and retired) as something the user reported ("On 1 December 2026 you told me
#: about: ...").
REPORTED: dict[str, str] = {
    "ce_bladder": N_("new trouble passing urine, or leaking urine"),
    "ce_bowel": N_("new loss of control of your bowels"),
    "ce_saddle": N_("numbness or pins and needles around your genitals, back passage or inner buttocks"),
    "ce_sexual": N_("a new change in your sex life, such as less feeling in your genitals"),
    "ce_leg_weak": N_("a leg getting weaker, or a foot starting to drag or catch"),
    "ce_both_legs": N_("pain, numbness or pins and needles down both legs"),
    "inf_hot_shivery": N_("a fever, or feeling hot and shivery, with your back pain"),
    "inf_immune_medicine": N_("taking a medicine that weakens your immune system"),
    "inf_antibiotics": N_("an infection treated with antibiotics in the last 6 weeks"),
    "inf_injected": N_("having injected drugs in the last 6 weeks"),
    "fx_fall": N_("pain that began after a fall, an accident or a hard knock"),
    "fx_osteoporosis": N_("osteoporosis"),
    "fx_steroids": N_("taking steroid tablets for more than 3 months"),
    "ca_treated": N_("having been treated for cancer"),
    "ca_weight_loss": N_("losing weight without trying to"),
    "ca_night_pain": N_("pain at night that stays the same whatever position you lie in"),
    "ca_first_episode": N_("a first ever back pain"),
    "ca_age": N_("being under 20 or over 50"),
    "ia_morning_stiffness": N_("long morning stiffness that eases as you move, which began before 45"),
    "ex_pregnancy": N_("being pregnant"),
    "ex_spine_surgery": N_("an operation on your spine in the last year"),
    "ex_known_condition": N_("a specific back condition a doctor told you about"),
    "ex_severe_constant": N_("severe pain all the time, with no comfortable position"),
    # asked by earlier versions of the screen (coach.screening.RETIRED_QUESTIONS)
    "ce_legs": N_("a leg getting weaker, a foot dragging, or pain or numbness down both legs"),
    "inf_fever": N_("a fever, or feeling generally unwell, along with your back pain"),
    "inf_immune": N_("taking medicine that weakens your immune system"),
    "inf_recent": N_("a recent infection"),
    "fx_impact": N_("pain that began after a fall, an accident or a heavy impact"),
    "fx_bones": N_("osteoporosis, or taking steroid tablets for a long time"),
    "ca_history": N_("having been treated for cancer"),
    "ca_weight": N_("losing weight without trying to"),
    "ca_night": N_("pain at night that stays the same whatever position you lie in"),
    "ca_first_age": N_("a first ever back pain, under 20 or over 50"),
    "ex_pregnant": N_("being pregnant"),
    "ex_surgery": N_("an operation on your spine in the last year"),
    "ex_diagnosis": N_("a specific back condition a doctor told you about"),
    "ex_severe": N_("severe, constant pain with no comfortable position"),
}

REPORTED_INTRO = N_("On {date} you told me about:")
#: Right after the flag: how to come back, without buttons (a clearance the same minute makes no sense).
WAY_FORWARD_LATER = (
    N_("I won't suggest any exercises for now. When a doctor or physiotherapist has examined you and said "
    "exercise is fine, type /screen to tell me.")
)
#: Shown again later (any command, /start, /screen, a reminder button): the one way forward, as a question.
CLEARANCE_QUESTION = (
    N_("<b>Has a doctor or physiotherapist examined you since {date} and said exercise is fine?</b>\n"
    "Until then I won't suggest any exercises. /help, /language, /export, /delete and /stop still work.")
)
CLEARED_BUTTON = N_("Yes: examined since then and cleared")
NOT_YET_BUTTON = N_("Not yet")
NOT_YET = N_("Thank you for telling me. Nothing changes until a clinician has examined you.")
NOT_YET_AFTER = N_("When they have and said exercise is fine, type /screen and tell me.")
#: Stored with the clearance, in the user's own words (the button they pressed).
CLEARANCE_WORDS = N_("A doctor or physiotherapist examined me after {date} and said exercise is fine.")
CLEARED = (
    N_("Thank you. I've noted that a doctor or physiotherapist examined you after {date} and said exercise is "
    "fine. If anything changes, type /screen.")
)
PRESS_IS_OLD = N_("That question is from earlier. Here it is again.")


def day_text(day: date) -> str:
    """A date as people write it: "1 December 2026"."""
    return format_day(day, "d MMMM y")


def reported_list(question_ids: tuple[str, ...], raised_on: date) -> str:
    """"On <date> you told me about:" and one line per flagged question."""
    lines = [f"• {_(REPORTED.get(qid, qid))}" for qid in question_ids]
    return "\n".join([_(REPORTED_INTRO).format(date=day_text(raised_on)), *lines])
