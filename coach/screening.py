"""Red-flag screening and the doctor-consultation rule (clinical.md section 2; article rule 1).

The questions live here beside the rules that read them. Each question asks about one thing, in plain words.
The cauda equina questions are asked one per message (yes / no / not sure; "not sure" counts as yes, the
cautious reading); every other group is one checklist message whose items are ticked or not (no "not sure").
Questions of earlier versions of the screen stay known (``RETIRED_QUESTIONS``), so stored answers decide as
they did. ``decide`` returns the most severe outcome among the flagged groups; the inflammatory pattern is the
one outcome that locks nothing ("see your doctor, you may start gently"). The wording is neutral and fixed
(never playful, never randomised) and never diagnoses: it says what needs checking, not what the user has.

Sources: NICE NG59 (Low back pain and sciatica in over 16s); NHS CKS red-flag interpretation; NHS
Gloucestershire back pain pathway; Kaia instructions for use (clearance by a doctor before use).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum

from coach.emergency import EmergencyNumbers, numbers_for
from locales import N_, _


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class Group(StrEnum):
    CAUDA_EQUINA = "cauda_equina"
    INFECTION = "infection"
    FRACTURE = "fracture"
    CANCER = "cancer"
    INFLAMMATORY = "inflammatory"
    OTHER = "other_exclusions"


class Decision(IntEnum):
    """Screening outcome, ordered by severity (higher = more severe). Stored by name, never by number."""

    CLEAR = 0
    SEE_DOCTOR_START_GENTLY = 1  # inflammatory pattern: see your doctor; a gentle start is fine (no lock)
    CLINICIAN_GO_AHEAD = 2  # other exclusions: a clinician's go-ahead first
    DOCTOR_BEFORE_STARTING = 3  # fracture or cancer flags
    DOCTOR_TODAY = 4  # infection flags: same day
    EMERGENCY_NOW = 5  # cauda equina: emergency care now


#: What each flagged group means for the programme (clinical.md section 2, "bot action").
GROUP_DECISION: Mapping[Group, Decision] = {
    Group.CAUDA_EQUINA: Decision.EMERGENCY_NOW,
    Group.INFECTION: Decision.DOCTOR_TODAY,
    Group.FRACTURE: Decision.DOCTOR_BEFORE_STARTING,
    Group.CANCER: Decision.DOCTOR_BEFORE_STARTING,
    Group.INFLAMMATORY: Decision.SEE_DOCTOR_START_GENTLY,
    Group.OTHER: Decision.CLINICIAN_GO_AHEAD,
}


class Form(StrEnum):
    """How a question is asked, which decides what "not sure" means (clinical.md s. 2)."""

    ONE_BY_ONE = "one_by_one"  # its own message, Yes / No / Not sure; "not sure" counts as yes (cautious)
    CHECKLIST = "checklist"  # an item of the one checklist message: ticked (yes) or not (no); no "not sure"


@dataclass(frozen=True)
class Question:
    id: str
    group: Group
    text: str
    form: Form = Form.ONE_BY_ONE
    label: str = ""  # a checklist item's short button label (the full wording is in the message)

    def flags(self, answer: Answer) -> bool:
        """Does this answer raise the flag? Yes always; "not sure" only where it can be given (one by one,
        the cautious reading for the cauda equina questions and for answers given before the checklist)."""
        return answer is Answer.YES or (answer is Answer.NOT_SURE and self.form is Form.ONE_BY_ONE)


def _ce(qid: str, text: str) -> Question:
    return Question(qid, Group.CAUDA_EQUINA, text)


def _item(qid: str, group: Group, text: str, label: str) -> Question:
    return Question(qid, group, text, Form.CHECKLIST, label)


#: The cauda equina questions, one per message, every time (clinical.md s. 2; the national CES pathway lists
#: bladder, bowel, saddle numbness, sexual function, and leg weakness or both-leg symptoms).
CAUDA_EQUINA_QUESTIONS: tuple[Question, ...] = (
    _ce("ce_bladder",
        N_("Since your back pain started, have you had any new trouble passing urine, or leaking urine?")),
    _ce("ce_bowel", N_("Since your back pain started, have you had any new loss of control of your bowels?")),
    _ce("ce_saddle",
        N_("Do you have numbness or pins and needles around your genitals, back passage or inner buttocks?")),
    _ce("ce_sexual",
        N_("Since your back pain started, have you noticed a new change in your sex life, such as less feeling in "
        "your genitals, or new trouble getting an erection or ejaculating?")),
    _ce("ce_leg_weak", N_("Is one of your legs getting weaker, or has a foot started to drag or catch when you walk?")),
    _ce("ce_both_legs", N_("Do you have pain, numbness or pins and needles going down both legs?")),
)

#: The other groups: one checklist message, each item one thing in plain words (clinical.md s. 2).
CHECKLIST: tuple[Question, ...] = (
    _item("inf_hot_shivery", Group.INFECTION, N_("A fever, or feeling hot and shivery, with your back pain"),
          N_("Fever or hot and shivery")),
    _item("inf_immune_medicine", Group.INFECTION, N_("You take a medicine that weakens your immune system"),
          N_("Medicine weakening immunity")),
    _item("inf_antibiotics", Group.INFECTION, N_("An infection treated with antibiotics in the last 6 weeks"),
          N_("Antibiotics in the last 6 weeks")),
    _item("inf_injected", Group.INFECTION, N_("You have injected drugs (not a medicine from a doctor) in the last "
          "6 weeks"), N_("Injected drugs in the last 6 weeks")),
    _item("fx_fall", Group.FRACTURE, N_("The pain began after a fall, an accident or a hard knock"),
          N_("Began after a fall or accident")),
    _item("fx_osteoporosis", Group.FRACTURE, N_("You have been told you have osteoporosis (thin, weak bones)"),
          N_("Osteoporosis")),
    _item("fx_steroids", Group.FRACTURE, N_("You have taken steroid tablets, such as prednisolone, for more than "
          "3 months"), N_("Steroid tablets for 3+ months")),
    _item("ca_treated", Group.CANCER, N_("You have ever been treated for cancer"), N_("Ever treated for cancer")),
    _item("ca_weight_loss", Group.CANCER, N_("You have lost weight recently without trying to"),
          N_("Weight loss without trying")),
    _item("ca_night_pain", Group.CANCER, N_("Pain at night that stays the same whatever position you lie in"),
          N_("Night pain in any position")),
    _item("ca_first_episode", Group.CANCER, N_("This is the first time you have ever had back pain"),
          N_("First back pain ever")),
    _item("ca_age", Group.CANCER, N_("You are under 20 or over 50 years old"), N_("Under 20 or over 50")),
    _item("ia_morning_stiffness", Group.INFLAMMATORY,
          N_("Your back is stiff for more than 30 minutes in the morning, the stiffness eases as you move, and it "
          "began before you were 45"), N_("Long morning stiffness")),
    _item("ex_pregnancy", Group.OTHER, N_("You are pregnant"), N_("Pregnant")),
    _item("ex_spine_surgery", Group.OTHER, N_("You have had an operation on your spine in the last year"),
          N_("Spine operation in the last year")),
    _item("ex_known_condition", Group.OTHER,
          N_("A doctor has told you that you have a specific back condition, such as a fracture, a tumour, an "
          "infection, a disc pressing on a nerve, or spinal stenosis"), N_("A specific back diagnosis")),
    _item("ex_severe_constant", Group.OTHER, N_("Severe pain all the time, with no position that feels comfortable"),
          N_("Severe pain, no comfy position")),
)

#: Items that raise their flag only together (NHS CKS: a first episode of back pain under 20 or over 50).
#: Either alone decides nothing: most people over 50 with a first back pain need nothing special.
TOGETHER: Mapping[str, str] = {"ca_first_episode": "ca_age", "ca_age": "ca_first_episode"}

#: The onboarding screen in order (emergencies first): the cauda equina questions, then the checklist.
RED_FLAG_QUESTIONS: tuple[Question, ...] = CAUDA_EQUINA_QUESTIONS + CHECKLIST

#: Questions of earlier versions of the screen, asked one by one with "not sure" counting as yes. Stored
#: answers to them still decide as they did (their group and reading); they are never asked again.
RETIRED_QUESTIONS: tuple[Question, ...] = (
    _ce("ce_legs", N_("Is a leg getting weaker, is a foot dragging, or do you have pain or numbness down both legs?")),
    Question("inf_fever", Group.INFECTION,
        N_("Do you have a fever, or feel generally unwell, along with your back pain?")),
    Question("inf_immune", Group.INFECTION, N_("Do you take medicine that weakens your immune system?")),
    Question("inf_recent", Group.INFECTION, N_("Have you had an infection recently?")),
    Question("fx_impact", Group.FRACTURE, N_("Did this pain begin after a fall, an accident or a heavy impact?")),
    Question("fx_bones", Group.FRACTURE,
             N_("Do you have osteoporosis, or have you taken steroid tablets for a long time?")),
    Question("ca_history", Group.CANCER, N_("Have you ever been treated for cancer?")),
    Question("ca_weight", Group.CANCER, N_("Have you lost weight recently without trying to?")),
    Question("ca_night", Group.CANCER,
        N_("Do you have pain at night that stays the same whatever position you lie in?")),
    Question("ca_first_age", Group.CANCER,
             N_("Is this the first back pain you have ever had, and are you under 20 or over 50?")),
    Question("ex_pregnant", Group.OTHER, N_("Are you pregnant?")),
    Question("ex_surgery", Group.OTHER, N_("Have you had an operation on your spine in the last year?")),
    Question("ex_diagnosis", Group.OTHER,
             N_("Has a doctor told you that you have a specific back condition, such as a fracture, a tumour, "
             "an infection, a disc pressing on a nerve, or spinal stenosis?")),
    Question("ex_severe", Group.OTHER,
        N_("Is your pain severe and constant, with no position that feels comfortable?")),
)

_BY_ID: Mapping[str, Question] = {q.id: q for q in RED_FLAG_QUESTIONS + RETIRED_QUESTIONS}

#: Asked again on /pain and on worrying answers (leg symptoms): the cauda-equina questions.
PAIN_RECHECK_QUESTIONS: tuple[Question, ...] = CAUDA_EQUINA_QUESTIONS

# ------------------------------------------------------------------------------------------ advice -----
# Fixed, neutral wording (clinical.md section 2): one line on why it matters, "don't wait to see if it passes"
# where it is urgent, and the user's country's numbers (coach.emergency). Never a diagnosis, never "no need".

CLEAR_ADVICE = N_("Thank you. None of your answers points to one of the warning signs I ask about.")
EMERGENCY_WHY = (
    N_("These signs can mean the nerves at the base of the spine are being squeezed, which needs checking by a "
    "doctor the same day.")
)
DONT_WAIT = N_("Don't wait to see if it passes.")


def emergency_call(numbers: EmergencyNumbers) -> str:
    """'call 999 or go to A&E'; for an unknown country, 112 and 'your local emergency number'."""
    if not numbers.known:
        call = _("call {number} or your local emergency number, or go to {department}")
        return call.format(number=numbers.emergency, department=_(numbers.department))
    return _("call {number} or go to "
             "{department}").format(number=numbers.emergency_call, department=_(numbers.department))


def _emergency_now(numbers: EmergencyNumbers) -> str:
    now = _("Please get emergency care now: {call}.").format(call=emergency_call(numbers))
    return f"{now} {_(EMERGENCY_WHY)} {_(DONT_WAIT)}"


def _doctor_today(numbers: EmergencyNumbers) -> str:
    line = numbers.non_emergency_call
    fallback = _("call "
                 "{line}").format(line=line) if line else _("contact an out-of-hours doctor or urgent care service")
    return _(
        "Please contact a doctor today about this. Back pain with these signs can sometimes come from an "
        "infection, which needs checking by a doctor the same day. {dont_wait} If you can't reach your doctor "
        "today, {fallback}. If you feel very unwell, {call}."
    ).format(dont_wait=_(DONT_WAIT), fallback=fallback, call=emergency_call(numbers))


def _doctor_before_starting(numbers: EmergencyNumbers) -> str:
    return (
        _("Please see your doctor soon, before you exercise. Some back pain needs a different kind of care, "
        "so this needs checking by a doctor first.")
    )


def _see_doctor_start_gently(numbers: EmergencyNumbers) -> str:
    return (
        _("Please see your doctor about the morning stiffness you told me about. Stiffness that lasts a long time "
        "in the morning and eases as you move can have a cause a doctor can treat, so it is worth checking. "
        "Meanwhile you may start the exercises gently: gentle, regular movement is fine, and stop anything that "
        "hurts.")
    )


def _clinician_go_ahead(numbers: EmergencyNumbers) -> str:
    return (
        _("Please ask your doctor or physiotherapist whether these exercises suit you. "
        "With what you've told me, their go-ahead comes first.")
    )


_ADVICE_BODY: Mapping[Decision, Callable[[EmergencyNumbers], str]] = {
    Decision.EMERGENCY_NOW: _emergency_now,
    Decision.DOCTOR_TODAY: _doctor_today,
    Decision.DOCTOR_BEFORE_STARTING: _doctor_before_starting,
    Decision.CLINICIAN_GO_AHEAD: _clinician_go_ahead,
    Decision.SEE_DOCTOR_START_GENTLY: _see_doctor_start_gently,
}

#: The closing line: (with a programme, without one). Only the first mentions "your programme".
_ADVICE_CLOSING: Mapping[Decision, tuple[str, str]] = {
    Decision.EMERGENCY_NOW: (
        N_("Do not do any exercises. Your programme stays paused until a clinician has examined you and said "
        "exercise is fine."),
        N_("Do not do any exercises until a clinician has examined you and said exercise is fine."),
    ),
    Decision.DOCTOR_TODAY: (
        N_("Your programme stays paused until a doctor has cleared you for exercise."),
        N_("Please wait with the exercises until a doctor has cleared you."),
    ),
    Decision.DOCTOR_BEFORE_STARTING: (
        N_("Your programme stays paused until a doctor has cleared you for exercise."),
        N_("Please wait with the exercises until a doctor has cleared you."),
    ),
    Decision.CLINICIAN_GO_AHEAD: (
        N_("Your programme stays paused until they have given you the go-ahead."),
        N_("Please wait with the exercises until they have given you the go-ahead."),
    ),
    Decision.SEE_DOCTOR_START_GENTLY: ("", ""),  # nothing is paused
}


def decision_advice(decision: Decision, numbers: EmergencyNumbers, *, has_programme: bool) -> str:
    """The advice for a screening outcome, with the user's country's numbers.

    ``has_programme``: the user already has a programme (it is paused); without one the text never mentions
    "your programme".
    """
    if decision is Decision.CLEAR:
        return _(CLEAR_ADVICE)
    with_programme, without_programme = _ADVICE_CLOSING[decision]
    closing = with_programme if has_programme else without_programme
    return f"{_ADVICE_BODY[decision](numbers)} {_(closing)}".strip()


#: TRANSITIONAL: the advice for an unknown country, for the flows that do not yet pass the user's numbers.
#: The call sites move to ``decision_advice`` with ``numbers_for(country_of(...))``; then this goes.
DECISION_ADVICE: Mapping[Decision, str] = {
    decision: decision_advice(decision, numbers_for(None), has_programme=True) for decision in Decision
}


class IncompleteScreening(ValueError):
    """``decide`` was asked for a result before every question had an answer."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(f"unanswered screening questions: {', '.join(missing)}")
        self.missing = missing


@dataclass(frozen=True)
class ScreeningResult:
    decision: Decision
    flagged: tuple[str, ...]  # ids of the questions that raise a flag (``flagging``)

    @property
    def advice(self) -> str:
        """TRANSITIONAL (see ``DECISION_ADVICE``): the advice for an unknown country."""
        return decision_advice(self.decision, numbers_for(None), has_programme=True)


def question(question_id: str) -> Question:
    """Look a question up by id (the screen's, or a retired one's: stored answers keep their meaning)."""
    return _BY_ID[question_id]


def is_known(question_id: str) -> bool:
    """A question id of the screen, now or in an earlier version."""
    return question_id in _BY_ID


def flagging(answers: Mapping[str, Answer]) -> tuple[str, ...]:
    """The answered questions that raise a flag, in screen order (then retired ones): a yes, a "not sure"
    where it counts (``Question.flags``), and items of :data:`TOGETHER` only when both are ticked."""
    def raises(qid: str) -> bool:
        if not question(qid).flags(answers[qid]):
            return False
        partner = TOGETHER.get(qid)
        return partner is None or (partner in answers and question(partner).flags(answers[partner]))

    return tuple(qid for qid in _BY_ID if qid in answers and raises(qid))


def stops_at_once(question_id: str, answer: Answer) -> bool:
    """True when this answer alone means 'emergency now': the flow stops asking and shows the advice."""
    q = question(question_id)
    return q.flags(answer) and GROUP_DECISION[q.group] is Decision.EMERGENCY_NOW


def decide(
    answers: Mapping[str, Answer], questions: Iterable[Question] = RED_FLAG_QUESTIONS
) -> ScreeningResult:
    """The most severe outcome among flagged groups; CLEAR only when nothing flags.

    An emergency flag decides at once even if later questions are unanswered; anything else needs an answer
    to every question of ``questions`` (raises ``IncompleteScreening`` otherwise), so a half-finished screening
    is never 'clear'. Answers to retired questions still count with their own group (``RETIRED_QUESTIONS``).
    """
    asked = tuple(questions)
    known = {qid: answer for qid, answer in answers.items() if is_known(qid)}
    flagged = flagging(known)
    decision = decision_of_flags(flagged)
    missing = tuple(q.id for q in asked if q.id not in answers)
    if missing and decision is not Decision.EMERGENCY_NOW:
        raise IncompleteScreening(missing)
    return ScreeningResult(decision, flagged)


def first_unanswered(
    answers: Mapping[str, Answer], questions: Iterable[Question] = RED_FLAG_QUESTIONS
) -> Question | None:
    """The next question to ask (lets a flow re-derive its place from stored answers). A checklist item means
    the checklist message: every item of it is asked at once (:data:`CHECKLIST`)."""
    return next((q for q in questions if q.id not in answers), None)


# ----------------------------------------------------------------------- doctor consultation (rule 1) -----

DOCTOR_QUESTION = (
    N_("Have you talked to a doctor or physiotherapist about this back pain, and were you told that exercise is fine?")
)
DOCTOR_NOT_YET_ADVICE = (
    N_("That's fine, we can still start. Some back problems need a different approach, so it is worth a quick "
    "check with your doctor or physiotherapist. Until then we will do gentle mobility only (the warm-up), "
    "and I will remind you to book the visit. Strengthening opens once you tell me they said exercise is fine.")
)


@dataclass(frozen=True)
class DoctorCheck:
    """The recorded answer to the doctor-consultation question and its date."""

    consulted_and_cleared: bool
    answered_on: date
    remind_to_book: bool  # "not yet": remind to book the visit


def doctor_check(answer: Answer, answered_on: date) -> DoctorCheck:
    """Only a clear yes opens strengthening; no / not sure gives the gentle start plus a booking reminder."""
    cleared = answer is Answer.YES
    return DoctorCheck(consulted_and_cleared=cleared, answered_on=answered_on, remind_to_book=not cleared)


class Access(StrEnum):
    """What the programme may offer today."""

    LOCKED = "locked"  # no exercises at all (red flag not yet cleared by a clinician)
    GENTLE_ONLY = "gentle_only"  # warm-up level only (doctor check still open)
    FULL = "full"


def programme_access(decision: Decision, red_flag_cleared: bool, doctor_cleared: bool) -> Access:
    """Red flags lock the programme until a clinician clears exercise; an open doctor check gives gentle only.

    A clinician clearing a red flag also answers the doctor-consultation question. The inflammatory pattern
    (see your doctor, you may start gently) locks nothing: like CLEAR, the doctor check decides.
    """
    if needs_clearance(decision) and not red_flag_cleared:
        return Access.LOCKED
    if doctor_cleared or needs_clearance(decision):
        return Access.FULL
    return Access.GENTLE_ONLY


# ------------------------------------------------------------------------------- locks and clearance -----

#: Flags whose advice is "emergency care now" or "see a doctor today" are a **lock** (clinical.md s. 2,
#: "Locks"): every command answers with the advice and the one way forward, reminders stop, and only the
#: user's statement that a clinician examined them after the flag's date and cleared exercise lifts it.
URGENT_DECISIONS: frozenset[Decision] = frozenset({Decision.EMERGENCY_NOW, Decision.DOCTOR_TODAY})


def is_urgent(decision: Decision) -> bool:
    """True for a decision that locks the programme until a dated clinician clearance."""
    return decision in URGENT_DECISIONS


def decision_of_flags(question_ids: Iterable[str]) -> Decision:
    """The most severe decision among these flagged questions (CLEAR for none)."""
    return max((GROUP_DECISION[question(i).group] for i in question_ids), default=Decision.CLEAR)


def needs_clearance(decision: Decision) -> bool:
    """A decision that holds the programme until a clinician has seen the user (the inflammatory pattern's
    "see your doctor, you may start gently" does not; CLEAR does not)."""
    return decision >= Decision.CLINICIAN_GO_AHEAD


def clearance_flags(flagged: Iterable[str]) -> tuple[str, ...]:
    """The flagged questions whose decision needs a clinician's clearance (a flag row and the lock)."""
    return tuple(qid for qid in flagged if needs_clearance(GROUP_DECISION[question(qid).group]))


def new_flags(
    flagged_at: Mapping[str, datetime], cleared_at: datetime | None, cleared_ids: Iterable[str] = ()
) -> tuple[str, ...]:
    """The flagged questions that an earlier clearance does not cover, in question order.

    ``flagged_at`` maps each question answered yes / not sure to when it was answered. With no clearance every
    flag is new. After a clearance, an answer given before it is covered (the clinician saw it); one given
    since is new, except a non-urgent question a clinician already cleared. An urgent answer given again is
    always new: on the side of safety, fresh emergency signs outweigh an earlier clearance.
    """
    covered = frozenset(cleared_ids)

    def is_new(question_id: str) -> bool:
        if cleared_at is None:
            return True
        if flagged_at[question_id] <= cleared_at:
            return False
        return is_urgent(GROUP_DECISION[question(question_id).group]) or question_id not in covered

    return tuple(qid for qid in _BY_ID if qid in flagged_at and is_new(qid))
